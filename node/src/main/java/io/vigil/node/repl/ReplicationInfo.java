package io.vigil.node.repl;

import java.util.Locale;

/** INFO's {@code # Replication} section, field by field in Redis 7.0's order (spec 5.6). */
final class ReplicationInfo {
    private ReplicationInfo() {
    }

    /** The section body (without the header), lines ending in CRLF. */
    static String body(Replication repl, long now) {
        StringBuilder s = new StringBuilder(512);
        ReplicationSettings settings = repl.settings();
        if (!repl.isReplica()) {
            line(s, "role", "master");
        } else {
            line(s, "role", "slave");
            MasterLink link = repl.link;
            LinkState state = repl.linkState();
            boolean up = state == LinkState.CONNECTED;
            line(s, "master_host", repl.masterHost);
            line(s, "master_port", repl.masterPort);
            line(s, "master_link_status", up ? "up" : "down");
            line(s, "master_last_io_seconds_ago", up && link != null ? (now - link.lastIoMillis()) / 1000 : -1);
            line(s, "master_sync_in_progress", state == LinkState.TRANSFER ? 1 : 0);
            long processed = up || repl.cachedMaster ? repl.masterReplOffset : 1;
            long read = up && link != null ? link.readOffset() : processed;
            line(s, "slave_read_repl_offset", read);
            line(s, "slave_repl_offset", processed);
            if (state == LinkState.TRANSFER && link != null) {
                long total = link.transferSize();
                long got = link.transferRead();
                double perc = total > 0 ? (double) got / total * 100 : 0;
                line(s, "master_sync_total_bytes", total);
                line(s, "master_sync_read_bytes", got);
                line(s, "master_sync_left_bytes", total - got);
                line(s, "master_sync_perc", String.format(Locale.ROOT, "%.2f", perc));
                line(s, "master_sync_last_io_seconds_ago", (now - link.lastIoMillis()) / 1000);
            }
            if (!up) {
                line(s, "master_link_down_since_seconds",
                        repl.linkDownSinceMillis > 0 ? (now - repl.linkDownSinceMillis) / 1000 : -1);
            }
            line(s, "slave_priority", settings.priority());
            line(s, "slave_read_only", settings.readOnly() ? 1 : 0);
            line(s, "replica_announced", settings.announced() ? 1 : 0);
        }
        line(s, "connected_slaves", repl.replicas.size());
        if (settings.minReplicasToWrite() > 0 && settings.minReplicasMaxLag() > 0) {
            line(s, "min_slaves_good_slaves", repl.goodReplicas(now));
        }
        int i = 0;
        for (ReplicaHandle replica : repl.replicas) {
            long lag = replica.state == ReplicaState.ONLINE ? (now - replica.ackTimeMillis) / 1000 : 0;
            s.append("slave").append(i++).append(":ip=").append(replica.ip()).append(",port=")
                    .append(replica.listeningPort).append(",state=").append(replica.state.infoName())
                    .append(",offset=").append(replica.ackOffset).append(",lag=").append(lag).append("\r\n");
        }
        line(s, "master_failover_state", repl.failoverState());
        line(s, "master_replid", repl.replId);
        line(s, "master_replid2", repl.replId2);
        line(s, "master_repl_offset", repl.masterReplOffset);
        line(s, "second_repl_offset", repl.secondReplOffset);
        ReplicationBacklog backlog = repl.backlog;
        line(s, "repl_backlog_active", backlog != null ? 1 : 0);
        line(s, "repl_backlog_size", backlog != null ? backlog.size() : settings.backlogSize());
        line(s, "repl_backlog_first_byte_offset", backlog != null ? backlog.firstByteOffset() : 0);
        line(s, "repl_backlog_histlen", backlog != null ? backlog.histlen() : 0);
        return s.toString();
    }

    private static void line(StringBuilder s, String name, Object value) {
        s.append(name).append(':').append(value).append("\r\n");
    }
}
