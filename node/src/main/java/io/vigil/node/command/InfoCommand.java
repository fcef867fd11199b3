package io.vigil.node.command;

import io.vigil.node.InfoRegistry;
import io.vigil.node.InfoSection;
import io.vigil.node.InfoWriter;
import io.vigil.node.NodeFeature;
import io.vigil.node.NodeStats;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandStats;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerStats;
import io.vigil.node.store.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO with Redis 7.0's sections, fields and order. Sections owned by other features (persistence,
 * replication) replace the placeholders here through {@link InfoRegistry#register}; counters they
 * own inside Stats come from {@link InfoRegistry#counter}.
 */
public final class InfoCommand implements NodeFeature {
    private static final String BUILD_ID = "5669c0a1e0d3f9b2";

    private final VigilNode node;
    private final String replicationId;
    private final long startupHeapBytes;
    private long peakMemory;

    public InfoCommand(VigilNode node) {
        this.node = node;
        this.replicationId = VigilNode.randomHex(new java.util.SplittableRandom());
        this.startupHeapBytes = heapUsed();
        this.peakMemory = startupHeapBytes;
        InfoRegistry info = node.info();
        info.registerBuiltIn(section("server", this::server));
        info.registerBuiltIn(section("clients", this::clients));
        info.registerBuiltIn(section("memory", this::memory));
        info.registerBuiltIn(section("persistence", InfoCommand::persistence));
        info.registerBuiltIn(section("stats", this::stats));
        info.registerBuiltIn(section("replication", this::replication));
        info.registerBuiltIn(section("cpu", InfoCommand::cpu));
        info.registerBuiltIn(section("modules", out -> {
        }));
        info.registerBuiltIn(section("commandstats", this::commandstats));
        info.registerBuiltIn(section("errorstats", this::errorstats));
        info.registerBuiltIn(section("latencystats", this::latencystats));
        info.registerBuiltIn(section("cluster", out -> out.field("cluster_enabled", 0)));
        info.registerBuiltIn(section("keyspace", this::keyspace));
    }

    private static InfoSection section(String name, java.util.function.Consumer<InfoWriter> body) {
        return new InfoSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void write(InfoWriter out) {
                body.accept(out);
            }
        };
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("info", -1).flags(CommandFlag.LOADING, CommandFlag.STALE,
                CommandFlag.SENTINEL).categories("slow", "dangerous").handler(this::info));
    }

    @Override
    public void cron(long nowMillis) {
        long used = heapUsed();
        if (used > peakMemory) {
            peakMemory = used;
        }
    }

    private void info(CommandCall call) {
        Set<String> wanted = new LinkedHashSet<>();
        boolean all = false;
        if (call.argc() == 1) {
            wanted.add("default");
        }
        for (int i = 1; i < call.argc(); i++) {
            wanted.add(call.text(i).toLowerCase(Locale.ROOT));
        }
        if (wanted.remove("everything") || wanted.remove("all")) {
            all = true;
        }
        boolean defaults = wanted.remove("default");
        call.reply().verbatim(render(wanted, all, defaults));
    }

    /** The INFO text for the requested sections, "# Name" headers and CRLF lines, blank line between. */
    public String render(Set<String> names, boolean all, boolean defaults) {
        StringBuilder text = new StringBuilder(4096);
        int sections = 0;
        InfoRegistry registry = node.info();
        for (String name : registry.names()) {
            boolean selected = all || names.contains(name)
                    || (defaults && !InfoRegistry.NOT_DEFAULT.contains(name));
            if (!selected) {
                continue;
            }
            InfoSection section = registry.section(name);
            if (section == null) {
                continue;
            }
            if (sections++ > 0) {
                text.append("\r\n");
            }
            text.append("# ").append(header(name)).append("\r\n");
            InfoWriter out = new InfoWriter();
            section.write(out);
            text.append(out);
        }
        return text.toString();
    }

    private static String header(String name) {
        return switch (name) {
            case "cpu" -> "CPU";
            default -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
        };
    }

    // ------------------------------------------------------------------ sections

    private void server(InfoWriter out) {
        long now = System.currentTimeMillis();
        long uptime = (now - node.startedAtMillis()) / 1000;
        out.field("redis_version", VigilNode.REDIS_VERSION);
        out.field("vigil_version", VigilNode.VIGIL_VERSION);
        out.field("redis_git_sha1", "00000000");
        out.field("redis_git_dirty", 0);
        out.field("redis_build_id", BUILD_ID);
        out.field("redis_mode", "standalone");
        out.field("os", os());
        out.field("arch_bits", "64".equals(System.getProperty("sun.arch.data.model", "64")) ? 64 : 32);
        out.field("monotonic_clock", "POSIX clock_gettime");
        out.field("multiplexing_api", node.server().usesEpoll() ? "epoll" : "nio");
        out.field("atomicvar_api", "c11-builtin");
        out.field("gcc_version", "0.0.0");
        out.field("process_id", ProcessHandle.current().pid());
        out.field("process_supervised", "no");
        out.field("run_id", node.runId());
        out.field("tcp_port", node.port());
        out.field("server_time_usec", now * 1000);
        out.field("uptime_in_seconds", uptime);
        out.field("uptime_in_days", uptime / 86400);
        out.field("hz", node.hz());
        out.field("configured_hz", node.config().getInt("hz"));
        out.field("lru_clock", (now / 1000) & ((1 << 24) - 1));
        out.field("executable", executable());
        out.field("config_file", node.config().configFile().map(Path::toString).orElse(""));
        out.field("io_threads_active", 0);
    }

    private static String os() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64")) {
            arch = "x86_64";
        } else if (arch.equals("aarch64")) {
            arch = "aarch64";
        }
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + arch;
    }

    private static String executable() {
        String configured = System.getProperty("vigil.executable");
        if (configured != null) {
            return configured;
        }
        return ProcessHandle.current().info().command().orElse("");
    }

    private void clients(InfoWriter out) {
        RespServer server = node.server();
        int connected = 0;
        int blocked = 0;
        for (ClientSession session : server.clients()) {
            if (session.kind() != ClientKind.REPLICA) {
                connected++;
            }
            if (session.isBlocked() && session.blockedOn() != RespServer.POSTPONED) {
                blocked++;
            }
        }
        out.field("connected_clients", connected);
        out.field("cluster_connections", 0);
        out.field("maxclients", server.maxClients());
        out.field("client_recent_max_input_buffer", 0);
        out.field("client_recent_max_output_buffer", 0);
        out.field("blocked_clients", blocked);
        out.field("tracking_clients", 0);
        out.field("clients_in_timeout_table", blocked);
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Resident set size from /proc/self/statm (pages), as Redis's zmalloc_get_rss. */
    static long rss() {
        try {
            String statm = Files.readString(Path.of("/proc/self/statm"));
            String[] fields = statm.trim().split("\\s+");
            return Long.parseLong(fields[1]) * 4096L;
        } catch (IOException | RuntimeException e) {
            return heapUsed();
        }
    }

    private static long totalSystemMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    /** Redis's bytesToHuman. */
    static String human(long bytes) {
        if (bytes < 0) {
            return Long.toUnsignedString(bytes) + "B";
        }
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double value = bytes;
        for (String unit : units) {
            value /= 1024;
            if (value < 1024) {
                return String.format(Locale.ROOT, "%.2f%s", value, unit);
            }
        }
        return bytes + "B";
    }

    private void memory(InfoWriter out) {
        long used = heapUsed();
        if (used > peakMemory) {
            peakMemory = used;
        }
        long rss = rss();
        long clients = node.server().clients().size();
        long overhead = Math.min(used, startupHeapBytes + clients * 20_480);
        long dataset = Math.max(0, used - overhead);
        long maxmemory = node.config().getLong("maxmemory");
        long systemMemory = totalSystemMemory();
        out.field("used_memory", used);
        out.field("used_memory_human", human(used));
        out.field("used_memory_rss", rss);
        out.field("used_memory_rss_human", human(rss));
        out.field("used_memory_peak", peakMemory);
        out.field("used_memory_peak_human", human(peakMemory));
        out.field("used_memory_peak_perc", percent(peakMemory == 0 ? 0 : used * 100.0 / peakMemory));
        out.field("used_memory_overhead", overhead);
        out.field("used_memory_startup", startupHeapBytes);
        out.field("used_memory_dataset", dataset);
        out.field("used_memory_dataset_perc", percent(used - startupHeapBytes <= 0 ? 0
                : dataset * 100.0 / Math.max(1, used - startupHeapBytes)));
        out.field("allocator_allocated", used);
        out.field("allocator_active", Runtime.getRuntime().totalMemory());
        out.field("allocator_resident", rss);
        out.field("total_system_memory", systemMemory);
        out.field("total_system_memory_human", human(systemMemory));
        out.field("used_memory_lua", 0);
        out.field("used_memory_vm_eval", 0);
        out.field("used_memory_lua_human", "0B");
        out.field("used_memory_scripts_eval", 0);
        out.field("number_of_cached_scripts", 0);
        out.field("number_of_functions", 0);
        out.field("number_of_libraries", 0);
        out.field("used_memory_vm_functions", 0);
        out.field("used_memory_vm_total", 0);
        out.field("used_memory_vm_total_human", "0B");
        out.field("used_memory_functions", 0);
        out.field("used_memory_scripts", 0);
        out.field("used_memory_scripts_human", "0B");
        out.field("maxmemory", Long.toUnsignedString(maxmemory));
        out.field("maxmemory_human", human(maxmemory));
        out.field("maxmemory_policy", node.config().get("maxmemory-policy"));
        long active = Runtime.getRuntime().totalMemory();
        out.field2("allocator_frag_ratio", used == 0 ? 0 : (double) active / used);
        out.field("allocator_frag_bytes", active - used);
        out.field2("allocator_rss_ratio", active == 0 ? 0 : (double) rss / active);
        out.field("allocator_rss_bytes", rss - active);
        out.field2("rss_overhead_ratio", rss == 0 ? 0 : 1.0);
        out.field("rss_overhead_bytes", 0);
        out.field2("mem_fragmentation_ratio", used == 0 ? 0 : (double) rss / used);
        out.field("mem_fragmentation_bytes", rss - used);
        out.field("mem_not_counted_for_evict", 0);
        out.field("mem_replication_backlog", node.info().counter("mem_replication_backlog"));
        out.field("mem_total_replication_buffers", node.info().counter("mem_total_replication_buffers"));
        out.field("mem_clients_slaves", 0);
        out.field("mem_clients_normal", 0);
        out.field("mem_cluster_links", 0);
        out.field("mem_aof_buffer", node.info().counter("mem_aof_buffer"));
        out.field("mem_allocator", "jvm");
        out.field("active_defrag_running", 0);
        out.field("lazyfree_pending_objects", 0);
        out.field("lazyfreed_objects", 0);
    }

    /** The Persistence section of a node that has not loaded its persistence feature yet. */
    private static void persistence(InfoWriter out) {
        out.field("loading", 0);
        out.field("async_loading", 0);
        out.field("current_cow_peak", 0);
        out.field("current_cow_size", 0);
        out.field("current_cow_size_age", 0);
        out.field("current_fork_perc", "0.00");
        out.field("current_save_keys_processed", 0);
        out.field("current_save_keys_total", 0);
        out.field("rdb_changes_since_last_save", 0);
        out.field("rdb_bgsave_in_progress", 0);
        out.field("rdb_last_save_time", PROCESS_START_SECONDS);
        out.field("rdb_last_bgsave_status", "ok");
        out.field("rdb_last_bgsave_time_sec", -1);
        out.field("rdb_current_bgsave_time_sec", -1);
        out.field("rdb_saves", 0);
        out.field("rdb_last_cow_size", 0);
        out.field("rdb_last_load_keys_expired", 0);
        out.field("rdb_last_load_keys_loaded", 0);
        out.field("aof_enabled", 0);
        out.field("aof_rewrite_in_progress", 0);
        out.field("aof_rewrite_scheduled", 0);
        out.field("aof_last_rewrite_time_sec", -1);
        out.field("aof_current_rewrite_time_sec", -1);
        out.field("aof_last_bgrewrite_status", "ok");
        out.field("aof_rewrites", 0);
        out.field("aof_rewrites_consecutive_failures", 0);
        out.field("aof_last_write_status", "ok");
        out.field("aof_last_cow_size", 0);
        out.field("module_fork_in_progress", 0);
        out.field("module_fork_last_cow_size", 0);
    }

    private static final long PROCESS_START_SECONDS = System.currentTimeMillis() / 1000;

    private void stats(InfoWriter out) {
        ServerStats stats = node.server().stats();
        NodeStats nodeStats = node.stats();
        InfoRegistry info = node.info();
        out.field("total_connections_received", stats.connectionsReceived());
        out.field("total_commands_processed", stats.commandsProcessed());
        out.field("instantaneous_ops_per_sec", stats.opsPerSecond());
        out.field("total_net_input_bytes", stats.netInputBytes());
        out.field("total_net_output_bytes", stats.netOutputBytes());
        out.field("total_net_repl_input_bytes", info.counter("total_net_repl_input_bytes"));
        out.field("total_net_repl_output_bytes", info.counter("total_net_repl_output_bytes"));
        out.field2("instantaneous_input_kbps", stats.inputKbps());
        out.field2("instantaneous_output_kbps", stats.outputKbps());
        out.field2("instantaneous_input_repl_kbps", 0);
        out.field2("instantaneous_output_repl_kbps", 0);
        out.field("rejected_connections", stats.rejectedConnections());
        out.field("sync_full", info.counter("sync_full"));
        out.field("sync_partial_ok", info.counter("sync_partial_ok"));
        out.field("sync_partial_err", info.counter("sync_partial_err"));
        out.field("expired_keys", nodeStats.expiredKeys());
        out.field2("expired_stale_perc", 0);
        out.field("expired_time_cap_reached_count", info.counter("expired_time_cap_reached_count"));
        out.field("expire_cycle_cpu_milliseconds", info.counter("expire_cycle_cpu_milliseconds"));
        out.field("evicted_keys", nodeStats.evictedKeys());
        out.field("evicted_clients", 0);
        out.field("total_eviction_exceeded_time", 0);
        out.field("current_eviction_exceeded_time", 0);
        out.field("keyspace_hits", nodeStats.keyspaceHits());
        out.field("keyspace_misses", nodeStats.keyspaceMisses());
        out.field("pubsub_channels", node.server().pubSub().channelTotal());
        out.field("pubsub_patterns", node.server().pubSub().patternTotal());
        out.field("pubsubshard_channels", 0);
        out.field("latest_fork_usec", info.counter("latest_fork_usec"));
        out.field("total_forks", info.counter("total_forks"));
        out.field("migrate_cached_sockets", 0);
        out.field("slave_expires_tracked_keys", 0);
        out.field("active_defrag_hits", 0);
        out.field("active_defrag_misses", 0);
        out.field("active_defrag_key_hits", 0);
        out.field("active_defrag_key_misses", 0);
        out.field("total_active_defrag_time", 0);
        out.field("current_active_defrag_time", 0);
        out.field("tracking_total_keys", 0);
        out.field("tracking_total_items", 0);
        out.field("tracking_total_prefixes", 0);
        out.field("unexpected_error_replies", 0);
        out.field("total_error_replies", stats.errorReplies());
        out.field("dump_payload_sanitizations", 0);
        out.field("total_reads_processed", stats.readsProcessed());
        out.field("total_writes_processed", stats.writesProcessed());
        out.field("io_threaded_reads_processed", 0);
        out.field("io_threaded_writes_processed", 0);
        out.field("reply_buffer_shrinks", 0);
        out.field("reply_buffer_expands", 0);
    }

    /** A master without replicas, until the replication feature provides its own section. */
    private void replication(InfoWriter out) {
        out.field("role", node.isReplica() ? "slave" : "master");
        out.field("connected_slaves", 0);
        out.field("master_failover_state", "no-failover");
        out.field("master_replid", replicationId);
        out.field("master_replid2", "0000000000000000000000000000000000000000");
        out.field("master_repl_offset", 0);
        out.field("second_repl_offset", -1);
        out.field("repl_backlog_active", 0);
        out.field("repl_backlog_size", node.config().getLong("repl-backlog-size"));
        out.field("repl_backlog_first_byte_offset", 0);
        out.field("repl_backlog_histlen", 0);
    }

    private static void cpu(InfoWriter out) {
        long[] process = processCpuMicros();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long threadCpu = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() / 1000 : 0;
        long threadUser = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadUserTime() / 1000 : 0;
        out.field("used_cpu_sys", seconds(process[1]));
        out.field("used_cpu_user", seconds(process[0]));
        out.field("used_cpu_sys_children", "0.000000");
        out.field("used_cpu_user_children", "0.000000");
        out.field("used_cpu_sys_main_thread", seconds(Math.max(0, threadCpu - threadUser)));
        out.field("used_cpu_user_main_thread", seconds(threadUser));
    }

    /** user and system CPU of the process in microseconds, from /proc/self/stat (clock ticks of 10 ms). */
    private static long[] processCpuMicros() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3, utime field 14, stime field 15.
            long user = Long.parseLong(fields[11]) * 10_000L;
            long sys = Long.parseLong(fields[12]) * 10_000L;
            return new long[]{user, sys};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    private static String seconds(long micros) {
        return (micros / 1_000_000) + "." + String.format(Locale.ROOT, "%06d", micros % 1_000_000);
    }

    private void commandstats(InfoWriter out) {
        for (Map.Entry<String, CommandStats> entry : node.server().stats().commands().entrySet()) {
            CommandStats stats = entry.getValue();
            if (stats.calls() == 0 && stats.rejectedCalls() == 0 && stats.failedCalls() == 0) {
                continue;
            }
            double perCall = stats.calls() == 0 ? 0 : (double) stats.micros() / stats.calls();
            out.line("cmdstat_" + entry.getKey() + ":calls=" + stats.calls() + ",usec=" + stats.micros()
                    + ",usec_per_call=" + String.format(Locale.ROOT, "%.2f", perCall)
                    + ",rejected_calls=" + stats.rejectedCalls() + ",failed_calls=" + stats.failedCalls());
        }
    }

    /** latency_percentiles_usec_<command>:p50=...,p99=...,p99.9=... for every command that ran. */
    private void latencystats(InfoWriter out) {
        List<Double> percentiles = new java.util.ArrayList<>();
        String configured = node.config().get("latency-tracking-info-percentiles");
        for (String value : configured.trim().split("\\s+")) {
            if (!value.isEmpty()) {
                percentiles.add(Double.parseDouble(value));
            }
        }
        for (Map.Entry<String, CommandStats> entry : node.server().stats().commands().entrySet()) {
            var histogram = entry.getValue().latency();
            if (histogram == null || histogram.total() == 0) {
                continue;
            }
            StringBuilder line = new StringBuilder("latency_percentiles_usec_").append(entry.getKey()).append(':');
            for (int i = 0; i < percentiles.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append('p').append(trimDouble(percentiles.get(i))).append('=')
                        .append(String.format(Locale.ROOT, "%.3f", histogram.valueAtPercentile(percentiles.get(i)) / 1000.0));
            }
            out.line(line.toString());
        }
    }

    /** Redis's trimDoubleString of "%f": "50", "99.9". */
    private static String trimDouble(double value) {
        String text = String.format(Locale.ROOT, "%f", value);
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("0+$", "");
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return text;
    }

    private void errorstats(InfoWriter out) {
        for (Map.Entry<String, Long> entry : node.server().stats().errors().entrySet()) {
            out.line("errorstat_" + entry.getKey() + ":count=" + entry.getValue());
        }
    }

    private void keyspace(InfoWriter out) {
        for (int i = 0; i < node.keyspace().count(); i++) {
            Database db = node.keyspace().db(i);
            long keys = db.size();
            if (keys == 0) {
                continue;
            }
            out.line("db" + i + ":keys=" + keys + ",expires=" + db.volatileKeys() + ",avg_ttl=0");
        }
    }

    /** Sections INFO prints for {@code names} (lower case), for callers outside the command. */
    public String render(List<String> names) {
        return render(new LinkedHashSet<>(names), false, names.isEmpty());
    }
}
