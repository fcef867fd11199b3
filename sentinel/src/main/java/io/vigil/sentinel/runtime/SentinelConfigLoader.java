package io.vigil.sentinel.runtime;

import io.vigil.conf.ArgSplitter;
import io.vigil.conf.ConfigException;
import io.vigil.conf.NodeDirectives;
import io.vigil.node.http.HttpListener;
import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.KnownSentinel;
import io.vigil.sentinel.core.MasterConfig;
import io.vigil.sentinel.core.PersistedMaster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads sentinel.conf plus command-line overrides the way Redis does in sentinel mode: generic
 * directives as redis.conf, every {@code sentinel <word> ...} line queued and applied in Redis's
 * three passes (pre-monitor keywords, then {@code monitor}, then the rest) so per-master options may
 * precede {@code monitor}. Errors carry the offending line and Redis's text.
 */
public final class SentinelConfigLoader {
    private static final Set<String> PRE_MONITOR = Set.of("announce-ip", "announce-port", "deny-scripts-reconfig",
            "sentinel-user", "sentinel-pass", "current-epoch", "myid", "resolve-hostnames", "announce-hostnames");

    private record Line(List<String> argv, String source, int lineNo, int redisLine, String text) {
    }

    private static final class MasterBuilder {
        MasterConfig config;
        long configEpoch;
        long leaderEpoch;
        final List<Address> replicas = new ArrayList<>();
        final List<KnownSentinel> sentinels = new ArrayList<>();
    }

    private SentinelConfigLoader() {
    }

    /** Loads {@code file} (already checked to exist) and then {@code overrides} ({@code --name args...}). */
    public static SentinelSettings load(Path file, List<String> overrides) throws ConfigException {
        String content;
        try {
            content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(ConfigException.Kind.FATAL_BLOCK, file.toString(), 0, 0, null,
                    "can't open config file '" + file + "': " + e.getMessage());
        }
        List<Line> lines = new ArrayList<>();
        String[] raw = content.split("\n", -1);
        int redisLine = 0;
        for (int i = 0; i < raw.length; i++) {
            redisLine++;
            String t = trim(raw[i]);
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            List<String> argv = ArgSplitter.split(t);
            if (argv == null) {
                throw error(file.toString(), i + 1, redisLine, t, "Unbalanced quotes in configuration line");
            }
            if (argv.isEmpty()) {
                continue;
            }
            lines.add(new Line(argv, file.toString(), i + 1, redisLine, t));
        }
        List<String> current = null;
        for (String a : overrides) {
            if (a.startsWith("--") && a.length() > 2) {
                if (current != null) {
                    redisLine++;
                    lines.add(new Line(current, "(command line)", 0, redisLine, String.join(" ", current)));
                }
                current = new ArrayList<>();
                current.add(a.substring(2));
            } else if (current != null) {
                current.add(a);
            }
        }
        if (current != null) {
            redisLine++;
            lines.add(new Line(current, "(command line)", 0, redisLine, String.join(" ", current)));
        }
        SentinelSettings s = new SentinelSettings();
        s.configFile = file.toAbsolutePath().normalize();
        s.dir = Path.of("").toAbsolutePath();
        List<Line> pre = new ArrayList<>();
        List<Line> monitors = new ArrayList<>();
        List<Line> rest = new ArrayList<>();
        Line httpLine = null;
        for (Line l : lines) {
            String name = l.argv.get(0).toLowerCase(Locale.ROOT);
            if (name.equals("sentinel")) {
                if (l.argv.size() == 1) {
                    continue; // Redis: the bare word only selects sentinel mode
                }
                String word = l.argv.get(1).toLowerCase(Locale.ROOT);
                if (PRE_MONITOR.contains(word)) {
                    pre.add(l);
                } else if (word.equals("monitor")) {
                    monitors.add(l);
                } else {
                    rest.add(l);
                }
                continue;
            }
            String err = generic(s, name, l.argv);
            if (err != null) {
                throw error(l, err);
            }
            if (name.equals("http-bind") || name.equals("http-auth-token") || name.equals("http-port")) {
                httpLine = l;
            }
        }
        if (s.httpPort > 0) {
            try {
                HttpListener.checkBind(s.httpBind, s.httpAuthToken);
            } catch (IllegalArgumentException e) {
                throw error(httpLine, e.getMessage());
            }
        }
        Map<String, MasterBuilder> masters = new LinkedHashMap<>();
        for (List<Line> pass : List.of(pre, monitors, rest)) {
            for (Line l : pass) {
                String err = sentinelLine(s, masters, l.argv.subList(1, l.argv.size()));
                if (err != null) {
                    throw error(l, err);
                }
            }
        }
        for (Map.Entry<String, MasterBuilder> e : masters.entrySet()) {
            MasterBuilder b = e.getValue();
            s.masters.add(new PersistedMaster(b.config, b.configEpoch, b.leaderEpoch, b.replicas, b.sentinels));
            s.currentEpoch = Math.max(s.currentEpoch, b.configEpoch);
        }
        return s;
    }

