package io.vigil.node.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vigil.node.InfoSection;
import io.vigil.node.InfoWriter;
import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandStats;
import io.vigil.node.server.LatencyHistogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's series, built at scrape time on its event loop from what it already keeps: INFO's
 * sections (clients, memory, stats, replication, keyspace) and the per-command stats with their
 * latency histograms. Names follow redis_exporter where it has one (so its dashboards work
 * unchanged); {@code vigil_node_*} are Vigil's own. Nothing is added to the command path.
 */
final class NodeCollector implements MultiCollector {
    /** Command latency buckets, in seconds (10 µs .. 1 s: the node's histogram tops out at 1 s). */
    static final double[] COMMAND_BUCKETS = {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
    private static final long[] COMMAND_BUCKETS_NANOS = new long[COMMAND_BUCKETS.length];

    static {
        for (int i = 0; i < COMMAND_BUCKETS.length; i++) {
            COMMAND_BUCKETS_NANOS[i] = Math.round(COMMAND_BUCKETS[i] * 1e9);
        }
    }

    /** INFO field, metric name, help: gauges read as they are. */
    private static final String[][] GAUGES = {
            {"uptime_in_seconds", "redis_uptime_in_seconds", "Seconds since the node started"},
            {"connected_clients", "redis_connected_clients", "Client connections (replicas excluded)"},
            {"blocked_clients", "redis_blocked_clients", "Clients blocked in a blocking command"},
            {"maxclients", "redis_max_clients", "The maxclients setting"},
            {"used_memory", "redis_memory_used_bytes", "Memory used by the dataset and the server, as the node estimates it"},
            {"used_memory_rss", "redis_memory_used_rss_bytes", "Resident set size of the process"},
            {"used_memory_peak", "redis_memory_used_peak_bytes", "Peak of used_memory"},
            {"maxmemory", "redis_memory_max_bytes", "The maxmemory setting (0: no limit)"},
            {"rdb_changes_since_last_save", "redis_rdb_changes_since_last_save", "Writes since the last RDB save"},
            {"rdb_last_save_time", "redis_rdb_last_save_timestamp_seconds", "When the last RDB save succeeded"},
            {"connected_slaves", "redis_connected_slaves", "Replicas connected to this node"},
            {"master_repl_offset", "redis_master_repl_offset", "The replication offset of this node's stream"},
            {"repl_backlog_histlen", "redis_repl_backlog_history_bytes", "Bytes held in the replication backlog"},
            {"pubsub_channels", "redis_pubsub_channels", "Channels with subscribers"},
            {"pubsub_patterns", "redis_pubsub_patterns", "Patterns with subscribers"},
    };
    /** INFO field, metric name (without _total), help: monotonically increasing counters. */
    private static final String[][] COUNTERS = {
            {"total_connections_received", "redis_connections_received", "Connections accepted"},
            {"rejected_connections", "redis_rejected_connections", "Connections refused (maxclients)"},
            {"total_commands_processed", "redis_commands_processed", "Commands processed"},
            {"total_net_input_bytes", "redis_net_input_bytes", "Bytes read from the network"},
            {"total_net_output_bytes", "redis_net_output_bytes", "Bytes written to the network"},
            {"expired_keys", "redis_expired_keys", "Keys deleted because their TTL ran out"},
            {"evicted_keys", "redis_evicted_keys", "Keys evicted by maxmemory"},
            {"keyspace_hits", "redis_keyspace_hits", "Key lookups that found the key"},
            {"keyspace_misses", "redis_keyspace_misses", "Key lookups that did not"},
            {"total_error_replies", "redis_total_error_replies", "Error replies sent"},
            {"sync_full", "redis_sync_full", "Full resynchronizations served to replicas"},
            {"sync_partial_ok", "redis_sync_partial_ok", "Partial resynchronizations accepted"},
            {"sync_partial_err", "redis_sync_partial_err", "Partial resynchronizations refused"},
    };

    private final VigilNode node;

    NodeCollector(VigilNode node) {
        this.node = node;
    }

    @Override
    public MetricSnapshots collect() {
        try {
            return Prometheus.onLoop(node.server().eventLoop(), this::build);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One INFO section as field to value (lines without ':' skipped). */
    private Map<String, String> section(String name) {
        InfoSection section = node.info().section(name);
        Map<String, String> fields = new LinkedHashMap<>();
        if (section == null) {
            return fields;
        }
        InfoWriter out = new InfoWriter();
        section.write(out);
        for (String line : out.toString().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** {@code a=1,b=x} (INFO's sub-fields). */
    private static Map<String, String> subFields(String value) {
        Map<String, String> out = new HashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    private static double number(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException | NullPointerException e) {
            return Double.NaN;
        }
    }

    private MetricSnapshots build() {
        Map<String, String> info = new HashMap<>();
        for (String name : List.of("server", "clients", "memory", "persistence", "stats", "replication")) {
            info.putAll(section(name));
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (String[] g : GAUGES) {
            double v = number(info.get(g[0]));
            if (!Double.isNaN(v)) {
                out.add(new Prometheus.Gauges(g[1], g[2]).add(v).build());
            }
        }
        for (String[] c : COUNTERS) {
            double v = number(info.get(c[0]));
            if (!Double.isNaN(v)) {
                out.add(CounterSnapshot.builder().name(c[1]).help(c[2])
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(v).build()).build());
            }
        }
        String role = info.getOrDefault("role", "master");
        out.add(InfoSnapshot.builder().name("redis_instance").help("Information about the node")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of(
                        "redis_mode", info.getOrDefault("redis_mode", "standalone"),
                        "redis_version", info.getOrDefault("redis_version", VigilNode.REDIS_VERSION),
                        "role", role,
                        "run_id", info.getOrDefault("run_id", ""),
                        "tcp_port", info.getOrDefault("tcp_port", ""))).build())
                .build());
        out.add(new Prometheus.Gauges("vigil_node_role_master", "1 on a master, 0 on a replica")
                .add(role.equals("master") ? 1 : 0).build());
        replication(info, out);
        keyspace(out);
        commands(out);
        return new MetricSnapshots(out);
    }

    /** Per-replica offsets and lag on a master; the master link on a replica. */
    private void replication(Map<String, String> info, List<MetricSnapshot> out) {
        var offset = new Prometheus.Gauges("redis_connected_slave_offset_bytes", "Offset a replica acknowledged");
        var lagSeconds = new Prometheus.Gauges("redis_connected_slave_lag_seconds",
                "Seconds since a replica's last acknowledgement");
        var lagBytes = new Prometheus.Gauges("vigil_node_replica_lag_bytes",
                "This node's replication offset minus the replica's acknowledged offset");
        double masterOffset = number(info.get("master_repl_offset"));
        for (int i = 0; ; i++) {
            String line = info.get("slave" + i);
            if (line == null) {
                break;
            }
            Map<String, String> r = subFields(line);
            String ip = r.getOrDefault("ip", "");
            String port = r.getOrDefault("port", "");
            String state = r.getOrDefault("state", "");
            double acked = number(r.get("offset"));
            offset.add(acked, "slave_ip", ip, "slave_port", port, "slave_state", state);
            lagSeconds.add(number(r.get("lag")), "slave_ip", ip, "slave_port", port, "slave_state", state);
            if (!Double.isNaN(masterOffset) && !Double.isNaN(acked)) {
                lagBytes.add(Math.max(0, masterOffset - acked), "replica", ip + ":" + port);
            }
        }
        out.add(offset.build());
        out.add(lagSeconds.build());
        out.add(lagBytes.build());
        if (info.containsKey("master_host")) {
            String host = info.get("master_host");
            String port = info.getOrDefault("master_port", "");
            out.add(new Prometheus.Gauges("redis_master_link_up", "1 when the replica's link to its master is up")
                    .add("up".equals(info.get("master_link_status")) ? 1 : 0, "master_host", host, "master_port", port)
                    .build());
            double replOffset = number(info.get("slave_repl_offset"));
            if (!Double.isNaN(replOffset)) {
                out.add(new Prometheus.Gauges("redis_slave_repl_offset", "The replica's replication offset")
                        .add(replOffset, "master_host", host, "master_port", port).build());
            }
            double lastIo = number(info.get("master_last_io_seconds_ago"));
            if (!Double.isNaN(lastIo)) {
                out.add(new Prometheus.Gauges("redis_master_last_io_seconds_ago", "Seconds since the master last wrote")
                        .add(lastIo, "master_host", host, "master_port", port).build());
            }
        }
    }

    /** Keys per database, every database (empty ones too, so a FLUSHALL shows as 0, not as a gap). */
    private void keyspace(List<MetricSnapshot> out) {
        var keys = new Prometheus.Gauges("redis_db_keys", "Keys per database");
        var expiring = new Prometheus.Gauges("redis_db_keys_expiring", "Keys with a TTL per database");
        var keyspace = node.keyspace();
        for (int i = 0; i < keyspace.count(); i++) {
            var db = keyspace.db(i);
            keys.add(db.size(), "db", "db" + i);
            expiring.add(db.volatileKeys(), "db", "db" + i);
        }
        out.add(keys.build());
        out.add(expiring.build());
    }

    /** Per-command calls, time, errors (redis_exporter's names) and a latency histogram (Vigil's). */
    private void commands(List<MetricSnapshot> out) {
        CounterSnapshot.Builder calls = CounterSnapshot.builder().name("redis_commands")
                .help("Calls per command");
        CounterSnapshot.Builder seconds = CounterSnapshot.builder().name("redis_commands_duration_seconds")
                .help("Seconds spent per command");
        CounterSnapshot.Builder rejected = CounterSnapshot.builder().name("redis_commands_rejected_calls")
                .help("Calls refused before execution per command (arity, ACL, OOM...)");
        CounterSnapshot.Builder failed = CounterSnapshot.builder().name("redis_commands_failed_calls")
                .help("Calls that failed during execution per command");
        HistogramSnapshot.Builder latency = HistogramSnapshot.builder().name("vigil_node_command_duration_seconds")
                .help("Command latency per command, from the node's own latency histogram");
        for (Map.Entry<String, CommandStats> e : node.server().stats().commands().entrySet()) {
            CommandStats s = e.getValue();
            Labels cmd = Labels.of("cmd", e.getKey());
            calls.dataPoint(counter(cmd, s.calls()));
            seconds.dataPoint(counter(cmd, s.micros() / 1e6));
            rejected.dataPoint(counter(cmd, s.rejectedCalls()));
            failed.dataPoint(counter(cmd, s.failedCalls()));
            LatencyHistogram h = s.latency();
            if (h != null && h.total() > 0) {
                long[] cumulative = h.cumulativeCounts(COMMAND_BUCKETS_NANOS);
                double[] bounds = new double[COMMAND_BUCKETS.length + 1];
                long[] counts = new long[COMMAND_BUCKETS.length + 1];
                long previous = 0;
                for (int i = 0; i < COMMAND_BUCKETS.length; i++) {
                    bounds[i] = COMMAND_BUCKETS[i];
                    counts[i] = cumulative[i] - previous;
                    previous = cumulative[i];
                }
                bounds[COMMAND_BUCKETS.length] = Double.POSITIVE_INFINITY;
                counts[COMMAND_BUCKETS.length] = h.total() - previous;
                latency.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(cmd)
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(s.micros() / 1e6).build());
            }
        }
        out.add(calls.build());
        out.add(seconds.build());
        out.add(rejected.build());
        out.add(failed.build());
        out.add(latency.build());
    }

    private static CounterSnapshot.CounterDataPointSnapshot counter(Labels labels, double value) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
