package io.vigil.conf;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The vigil-node directive table: every config Redis 7.0.15 reports in CONFIG GET (plus its hidden
 * ones), with Redis's types, bounds, defaults and flags. {@link #ACTED_ON} lists what Vigil acts on;
 * everything else is accepted, reported, and logged once at start as ignored.
 */
public final class NodeDirectives {

    /**
     * Directives Vigil acts on. Extend this set when the node starts honouring a directive. Entries
     * ending in '*' are prefixes. Names are primary names (aliases follow their primary).
     */
    public static final Set<String> ACTED_ON = Set.of(
            "port", "bind", "protected-mode", "requirepass", "masterauth", "masteruser", "replicaof",
            "dir", "dbfilename", "appendonly", "appendfsync", "appendfilename", "appenddirname", "save",
            "logfile", "loglevel", "pidfile", "daemonize", "databases", "timeout", "maxclients", "hz",
            "rename-command", "user", "aclfile", "include", "proto-max-bulk-len", "client-query-buffer-limit",
            "stop-writes-on-bgsave-error", "rdbcompression", "rdbchecksum", "aof-load-truncated",
            "aof-use-rdb-preamble", "replica-read-only", "replica-serve-stale-data", "replica-priority",
            "replica-announced", "replica-announce-ip", "replica-announce-port", "repl-*", "min-replicas-*",
            "enable-debug-command", "notify-keyspace-events", "list-max-listpack-size", "hash-max-listpack-*",
            "set-max-intset-entries", "zset-max-listpack-*", "maxmemory", "client-output-buffer-limit",
            "tcp-backlog", "tcp-keepalive", "http-port", "http-bind", "http-auth-token");

    /** Redis's CONFIG_MIN_HZ / CONFIG_MAX_HZ clamp. */
    public static final int MIN_HZ = 1;
    public static final int MAX_HZ = 500;
    /** Redis's CONFIG_REPL_BACKLOG_MIN_SIZE, applied when CONFIG SET changes repl-backlog-size. */
    public static final long REPL_BACKLOG_MIN_SIZE = 16 * 1024;

    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long UINT_MAX = 0xffffffffL;
    private static final long LONG_MAX = Long.MAX_VALUE;
    private static final long ULLONG_MAX = -1L;
    private static final long MB = 1024L * 1024;

    private NodeDirectives() {
    }

    /** The node directive registry. */
    public static DirectiveRegistry registry() {
        return Holder.REGISTRY;
    }

    /** Lazy holder: the table needs every static field above initialised first. */
    private static final class Holder {
        static final DirectiveRegistry REGISTRY = new DirectiveRegistry(build());
    }

    /** True when Vigil acts on the directive with this primary name. */
    public static boolean isActedOn(String primaryName) {
        for (String p : ACTED_ON) {
            if (p.endsWith("*") ? primaryName.startsWith(p.substring(0, p.length() - 1)) : p.equals(primaryName)) {
                return true;
            }
        }
        return false;
    }