    private static ConfigException error(Line l, String reason) {
        return error(l.source, l.lineNo, l.redisLine, l.text, reason);
    }

    private static ConfigException error(String source, int line, int redisLine, String text, String reason) {
        return new ConfigException(ConfigException.Kind.FATAL_BLOCK, source, line, redisLine, text, reason);
    }

    /** A non-sentinel directive: the ones the sentinel acts on, else anything redis.conf knows. */
    private static String generic(SentinelSettings s, String name, List<String> argv) {
        int argc = argv.size();
        switch (name) {
            case "port" -> {
                if (argc != 2) {
                    return badDirective();
                }
                Long p = parseLong(argv.get(1));
                if (p == null || p < 0 || p > 65535) {
                    return "argument must be between 0 and 65535 inclusive";
                }
                s.port = p.intValue();
            }
            case "bind" -> {
                s.bind = new ArrayList<>(argv.subList(1, argc));
            }
            case "dir" -> {
                if (argc != 2) {
                    return badDirective();
                }
                Path d = Path.of(argv.get(1));
                if (!Files.isDirectory(d)) {
                    return "No such file or directory";
                }
                s.dir = d.toAbsolutePath().normalize();
            }
            case "logfile" -> {
                if (argc != 2) {
                    return badDirective();
                }
                s.logfile = argv.get(1);
            }
            case "loglevel" -> {
                if (argc != 2) {
                    return badDirective();
                }
                try {
                    s.logLevel = LogLevel.parse(argv.get(1));
                } catch (IllegalArgumentException e) {
                    return "argument(s) must be one of the following: debug, verbose, notice, warning, nothing";
                }
            }
            case "requirepass" -> {
                if (argc != 2) {
                    return badDirective();
                }
                s.requirepass = argv.get(1).isEmpty() ? null : argv.get(1);
            }
            case "pidfile" -> {
                if (argc != 2) {
                    return badDirective();
                }
                s.pidfile = argv.get(1).isEmpty() ? null : argv.get(1);
            }
            case "daemonize" -> {
                if (argc != 2) {
                    return badDirective();
                }
                Boolean b = yesNo(argv.get(1));
                if (b == null) {
                    return "argument must be 'yes' or 'no'";
                }
                s.daemonize = b;
            }
            case "event-log" -> {
                // Vigil's JSON Lines event log; an empty string keeps it off.
                if (argc != 2) {
                    return badDirective();
                }
                s.eventLog = argv.get(1).isEmpty() ? null : argv.get(1);
            }
            case "maxclients" -> {
                if (argc != 2) {
                    return badDirective();
                }
                Long v = parseLong(argv.get(1));
                if (v == null || v < 1) {
                    return "argument must be between 1 and 2147483647 inclusive";
                }
                s.maxclients = (int) Math.min(Integer.MAX_VALUE, v);
            }
            case "http-port" -> {
                if (argc != 2) {
                    return badDirective();
                }
                Long p = parseLong(argv.get(1));
                if (p == null || p < 0 || p > 65535) {
                    return "argument must be between 0 and 65535 inclusive";
                }
                s.httpPort = p.intValue();
            }
            case "http-bind" -> {
                if (argc != 2) {
                    return badDirective();
                }
                s.httpBind = argv.get(1);
            }
            case "http-auth-token" -> {
                if (argc != 2) {
                    return badDirective();
                }
                s.httpAuthToken = argv.get(1);
            }
            default -> {
                // Every redis.conf directive is accepted in sentinel mode; the sentinel ignores the rest.
                if (!knownDirective(name)) {
                    return badDirective();
                }
            }
        }
        return null;
    }

