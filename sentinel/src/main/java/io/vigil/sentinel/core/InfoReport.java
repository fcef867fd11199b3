package io.vigil.sentinel.core;

import java.util.List;

/**
 * The INFO fields Sentinel consumes (spec 4.4), parsed outside the brain
 * ({@link io.vigil.sentinel.core.parse.InfoParser}).
 *
 * @param runId                          run_id, or null if absent
 * @param role                           role, or null if absent
 * @param replicas                       master only: {@code slave<N>} addresses in order
 * @param masterHost                     replica only: master_host, or null
 * @param masterPort                     replica only: master_port (0 if absent)
 * @param masterLinkUp                   replica only: master_link_status:up
 * @param masterLinkDownSinceSeconds     master_link_down_since_seconds, or null when absent
 * @param replicaPriority                slave_priority (100 if absent)
 * @param replOffset                     slave_repl_offset (0 if absent)
 * @param replicaAnnounced               replica_announced (true if absent)
 */
public record InfoReport(String runId, Role role, List<Address> replicas, String masterHost, int masterPort,
                         boolean masterLinkUp, Long masterLinkDownSinceSeconds, int replicaPriority, long replOffset,
                         boolean replicaAnnounced) {
    public InfoReport {
        replicas = List.copyOf(replicas);
    }

    public static InfoReport master(String runId, List<Address> replicas) {
        return new InfoReport(runId, Role.MASTER, replicas, null, 0, false, null, 100, 0, true);
    }

    public static InfoReport replica(String runId, Address master, boolean linkUp, Long linkDownSinceSeconds,
                                     int priority, long offset) {
        return new InfoReport(runId, Role.SLAVE, List.of(), master.ip(), master.port(), linkUp, linkDownSinceSeconds,
                priority, offset, true);
    }
}
