package io.vigil.sentinel.core.parse;

import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.InfoReport;
import io.vigil.sentinel.core.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * INFO text to {@link InfoReport}, reading only the fields Sentinel reads (spec 4.4) the way
 * sentinel.c does: lines split on CRLF (a bare LF is accepted too), unknown or malformed lines
 * ignored, both {@code slave<N>:ip=..,port=..} and the old {@code slave<N>:<ip>,<port>,<state>}.
 */
public final class InfoParser {
    private InfoParser() {
    }

    public static InfoReport parse(String text) {
        String runId = null;
        Role role = null;
        List<Address> replicas = new ArrayList<>();
        String masterHost = null;
        int masterPort = 0;
        boolean linkUp = false;
        Long linkDownSince = null;
        int priority = 100;
        long offset = 0;
        boolean announced = true;
        long masterReplOffset = -1;
        if (text == null) {
            text = "";
        }
        for (String raw : text.split("\n")) {
            String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (l.length() >= 47 && l.startsWith("run_id:")) {
                String id = l.substring(7, 47);
                if (isHex(id)) {
                    runId = id;
                }
            } else if (l.startsWith("slave") && l.length() > 6 && Character.isDigit(l.charAt(5))) {
                Address a = parseReplicaLine(l);
                if (a != null) {
                    replicas.add(a);
                }
            } else if (l.startsWith("master_link_down_since_seconds:")) {
                Long v = parseLong(l.substring(31));
                if (v != null) {
                    linkDownSince = v;
                }
            } else if (l.equals("role:master")) {
                role = Role.MASTER;
            } else if (l.equals("role:slave")) {
                role = Role.SLAVE;
            } else if (l.startsWith("master_host:")) {
                masterHost = l.substring(12);
            } else if (l.startsWith("master_port:")) {
                Long v = parseLong(l.substring(12));
                if (v != null && v >= 0 && v <= 65535) {
                    masterPort = v.intValue();
                }
            } else if (l.startsWith("master_link_status:")) {
                linkUp = l.substring(19).equalsIgnoreCase("up");
            } else if (l.startsWith("slave_priority:")) {
                Long v = parseLong(l.substring(15));
                if (v != null && v >= 0 && v <= Integer.MAX_VALUE) {
                    priority = v.intValue();
                }
            } else if (l.startsWith("slave_repl_offset:")) {
                Long v = parseLong(l.substring(18));
                if (v != null) {
                    offset = v;
                }
            } else if (l.startsWith("master_repl_offset:")) {
                Long v = parseLong(l.substring(19));
                if (v != null) {
                    masterReplOffset = v;
                }
            } else if (l.startsWith("replica_announced:")) {
                announced = !l.substring(18).trim().equals("0");
            }
        }
        return new InfoReport(runId, role, replicas, masterHost, masterPort, linkUp, linkDownSince, priority, offset,
                announced, masterReplOffset);
    }

    private static Address parseReplicaLine(String l) {
        int colon = l.indexOf(':');
        if (colon < 0) {
            return null;
        }
        for (int i = 5; i < colon; i++) {
            if (!Character.isDigit(l.charAt(i))) {
                return null;
            }
        }
        String body = l.substring(colon + 1);
        String ip = null;
        String port = null;
        if (body.contains("=")) {
            for (String kv : body.split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = kv.substring(0, eq);
                if (k.equals("ip")) {
                    ip = kv.substring(eq + 1);
                } else if (k.equals("port")) {
                    port = kv.substring(eq + 1);
                }
            }
        } else {
            String[] parts = body.split(",");
            if (parts.length >= 2) {
                ip = parts[0];
                port = parts[1];
            }
        }
        if (ip == null || ip.isEmpty() || port == null) {
            return null;
        }
        Long p = parseLong(port);
        if (p == null || p < 0 || p > 65535) {
            return null;
        }
        return new Address(ip, p.intValue());
    }

    static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