    private static boolean knownDirective(String name) {
        try {
            return NodeDirectives.registry().isKnownFileDirective(name);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String badDirective() {
        return "Bad directive or wrong number of arguments";
    }

    /** Redis's sentinelHandleConfiguration; argv starts after the word {@code sentinel}. */
    private static String sentinelLine(SentinelSettings s, Map<String, MasterBuilder> masters, List<String> argv) {
        String word = argv.get(0).toLowerCase(Locale.ROOT);
        int argc = argv.size();
        switch (word) {
            case "monitor" -> {
                if (argc != 5) {
                    break;
                }
                int quorum = atoi(argv.get(4));
                if (quorum <= 0) {
                    return "Quorum must be 1 or greater.";
                }
                String name = argv.get(1);
                if (masters.containsKey(name)) {
                    return "Duplicate master name.";
                }
                int port = atoi(argv.get(3));
                String ip = HostResolver.resolve(argv.get(2), s.resolveHostnames, s.announceHostnames);
                if (ip == null) {
                    return "Can't resolve instance hostname.";
                }
                if (port < 0 || port > 65535) {
                    return "Invalid port number.";
                }
                MasterBuilder b = new MasterBuilder();
                b.config = MasterConfig.of(name, ip, port, quorum);
                masters.put(name, b);
                s.masterOptions.put(name, new MasterOptions());
                return null;
            }
            case "down-after-milliseconds", "failover-timeout", "parallel-syncs", "master-reboot-down-after-period" -> {
                if (argc != 3) {
                    break;
                }
                MasterBuilder b = masters.get(argv.get(1));
                if (b == null) {
                    return noSuchMaster();
                }
                long v = atoi(argv.get(2));
                switch (word) {
                    case "down-after-milliseconds" -> {
                        if (v <= 0) {
                            return "negative or zero time parameter.";
                        }
                        b.config = b.config.withDownAfterMillis(v);
                    }
                    case "failover-timeout" -> {
                        if (v <= 0) {
                            return "negative or zero time parameter.";
                        }
                        b.config = b.config.withFailoverTimeoutMillis(v);
                    }
                    case "parallel-syncs" -> b.config = b.config.withParallelSyncs((int) Math.max(1, v));
                    default -> {
                        if (v < 0) {
                            return "negative time parameter.";
                        }
                        b.config = b.config.withMasterRebootDownAfterPeriodMillis(v);
                    }
                }
                return null;
            }
            case "notification-script", "client-reconfig-script" -> {
                if (argc != 3) {
                    break;
                }
                if (!masters.containsKey(argv.get(1))) {
                    return noSuchMaster();
                }
                Path p = Path.of(argv.get(2));
                if (!Files.isExecutable(p) || Files.isDirectory(p)) {
                    return word.equals("notification-script")
                            ? "Notification script seems non existing or non executable."
                            : "Client reconfiguration script seems non existing or non executable.";
                }
                MasterOptions o = s.masterOptions.get(argv.get(1));
                if (word.equals("notification-script")) {
                    o.notificationScript = argv.get(2);
                } else {
                    o.clientReconfigScript = argv.get(2);
                }
                return null;
            }
            case "auth-pass", "auth-user" -> {
                if (argc != 3) {
                    break;
                }
                if (!masters.containsKey(argv.get(1))) {
                    return noSuchMaster();
                }
                MasterOptions o = s.masterOptions.get(argv.get(1));
                if (word.equals("auth-pass")) {
                    o.authPass = argv.get(2);
                } else {
                    o.authUser = argv.get(2);
                }
                return null;
            }
            case "current-epoch" -> {
                if (argc != 2) {
                    break;
                }
                s.currentEpoch = Math.max(s.currentEpoch, strtoull(argv.get(1)));
                return null;
            }
            case "myid" -> {
                if (argc != 2) {
                    break;
                }
                if (argv.get(1).length() != 40) {
                    return "Malformed Sentinel id in myid option.";
                }
                s.myId = argv.get(1);
                return null;
            }
            case "config-epoch", "leader-epoch" -> {
                if (argc != 3) {
                    break;
                }
                MasterBuilder b = masters.get(argv.get(1));
                if (b == null) {
                    return noSuchMaster();
                }
                long v = strtoull(argv.get(2));
                if (word.equals("config-epoch")) {
                    b.configEpoch = v;
                } else {
                    b.leaderEpoch = v;
                }
                return null;
            }
            case "known-slave", "known-replica" -> {
                if (argc != 4) {
                    break;
                }
                MasterBuilder b = masters.get(argv.get(1));
                if (b == null) {
                    return noSuchMaster();
                }
                String ip = HostResolver.resolve(argv.get(2), s.resolveHostnames, s.announceHostnames);
                int port = atoi(argv.get(3));
                if (ip == null) {
                    return "Can't resolve instance hostname.";
                }
                if (port < 0 || port > 65535) {
                    return "Invalid port number.";
                }
                Address a = new Address(ip, port);
                if (b.replicas.contains(a)) {
                    return "Duplicate hostname and port for replica.";
                }
                b.replicas.add(a);
                return null;
            }
            case "known-sentinel" -> {
                if (argc != 4 && argc != 5) {
                    break;
                }
                MasterBuilder b = masters.get(argv.get(1));
                if (b == null) {
                    return noSuchMaster();
                }
                if (argc == 4) {
                    return null; // the old form without run id is ignored, as in Redis
                }
                String ip = HostResolver.resolve(argv.get(2), s.resolveHostnames, s.announceHostnames);
                int port = atoi(argv.get(3));
                if (ip == null) {
                    return "Can't resolve instance hostname.";
                }
                if (port < 0 || port > 65535) {
                    return "Invalid port number.";
                }
                for (KnownSentinel k : b.sentinels) {
                    if (k.runId().equals(argv.get(4))) {
                        return "Duplicate runid for sentinel.";
                    }
                }
                b.sentinels.add(new KnownSentinel(new Address(ip, port), argv.get(4)));
                return null;
            }
            case "rename-command" -> {
                if (argc != 4) {
                    break;
                }
                if (!masters.containsKey(argv.get(1))) {
                    return noSuchMaster();
                }
                MasterOptions o = s.masterOptions.get(argv.get(1));
                String key = argv.get(2).toLowerCase(Locale.ROOT);
                if (o.renames.containsKey(key)) {
                    return "Same command renamed multiple times with rename-command.";
                }
                o.renames.put(key, argv.get(3));
                return null;
            }
            case "announce-ip" -> {
                if (argc != 2) {
                    break;
                }
                s.announceIp = argv.get(1).isEmpty() ? null : argv.get(1);
                return null;
            }
            case "announce-port" -> {
                if (argc != 2) {
                    break;
                }
                s.announcePort = atoi(argv.get(1));
                return null;
            }
            case "deny-scripts-reconfig", "resolve-hostnames", "announce-hostnames" -> {
                if (argc != 2) {
                    break;
                }
                Boolean b = yesNo(argv.get(1));
                if (b == null) {
                    return switch (word) {
                        case "deny-scripts-reconfig" -> "Please specify yes or no for the deny-scripts-reconfig options.";
                        case "resolve-hostnames" -> "Please specify yes or no for the resolve-hostnames option.";
                        default -> "Please specify yes or no for the announce-hostnames option.";
                    };
                }
                switch (word) {
                    case "deny-scripts-reconfig" -> {
                        s.denyScriptsReconfig = b;
                        s.denyScriptsReconfigSeen = true;
                    }
                    case "resolve-hostnames" -> {
                        s.resolveHostnames = b;
                        s.resolveHostnamesSeen = true;
                    }
                    default -> {
                        s.announceHostnames = b;
                        s.announceHostnamesSeen = true;
                    }
                }
                return null;
            }
            case "sentinel-user", "sentinel-pass" -> {
                if (argc != 2) {
                    break;
                }
                String v = argv.get(1).isEmpty() ? null : argv.get(1);
                if (word.equals("sentinel-user")) {
                    s.sentinelUser = v;
                } else {
                    s.sentinelPass = v;
                }
                return null;
            }
            default -> {
            }
        }
        return "Unrecognized sentinel configuration statement.";
    }

    private static String noSuchMaster() {
        return "No such master with specified name.";
    }

    static Boolean yesNo(String v) {
        if (v.equalsIgnoreCase("yes")) {
            return true;
        }
        if (v.equalsIgnoreCase("no")) {
            return false;
        }
        return null;
    }

    /** C atoi: optional sign and leading digits, 0 when none; saturates instead of overflowing. */
    static int atoi(String s) {
        long v = strtol(s);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    static long strtoull(String s) {
        return Math.max(0, strtol(s));
    }

    private static long strtol(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > Long.MAX_VALUE / 10) {
                break;
            }
            i++;
        }
        return neg ? -v : v;
    }

    static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && " \t\r\n".indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (e > b && " \t\r\n".indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }
}