    private static List<DirectiveSpec> build() {
        Table t = new Table();
        // Bool configs (Redis 7.0 config.c order).
        t.bool("rdbchecksum", null, true, DirectiveFlag.IMMUTABLE);
        t.bool("daemonize", null, false, DirectiveFlag.IMMUTABLE);
        t.bool("io-threads-do-reads", null, false, DirectiveFlag.IMMUTABLE);
        t.bool("always-show-logo", null, false, DirectiveFlag.IMMUTABLE);
        t.bool("protected-mode", null, true);
        t.bool("rdbcompression", null, true);
        t.bool("rdb-del-sync-files", null, false);
        t.bool("activerehashing", null, true);
        t.bool("stop-writes-on-bgsave-error", null, true);
        t.bool("set-proc-title", null, true, DirectiveFlag.IMMUTABLE);
        t.bool("dynamic-hz", null, true);
        t.bool("lazyfree-lazy-eviction", null, false);
        t.bool("lazyfree-lazy-expire", null, false);
        t.bool("lazyfree-lazy-server-del", null, false);
        t.bool("lazyfree-lazy-user-del", null, false);
        t.bool("lazyfree-lazy-user-flush", null, false);
        t.bool("repl-disable-tcp-nodelay", null, false);
        t.bool("repl-diskless-sync", null, true);
        t.bool("aof-rewrite-incremental-fsync", null, true);
        t.bool("no-appendfsync-on-rewrite", null, false);
        t.bool("cluster-require-full-coverage", null, true);
        t.bool("rdb-save-incremental-fsync", null, true);
        t.bool("aof-load-truncated", null, true);
        t.bool("aof-use-rdb-preamble", null, true);
        t.bool("aof-timestamp-enabled", null, false);
        t.bool("cluster-replica-no-failover", "cluster-slave-no-failover", false);
        t.bool("replica-lazy-flush", "slave-lazy-flush", false);
        t.bool("replica-serve-stale-data", "slave-serve-stale-data", true);
        t.bool("replica-read-only", "slave-read-only", true);
        t.bool("replica-ignore-maxmemory", "slave-ignore-maxmemory", true);
        t.bool("jemalloc-bg-thread", null, true);
        // The reference build (Debian, system jemalloc) has no active defrag and refuses "yes".
        t.special("activedefrag", null, new BoolType(v -> !v, "Active defragmentation cannot be enabled: it "
                + "requires a Redis server compiled with a modified Jemalloc like the one shipped by default "
                + "with the Redis source distribution"), false);
        t.bool("syslog-enabled", null, false, DirectiveFlag.IMMUTABLE);
        t.bool("cluster-enabled", null, false, DirectiveFlag.IMMUTABLE);
        t.bool("appendonly", null, false, DirectiveFlag.DENY_LOADING);
        t.bool("cluster-allow-reads-when-down", null, false);
        t.bool("cluster-allow-pubsubshard-when-down", null, true);
        t.bool("crash-log-enabled", null, true);
        t.bool("crash-memcheck-enabled", null, true);
        t.bool("use-exit-on-panic", null, false, DirectiveFlag.HIDDEN);
        t.bool("disable-thp", null, true, DirectiveFlag.IMMUTABLE);
        t.bool("cluster-allow-replica-migration", null, true);
        t.bool("replica-announced", null, true);
        t.bool("latency-tracking", null, true);
        t.bool("aof-disable-auto-gc", null, false);
        t.bool("replica-ignore-disk-write-errors", null, false);

        // String configs.
        t.string("aclfile", null, StringType.PLAIN, "", DirectiveFlag.IMMUTABLE);
        t.string("unixsocket", null, StringType.NULLABLE, null, DirectiveFlag.IMMUTABLE);
        t.string("pidfile", null, StringType.NULLABLE, null, DirectiveFlag.IMMUTABLE);
        t.string("replica-announce-ip", "slave-announce-ip", StringType.NULLABLE, null);
        t.string("masteruser", null, StringType.NULLABLE, null, DirectiveFlag.SENSITIVE);
        t.string("cluster-announce-ip", null, StringType.NULLABLE, null);
        t.string("cluster-config-file", null, StringType.PLAIN, "nodes.conf", DirectiveFlag.IMMUTABLE);
        t.string("cluster-announce-hostname", null, new StringType(true, NodeDirectives::checkHostname), null);
        t.string("syslog-ident", null, StringType.PLAIN, "redis", DirectiveFlag.IMMUTABLE);
        t.string("dbfilename", null, new StringType(false,
                v -> isBaseName(v) ? null : "dbfilename can't be a path, just a filename"),
                "dump.rdb", DirectiveFlag.PROTECTED);
        t.string("appendfilename", null, new StringType(false, v -> v.isEmpty() ? "appendfilename can't be empty"
                : isBaseName(v) ? null : "appendfilename can't be a path, just a filename"),
                "appendonly.aof", DirectiveFlag.IMMUTABLE);
        t.string("appenddirname", null, new StringType(false, v -> v.isEmpty() ? "appenddirname can't be empty"
                : isBaseName(v) ? null : "appenddirname can't be a path, just a dirname"),
                "appendonlydir", DirectiveFlag.IMMUTABLE);
        t.string("server_cpulist", null, StringType.NULLABLE, null, DirectiveFlag.IMMUTABLE);
        t.string("bio_cpulist", null, StringType.NULLABLE, null, DirectiveFlag.IMMUTABLE);
        t.string("aof_rewrite_cpulist", null, StringType.NULLABLE, null, DirectiveFlag.IMMUTABLE);
        t.string("bgsave_cpulist", null, StringType.NULLABLE, null, DirectiveFlag.IMMUTABLE);
        t.string("ignore-warnings", null, StringType.PLAIN, "");
        t.string("proc-title-template", null, new StringType(false, NodeDirectives::checkProcTitleTemplate),
                "{title} {listen-addr} {server-mode}");
        t.string("bind-source-addr", null, StringType.NULLABLE, null);
        t.string("logfile", null, StringType.PLAIN, "", DirectiveFlag.IMMUTABLE);
        t.string("masterauth", null, StringType.NULLABLE, null, DirectiveFlag.SENSITIVE);
        t.string("requirepass", null, StringType.NULLABLE, null, DirectiveFlag.SENSITIVE);

        // Enum configs.
        t.enumd("supervised", null, EnumType.of("upstart", "systemd", "auto", "no"), "no", DirectiveFlag.IMMUTABLE);
        t.enumd("syslog-facility", null, EnumType.of("user", "local0", "local1", "local2", "local3", "local4",
                "local5", "local6", "local7"), "local0", DirectiveFlag.IMMUTABLE);
        t.enumd("repl-diskless-load", null, EnumType.of("disabled", "on-empty-db", "swapdb"), "disabled",
                DirectiveFlag.DENY_LOADING);
        t.enumd("loglevel", null, EnumType.of("debug", "verbose", "notice", "warning"), "notice");
        t.enumd("maxmemory-policy", null, EnumType.of("volatile-lru", "volatile-lfu", "volatile-random",
                "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction");
        t.enumd("appendfsync", null, EnumType.of("everysec", "always", "no"), "everysec");
        t.enumd("oom-score-adj", null, new EnumType(List.of(new EnumType.Entry("no", 0),
                new EnumType.Entry("yes", 1), new EnumType.Entry("relative", 1), new EnumType.Entry("absolute", 2)),
                false, v -> null), "no");
        t.enumd("acl-pubsub-default", null, new EnumType(List.of(new EnumType.Entry("allchannels", 1),
                new EnumType.Entry("resetchannels", 0)), false, v -> null), "resetchannels");
        t.enumd("sanitize-dump-payload", null, EnumType.of("no", "yes", "clients"), "no");
        t.enumd("enable-protected-configs", null, EnumType.of("no", "yes", "local"), "no", DirectiveFlag.IMMUTABLE);
        t.enumd("enable-debug-command", null, EnumType.of("no", "yes", "local"), "no", DirectiveFlag.IMMUTABLE);
        t.enumd("enable-module-command", null, EnumType.of("no", "yes", "local"), "no", DirectiveFlag.IMMUTABLE);
        t.enumd("cluster-preferred-endpoint-type", null, EnumType.of("ip", "hostname", "unknown-endpoint"), "ip");
        t.enumd("propagation-error-behavior", null, EnumType.of("ignore", "panic", "panic-on-replicas"), "ignore");
        t.enumd("shutdown-on-sigint", null, SHUTDOWN_FLAGS, "default", DirectiveFlag.MULTI_ARG);
        t.enumd("shutdown-on-sigterm", null, SHUTDOWN_FLAGS, "default", DirectiveFlag.MULTI_ARG);

        // Integer configs.
        t.integer("databases", null, 1, INT_MAX, 16, DirectiveFlag.IMMUTABLE);
        t.integer("port", null, 0, 65535, 6379);
        t.integer("io-threads", null, 1, 128, 1, DirectiveFlag.IMMUTABLE);
        t.integer("auto-aof-rewrite-percentage", null, 0, INT_MAX, 100);
        t.integer("cluster-replica-validity-factor", "cluster-slave-validity-factor", 0, INT_MAX, 10);
        t.integer("list-max-listpack-size", "list-max-ziplist-size", INT_MIN, INT_MAX, -2);
        t.integer("tcp-keepalive", null, 0, INT_MAX, 300);
        t.integer("cluster-migration-barrier", null, 0, INT_MAX, 1);
        t.integer("active-defrag-cycle-min", null, 1, 99, 1);
        t.integer("active-defrag-cycle-max", null, 1, 99, 25);
        t.integer("active-defrag-threshold-lower", null, 0, 1000, 10);
        t.integer("active-defrag-threshold-upper", null, 0, 1000, 100);
        t.integer("lfu-log-factor", null, 0, INT_MAX, 10);
        t.integer("lfu-decay-time", null, 0, INT_MAX, 1);
        t.integer("replica-priority", "slave-priority", 0, INT_MAX, 100);
        t.integer("repl-diskless-sync-delay", null, 0, INT_MAX, 5);
        t.integer("maxmemory-samples", null, 1, INT_MAX, 5);
        t.integer("maxmemory-eviction-tenacity", null, 0, 100, 10);
        t.integer("timeout", null, 0, INT_MAX, 0);
        t.integer("replica-announce-port", "slave-announce-port", 0, 65535, 0);
        t.integer("tcp-backlog", null, 0, INT_MAX, 511, DirectiveFlag.IMMUTABLE);
        t.integer("cluster-port", null, 0, 65535, 0, DirectiveFlag.IMMUTABLE);
        t.integer("cluster-announce-bus-port", null, 0, 65535, 0);
        t.integer("cluster-announce-port", null, 0, 65535, 0);
        t.integer("cluster-announce-tls-port", null, 0, 65535, 0);
        t.integer("repl-timeout", null, 1, INT_MAX, 60);
        t.integer("repl-ping-replica-period", "repl-ping-slave-period", 1, INT_MAX, 10);
        t.integer("list-compress-depth", null, 0, INT_MAX, 0);
        t.integer("rdb-key-save-delay", null, INT_MIN, INT_MAX, 0, DirectiveFlag.HIDDEN);
        t.integer("key-load-delay", null, INT_MIN, INT_MAX, 0, DirectiveFlag.HIDDEN);
        t.integer("active-expire-effort", null, 1, 10, 1);
        t.add("hz", null, NumericType.integer(0, INT_MAX), 10L,
                v -> Math.max(MIN_HZ, Math.min(MAX_HZ, (Long) v)), EnumSet.noneOf(DirectiveFlag.class));
        t.integer("min-replicas-to-write", "min-slaves-to-write", 0, INT_MAX, 0);
        t.integer("min-replicas-max-lag", "min-slaves-max-lag", 0, INT_MAX, 10);
        t.integer("watchdog-period", null, 0, INT_MAX, 0, DirectiveFlag.HIDDEN);
        t.integer("shutdown-timeout", null, 0, INT_MAX, 10);
        t.integer("repl-diskless-sync-max-replicas", null, 0, INT_MAX, 0);
        // Unsigned int configs.
        t.special("maxclients", null, NumericType.unsignedInteger(1, UINT_MAX), 10000L);
        t.special("unixsocketperm", null, new NumericType(0, 0777, true, NumericType.Format.OCTAL), 0L,
                DirectiveFlag.IMMUTABLE);
        t.special("socket-mark-id", null, NumericType.unsignedInteger(0, UINT_MAX), 0L, DirectiveFlag.IMMUTABLE);
        // Unsigned long configs (bounds-checked as signed, like Redis).
        t.integer("active-defrag-max-scan-fields", null, 1, LONG_MAX, 1000);
        t.integer("slowlog-max-len", null, 0, LONG_MAX, 128);
        t.integer("acllog-max-len", null, 0, LONG_MAX, 128);
        // Long long configs.
        t.integer("busy-reply-threshold", "lua-time-limit", 0, LONG_MAX, 5000);
        t.integer("cluster-node-timeout", null, 0, LONG_MAX, 15000);
        t.integer("slowlog-log-slower-than", null, -1, LONG_MAX, 10000);
        t.integer("latency-monitor-threshold", null, 0, LONG_MAX, 0);
        t.memory("proto-max-bulk-len", null, MB, LONG_MAX, 512 * MB, false);
        t.integer("stream-node-max-entries", null, 0, LONG_MAX, 100);
        t.add("repl-backlog-size", null, NumericType.memory(1, LONG_MAX, false), MB,
                v -> Math.max(REPL_BACKLOG_MIN_SIZE, (Long) v), EnumSet.noneOf(DirectiveFlag.class));
        // Unsigned long long configs.
        t.memory("maxmemory", null, 0, ULLONG_MAX, 0, true);
        t.memory("cluster-link-sendbuf-limit", null, 0, ULLONG_MAX, 0, true);
        // size_t configs.
        t.special("hash-max-listpack-entries", "hash-max-ziplist-entries", NumericType.unsignedInteger(0, LONG_MAX), 512L);
        t.special("set-max-intset-entries", null, NumericType.unsignedInteger(0, LONG_MAX), 512L);
        t.special("zset-max-listpack-entries", "zset-max-ziplist-entries", NumericType.unsignedInteger(0, LONG_MAX), 128L);
        t.memory("active-defrag-ignore-bytes", null, 1, LONG_MAX, 100 * MB, true);
        t.memory("hash-max-listpack-value", "hash-max-ziplist-value", 0, LONG_MAX, 64, true);
        t.memory("stream-node-max-bytes", null, 0, LONG_MAX, 4096, true);
        t.memory("zset-max-listpack-value", "zset-max-ziplist-value", 0, LONG_MAX, 64, true);
        t.memory("hll-sparse-max-bytes", null, 0, LONG_MAX, 3000, true);
        t.special("tracking-table-max-keys", null, NumericType.unsignedInteger(0, LONG_MAX), 1000000L);
        t.memory("client-query-buffer-limit", null, MB, LONG_MAX, 1024 * MB, true);
        t.special("maxmemory-clients", null, new NumericType(-100, LONG_MAX, false,
                NumericType.Format.MEMORY_OR_PERCENT), 0L);
        // Other numeric configs.
        t.integer("repl-backlog-ttl", null, 0, LONG_MAX, 3600);
        t.memory("auto-aof-rewrite-min-size", null, 0, LONG_MAX, 64 * MB, false);
        t.integer("loading-process-events-interval-bytes", null, 1024, INT_MAX, 2 * MB, DirectiveFlag.HIDDEN);

        // TLS configs (accepted and reported; Vigil has no TLS).
        t.integer("tls-port", null, 0, 65535, 0);
        t.integer("tls-session-cache-size", null, 0, INT_MAX, 20 * 1024);
        t.integer("tls-session-cache-timeout", null, 0, INT_MAX, 300);
        t.bool("tls-cluster", null, false);
        t.bool("tls-replication", null, false);
        t.enumd("tls-auth-clients", null, EnumType.of("no", "yes", "optional"), "yes");
        t.bool("tls-prefer-server-ciphers", null, false);
        t.bool("tls-session-caching", null, true);
        for (String s : List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file",
                "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file",
                "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites")) {
            t.string(s, null, StringType.NULLABLE, null);
        }

        // Vigil extensions: the HTTP listener for /metrics (0 = off; a non-loopback bind needs a token).
        // Hidden: CONFIG GET by exact name shows them, while CONFIG GET * stays identical to Redis's.
        t.integer("http-port", null, 0, 65535, 0, DirectiveFlag.IMMUTABLE, DirectiveFlag.HIDDEN);
        t.string("http-bind", null, StringType.PLAIN, "127.0.0.1", DirectiveFlag.IMMUTABLE, DirectiveFlag.HIDDEN);
        t.string("http-auth-token", null, StringType.PLAIN, "", DirectiveFlag.IMMUTABLE, DirectiveFlag.SENSITIVE,
                DirectiveFlag.HIDDEN);

        // Special configs.
        t.special("dir", null, DirType.INSTANCE, ".", DirectiveFlag.PROTECTED, DirectiveFlag.DENY_LOADING);
        t.special("save", null, SaveType.INSTANCE, List.of(new SaveRule(3600, 1), new SaveRule(300, 100),
                new SaveRule(60, 10000)), DirectiveFlag.MULTI_ARG);
        t.special("client-output-buffer-limit", null, OutputBufferLimitType.INSTANCE, OutputBufferLimits.DEFAULTS,
                DirectiveFlag.MULTI_ARG);
        t.special("oom-score-adj-values", null, OomScoreAdjValuesType.INSTANCE, List.of(0, 200, 800),
                DirectiveFlag.MULTI_ARG);
        t.special("notify-keyspace-events", null, KeyspaceEventsType.INSTANCE, 0);
        t.special("bind", null, BindType.INSTANCE, BindType.DEFAULT, DirectiveFlag.MULTI_ARG);
        t.special("replicaof", "slaveof", ReplicaOfType.INSTANCE, null, DirectiveFlag.IMMUTABLE,
                DirectiveFlag.MULTI_ARG);
        t.special("latency-tracking-info-percentiles", null, PercentilesType.INSTANCE, List.of(50.0, 99.0, 99.9),
                DirectiveFlag.MULTI_ARG);
        return t.list;
    }

