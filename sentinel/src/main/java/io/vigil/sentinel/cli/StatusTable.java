package io.vigil.sentinel.cli;

import io.vigil.sentinel.embed.RespClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status table of the masters a sentinel monitors: the master, its replicas (offsets and lag
 * read live from the nodes, the sentinel's last INFO when a node does not answer), the sentinels,
 * and the latest events. Each call asks afresh; a node that does not answer within a short timeout
 * shows as unreachable rather than stalling the refresh.
 */
final class StatusTable {
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final String ROW = "%-9s %-21s %-26s %10s %8s  %s";

    private StatusTable() {
    }

    /** The table lines for {@code master} (every monitored master when null). */
    static List<String> render(InetSocketAddress sentinel, String master, List<SentinelEventLine> events) {
        List<String> lines = new ArrayList<>();
        String via = sentinel.getHostString() + ":" + sentinel.getPort();
        try (RespClient c = RespClient.connect(sentinel, TIMEOUT)) {
            List<Map<String, String>> masters = new ArrayList<>();
            if (master != null) {
                Object reply = c.call("SENTINEL", "MASTER", master);
                if (reply instanceof RespClient.RespError e) {
                    lines.add("sentinel " + via + ": " + e.message());
                    return withEvents(lines, events);
                }
                masters.add(RespClient.pairs(reply));
            } else if (c.call("SENTINEL", "MASTERS") instanceof List<?> all) {
                for (Object m : all) {
                    masters.add(RespClient.pairs(m));
                }
            }
            if (masters.isEmpty()) {
                lines.add("sentinel " + via + " monitors no master");
            }
            for (Map<String, String> m : masters) {
                renderMaster(c, via, m, lines);
            }
        } catch (IOException e) {
            lines.add("sentinel " + via + " unreachable: " + e.getMessage());
        }
        return withEvents(lines, events);
    }

    private static List<String> withEvents(List<String> lines, List<SentinelEventLine> events) {
        if (events != null) {
            lines.add("");
            lines.add("latest events:");
            if (events.isEmpty()) {
                lines.add("  (none yet)");
            }
            for (SentinelEventLine e : events) {
                lines.add("  " + e.shortLine());
            }
        }
        return lines;
    }

    private static void renderMaster(RespClient c, String via, Map<String, String> m, List<String> lines)
            throws IOException {
        String name = m.get("name");
        String masterAddr = m.get("ip") + ":" + m.get("port");
        StringBuilder head = new StringBuilder();
        head.append("master ").append(name).append(" at ").append(masterAddr)
                .append("  config-epoch ").append(m.get("config-epoch"))
                .append("  quorum ").append(m.get("quorum"))
                .append("  flags ").append(m.get("flags"));
        if (m.containsKey("failover-state")) {
            head.append("  failover ").append(m.get("failover-state"));
        }
        head.append("  (sentinel ").append(via).append(')');
        lines.add(head.toString());
        lines.add(String.format(ROW, "ROLE", "ADDRESS", "FLAGS", "OFFSET", "LAG", "LINK"));

        Map<String, String> mi = info(m.get("ip"), m.get("port"));
        Long masterOffset = number(mi.get("master_repl_offset"));
        String masterRole = mi.isEmpty() ? "unreachable" : "role " + mi.get("role");
        lines.add(String.format(ROW, "master", masterAddr, m.get("flags"), show(masterOffset), "-", masterRole));

        if (c.call("SENTINEL", "REPLICAS", name) instanceof List<?> replicas) {
            for (Object r : replicas) {
                Map<String, String> rm = RespClient.pairs(r);
                Map<String, String> ri = info(rm.get("ip"), rm.get("port"));
                Long offset = number(ri.get("slave_repl_offset"));
                String link;
                if (ri.isEmpty()) {
                    offset = number(rm.get("slave-repl-offset"));
                    link = "unreachable";
                } else if ("master".equals(ri.get("role"))) {
                    link = "role master";
                } else {
                    link = "link " + ri.get("master_link_status") + " to " + ri.get("master_host") + ":" + ri.get("master_port");
                }
                Long lag = masterOffset != null && offset != null && !ri.isEmpty() ? masterOffset - offset : null;
                lines.add(String.format(ROW, "replica", rm.get("ip") + ":" + rm.get("port"), rm.get("flags"),
                        show(offset), lag == null ? "-" : lag + "B", link));
            }
        }
        lines.add(String.format(ROW, "sentinel", via, "sentinel", "-", "-", "queried"));
        if (c.call("SENTINEL", "SENTINELS", name) instanceof List<?> sentinels) {
            for (Object s : sentinels) {
                Map<String, String> sm = RespClient.pairs(s);
                String voted = sm.getOrDefault("voted-leader", "?");
                lines.add(String.format(ROW, "sentinel", sm.get("ip") + ":" + sm.get("port"), sm.get("flags"), "-", "-",
                        "ok-ping " + sm.get("last-ok-ping-reply") + "ms ago"
                                + ("?".equals(voted) ? "" : "  voted " + abbreviate(voted) + " in epoch "
                                + sm.get("voted-leader-epoch"))));
            }
        }
    }

    private static String abbreviate(String runId) {
        return runId.length() > 8 ? runId.substring(0, 8) : runId;
    }

    private static Map<String, String> info(String ip, String port) {
        try (RespClient n = RespClient.connect(new InetSocketAddress(ip, Integer.parseInt(port)), TIMEOUT)) {
            return n.call("INFO", "replication") instanceof String s ? RespClient.infoFields(s) : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static Long number(String s) {
        try {
            return s == null ? null : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String show(Long v) {
        return v == null ? "-" : v.toString();
    }
}
