package io.vigil.sentinel.command;

import io.vigil.node.server.CommandCall;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.runtime.SentinelDaemon;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** INFO on a sentinel: only server, clients, stats, cpu and sentinel sections exist (spec 2.4). */
final class SentinelInfo {
    private static final List<String> ORDER = List.of("server", "clients", "stats", "cpu", "sentinel");
    private final SentinelDaemon d;

    SentinelInfo(SentinelDaemon d) {
        this.d = d;
    }

    void reply(CommandCall c) {
        Set<String> wanted = new LinkedHashSet<>();
        if (c.argc() == 1) {
            wanted.addAll(ORDER);
        }
        for (int i = 1; i < c.argc(); i++) {
            String s = c.text(i).toLowerCase(Locale.ROOT);
            if (s.equals("default") || s.equals("all") || s.equals("everything")) {
                wanted.addAll(ORDER);
            } else if (ORDER.contains(s)) {
                wanted.add(s);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String s : ORDER) {
            if (!wanted.contains(s)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("\r\n");
            }
            switch (s) {
                case "server" -> server(sb);
                case "clients" -> clients(sb);
                case "stats" -> stats(sb);
                case "cpu" -> cpu(sb);
                default -> sentinel(sb);
            }
        }
        c.reply().verbatim(sb.toString());
    }

    private void server(StringBuilder sb) {
        long uptime = (System.currentTimeMillis() - d.startedAtWallMillis()) / 1000;
        sb.append("# Server\r\n")
                .append("redis_version:").append(SentinelCommandTable.REDIS_VERSION).append("\r\n")
                .append("redis_git_sha1:00000000\r\nredis_git_dirty:0\r\nredis_build_id:0\r\n")
                .append("redis_mode:sentinel\r\n")
                .append("os:").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append("\r\n")
                .append("arch_bits:64\r\nmonotonic_clock:POSIX clock_gettime\r\nmultiplexing_api:epoll\r\n")
                .append("atomicvar_api:c11-builtin\r\ngcc_version:0.0.0\r\n")
                .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
                .append("process_supervised:no\r\n")
                .append("run_id:").append(d.runId()).append("\r\n")
                .append("tcp_port:").append(d.port()).append("\r\n")
                .append("server_time_usec:").append(System.currentTimeMillis() * 1000).append("\r\n")
                .append("uptime_in_seconds:").append(uptime).append("\r\n")
                .append("uptime_in_days:").append(uptime / 86400).append("\r\n")
                .append("hz:10\r\nconfigured_hz:10\r\n")
                .append("lru_clock:").append((System.currentTimeMillis() / 1000) & ((1 << 24) - 1)).append("\r\n")
                .append("executable:vigil-sentinel\r\n")
                .append("config_file:").append(d.settings().configFile()).append("\r\n")
                .append("io_threads_active:0\r\n");
    }

    private void clients(StringBuilder sb) {
        int pubsub = 0;
        for (var s : d.server().clients()) {
            if (d.server().pubSub().subscriptions(s) > 0) {
                pubsub++;
            }
        }
        sb.append("# Clients\r\n")
                .append("connected_clients:").append(d.server().clients().size()).append("\r\n")
                .append("cluster_connections:0\r\n")
                .append("maxclients:10000\r\n")
                .append("client_recent_max_input_buffer:0\r\nclient_recent_max_output_buffer:0\r\n")
                .append("blocked_clients:0\r\ntracking_clients:0\r\nclients_in_timeout_table:0\r\n")
                .append("pubsub_clients:").append(pubsub).append("\r\n");
    }

    private void stats(StringBuilder sb) {
        var st = d.server().stats();
        sb.append("# Stats\r\n")
                .append("total_connections_received:").append(st.connectionsReceived()).append("\r\n")
                .append("total_commands_processed:").append(st.commandsProcessed()).append("\r\n")
                .append("instantaneous_ops_per_sec:0\r\n")
                .append("total_net_input_bytes:").append(st.netInputBytes()).append("\r\n")
                .append("total_net_output_bytes:").append(st.netOutputBytes()).append("\r\n")
                .append("rejected_connections:").append(st.rejectedConnections()).append("\r\n")
                .append("pubsub_channels:").append(d.server().pubSub().channelTotal()).append("\r\n")
                .append("pubsub_patterns:").append(d.server().pubSub().patternTotal()).append("\r\n")
                .append("total_error_replies:").append(st.errorReplies()).append("\r\n");
    }

    private void cpu(StringBuilder sb) {
        double cpu = 0;
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            cpu = sun.getProcessCpuTime() / 1e9;
        }
        String user = String.format(Locale.ROOT, "%.6f", cpu * 0.8);
        String sys = String.format(Locale.ROOT, "%.6f", cpu * 0.2);
        sb.append("# CPU\r\n")
                .append("used_cpu_sys:").append(sys).append("\r\n")
                .append("used_cpu_user:").append(user).append("\r\n")
                .append("used_cpu_sys_children:0.000000\r\nused_cpu_user_children:0.000000\r\n");
    }

    private void sentinel(StringBuilder sb) {
        long now = d.now();
        var brain = d.brain();
        List<InstanceView> masters = brain.masters(now);
        sb.append("# Sentinel\r\n")
                .append("sentinel_masters:").append(masters.size()).append("\r\n")
                .append("sentinel_tilt:").append(brain.tilt() ? 1 : 0).append("\r\n")
                .append("sentinel_tilt_since_seconds:")
                .append(brain.tilt() ? (now - brain.tiltSinceMillis()) / 1000 : -1).append("\r\n")
                .append("sentinel_running_scripts:").append(d.runningScripts()).append("\r\n")
                .append("sentinel_scripts_queue_length:").append(d.scriptsQueueLength()).append("\r\n")
                .append("sentinel_simulate_failure_flags:").append(d.simulateFlags()).append("\r\n");
        int i = 0;
        for (InstanceView m : masters) {
            String status = m.hasFlag("o_down") ? "odown" : m.hasFlag("s_down") ? "sdown" : "ok";
            sb.append("master").append(i++).append(":name=").append(m.name()).append(",status=").append(status)
                    .append(",address=").append(m.advertisedAddress().ip()).append(':').append(m.advertisedAddress().port())
                    .append(",slaves=").append(m.numSlaves()).append(",sentinels=").append(m.numOtherSentinels() + 1)
                    .append("\r\n");
        }
    }
}
