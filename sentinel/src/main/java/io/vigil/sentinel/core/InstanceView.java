package io.vigil.sentinel.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-only snapshot of one instance for SENTINEL MASTERS/MASTER/REPLICAS/SENTINELS (spec 2.3).
 * Ages are in ms relative to the {@code now} the view was taken at. Fields that do not apply to a
 * kind hold neutral values and are left out by {@link #fields()}.
 */
public record InstanceView(
        InstanceKind kind, String name, Address address, String runId, String flags,
        int linkPendingCommands, int linkRefcount, String failoverState,
        long lastPingSentMillis, long lastOkPingReplyMillis, long lastPingReplyMillis,
        Long sDownTimeMillis, Long oDownTimeMillis, long downAfterMillis,
        long infoRefreshMillis, Role roleReported, long roleReportedTimeMillis,
        long configEpoch, int numSlaves, int numOtherSentinels, int quorum, long failoverTimeoutMillis,
        int parallelSyncs, long masterRebootDownAfterPeriodMillis,
        long masterLinkDownTimeMillis, boolean masterLinkUp, String masterHost, int masterPort, int replicaPriority,
        long replOffset, boolean replicaAnnounced,
        long lastHelloMessageMillis, String votedLeader, long votedLeaderEpoch,
        String leader, long leaderEpoch, long failoverEpoch, long nextFailoverAttemptAtMillis,
        Address advertisedAddress, String promotedReplica) {

    /**
     * The instance map in Redis's field order, values as Redis prints them. The runtime inserts
     * {@code notification-script} / {@code client-reconfig-script} after {@code parallel-syncs}
     * for masters when set.
     */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("ip", address.ip());
        m.put("port", Integer.toString(address.port()));
        m.put("runid", runId == null ? "" : runId);
        m.put("flags", flags);
        m.put("link-pending-commands", Integer.toString(linkPendingCommands));
        m.put("link-refcount", Integer.toString(linkRefcount));
        if (failoverState != null) {
            m.put("failover-state", failoverState);
        }
        m.put("last-ping-sent", Long.toString(lastPingSentMillis));
        m.put("last-ok-ping-reply", Long.toString(lastOkPingReplyMillis));
        m.put("last-ping-reply", Long.toString(lastPingReplyMillis));
        if (sDownTimeMillis != null) {
            m.put("s-down-time", Long.toString(sDownTimeMillis));
        }
        if (oDownTimeMillis != null) {
            m.put("o-down-time", Long.toString(oDownTimeMillis));
        }
        m.put("down-after-milliseconds", Long.toString(downAfterMillis));
        if (kind == InstanceKind.MASTER || kind == InstanceKind.REPLICA) {
            m.put("info-refresh", Long.toString(infoRefreshMillis));
            m.put("role-reported", roleReported == null ? "master" : roleReported.wireName());
            m.put("role-reported-time", Long.toString(roleReportedTimeMillis));
        }
        if (kind == InstanceKind.MASTER) {
            m.put("config-epoch", Long.toString(configEpoch));
            m.put("num-slaves", Integer.toString(numSlaves));
            m.put("num-other-sentinels", Integer.toString(numOtherSentinels));
            m.put("quorum", Integer.toString(quorum));
            m.put("failover-timeout", Long.toString(failoverTimeoutMillis));
            m.put("parallel-syncs", Integer.toString(parallelSyncs));
        }
        if (kind == InstanceKind.REPLICA) {
            m.put("master-link-down-time", Long.toString(masterLinkDownTimeMillis));
            m.put("master-link-status", masterLinkUp ? "ok" : "err");
            m.put("master-host", masterHost == null ? "?" : masterHost);
            m.put("master-port", Integer.toString(masterPort));
            m.put("slave-priority", Integer.toString(replicaPriority));
            m.put("slave-repl-offset", Long.toString(replOffset));
            m.put("replica-announced", replicaAnnounced ? "1" : "0");
        }
        if (kind == InstanceKind.SENTINEL) {
            m.put("last-hello-message", Long.toString(lastHelloMessageMillis));
            m.put("voted-leader", votedLeader == null ? "?" : votedLeader);
            m.put("voted-leader-epoch", Long.toString(votedLeaderEpoch));
        }
        return m;
    }

    public boolean hasFlag(String flag) {
        for (String f : flags.split(",")) {
            if (f.equals(flag)) {
                return true;
            }
        }
        return false;
    }
}