    private static final int SHUTDOWN_SAVE = 1;
    private static final int SHUTDOWN_NOSAVE = 2;

    private static final EnumType SHUTDOWN_FLAGS = new EnumType(List.of(
            new EnumType.Entry("default", 0), new EnumType.Entry("save", SHUTDOWN_SAVE),
            new EnumType.Entry("nosave", SHUTDOWN_NOSAVE), new EnumType.Entry("now", 4),
            new EnumType.Entry("force", 8)), true,
            v -> (v & SHUTDOWN_SAVE) != 0 && (v & SHUTDOWN_NOSAVE) != 0
                    ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null);

    private static boolean isBaseName(String v) {
        return v.indexOf('/') < 0 && v.indexOf('\\') < 0;
    }

    private static String checkHostname(String v) {
        if (v.length() >= 256) {
            return "Hostnames must be less than 256 characters";
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\0') {
                break;
            }
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return "Hostnames may only contain alphanumeric characters, hyphens or dots";
            }
        }
        return null;
    }

    /** Redis's validateProcTitleTemplate: known {variables}, {{ escapes, non-empty expansion. */
    private static String checkProcTitleTemplate(String template) {
        String invalid = "template format is invalid or contains unknown variables";
        StringBuilder res = new StringBuilder();
        int p = 0;
        while (p < template.length()) {
            int sv = template.indexOf('{', p);
            if (sv < 0) {
                res.append(template, p, template.length());
                break;
            }
            res.append(template, p, sv);
            sv++;
            if (sv >= template.length()) {
                return invalid;
            }
            if (template.charAt(sv) == '{') {
                res.append('{');
                p = sv + 1;
                continue;
            }
            int ev = template.indexOf('}', sv);
            if (ev < 0) {
                return invalid;
            }
            String var = template.substring(sv, ev);
            switch (var) {
                case "title", "server-mode", "unixsocket", "config-file" -> { }
                case "listen-addr" -> res.append("*:6379");
                case "port", "tls-port" -> res.append("0");
                default -> {
                    return invalid;
                }
            }
            p = ev + 1;
        }
        return res.toString().strip().isEmpty() ? invalid : null;
    }

    /** Collects table rows; keeps the table above readable. */
    private static final class Table {
        final List<DirectiveSpec> list = new ArrayList<>();

        void add(String name, String alias, ValueType<?> type, Object def, UnaryOperator<Object> normalizer,
                 EnumSet<DirectiveFlag> flags) {
            List<String> aliases = alias == null ? List.of() : List.of(alias);
            list.add(new DirectiveSpec(name, aliases, type, def, Set.copyOf(flags), isActedOn(name), normalizer));
        }

        private static EnumSet<DirectiveFlag> flags(DirectiveFlag... f) {
            EnumSet<DirectiveFlag> s = EnumSet.noneOf(DirectiveFlag.class);
            s.addAll(List.of(f));
            return s;
        }

        void bool(String name, String alias, boolean def, DirectiveFlag... f) {
            add(name, alias, BoolType.PLAIN, def, null, flags(f));
        }

        void integer(String name, String alias, long min, long max, long def, DirectiveFlag... f) {
            add(name, alias, NumericType.integer(min, max), def, null, flags(f));
        }

        void memory(String name, String alias, long min, long max, long def, boolean unsigned, DirectiveFlag... f) {
            add(name, alias, NumericType.memory(min, max, unsigned), def, null, flags(f));
        }

        void enumd(String name, String alias, EnumType type, String def, DirectiveFlag... f) {
            add(name, alias, type, type.valueOf(def), null, flags(f));
        }

        void string(String name, String alias, StringType type, String def, DirectiveFlag... f) {
            add(name, alias, type, def, null, flags(f));
        }

        void special(String name, String alias, ValueType<?> type, Object def, DirectiveFlag... f) {
            add(name, alias, type, def, null, flags(f));
        }
    }
}
