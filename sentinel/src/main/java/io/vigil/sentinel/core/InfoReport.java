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
 * @param masterReplOffset               master_repl_offset (-1 if absent; read by the coordinated
 *                                       switchover to know when a replica has caught up)
 */
public record InfoReport(String runId, Role role, List<Address> replicas, String masterHost, int masterPort,
                         boolean masterLinkUp, Long masterLinkDownSinceSeconds, int replicaPriority, long replOffset,
                         boolean replicaAnnounced, long masterReplOffset) {
    public InfoReport {
        replicas = List.copyOf(replicas);
    }

    /** Without master_repl_offset (unknown, -1). */
    public InfoReport(String runId, Role role, List<Address> replicas, String masterHost, int masterPort,
                      boolean masterLinkUp, Long masterLinkDownSinceSeconds, int replicaPriority, long replOffset,
                      boolean replicaAnnounced) {
        this(runId, role, replicas, masterHost, masterPort, masterLinkUp, masterLinkDownSinceSeconds, replicaPriority,
                replOffset, replicaAnnounced, -1);
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
