package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares this module with the installed real redis-server 7.0.15: CONFIG GET *, fatal config
 * errors, CONFIG SET replies and CONFIG REWRITE output. Skipped without redis-server unless CI=true.
 */
class RealRedisComparisonTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsRedis() {
        RealRedis.requireBinary();
    }

    private static List<String> startArgs(String configFile, int port) {
        List<String> a = new ArrayList<>();
        if (configFile != null) {
            a.add(configFile);
        }
        a.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--daemonize", "no",
                "--logfile", "", "--save", ""));
        return a;
    }

    private NodeConfig ours(String configFile, int port) throws Exception {
        CommandLine cl = CommandLine.parse("vigil-node", startArgs(configFile, port), dir);
        return ConfigLoader.load(cl, LoadOptions.defaults(dir)).config();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> configGetAll(RealRedis r) throws Exception {
        List<Object> reply = (List<Object>) r.call("CONFIG", "GET", "*");
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < reply.size(); i += 2) {
            m.put((String) reply.get(i), (String) reply.get(i + 1));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> configGetAllAuthed(RealRedis r) throws Exception {
        List<Object> reply = (List<Object>) r.callAuthed("p\"w\\n", "CONFIG", "GET", "*");
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < reply.size(); i += 2) {
            m.put((String) reply.get(i), (String) reply.get(i + 1));
        }
        return m;
    }

    @Test
    void configGetAllMatchesTheLiveServer() throws Exception {
        try (RealRedis r = RealRedis.start(dir, null)) {
            assertEquals(configGetAll(r), NodeConfigGetSetTest.asMap(ours(null, r.port).configGet(List.of("*"))));
        }
    }

    @Test
    void fatalConfigErrorsPrintWhatRedisPrints() throws Exception {
        List<String> bad = List.of("port 6380\nport \"abc\"\n", "port \"abc\n", "port '6380'x\n", "foo bar\n",
                "port 1 2\n", "sentinel monitor x 1 2 3\n", "save 1\n", "maxmemory 10x\n", "loglevel foo\n",
                "replicaof 127.0.0.1 abc\n", "client-output-buffer-limit normal 0 0\n", "notify-keyspace-events Q\n",
                "my.mod\n", "dir /nonexistent-vigil\n", "logfile /nonexistent-vigil/x.log\n",
                "oom-score-adj-values 1 2 x\n", "list-max-ziplist-entries\n", "maxmemory-clients 101%\n",
                "shutdown-on-sigint save nosave\n", "proto-max-bulk-len 1k\n", "unixsocketperm 1777\n",
                "\n\n  hz   x  \n", "latency-tracking-info-percentiles 101\n", "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n");
        for (String content : bad) {
            Path f = dir.resolve("bad.conf");
            Files.writeString(f, content, StandardCharsets.ISO_8859_1);
            RealRedis.Exit real = RealRedis.runToExit(dir, null, f.toString());
            assertEquals(1, real.code(), content);
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.loadFile(f, LoadOptions.defaults(dir), false), content);
            String full = e.formatFatal();
            String redisPart = full.substring(0, full.length() - e.fileLineReason().length() - 1);
            assertEquals(real.stderr(), redisPart, content);
        }
        Path f = dir.resolve("inc.conf");
        Files.writeString(f, "include /nonexistent-vigil.conf\n");
        RealRedis.Exit real = RealRedis.runToExit(dir, null, f.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadFile(f, LoadOptions.defaults(dir), false));
        assertTrue(real.stdout().contains("# " + e.reason() + "\n"), real.stdout());
    }

    @Test
    void commandLineErrorsPrintWhatRedisPrints() throws Exception {
        Files.writeString(dir.resolve("ok.conf"), "port 1\n");
        List<List<String>> cases = List.of(List.of("ok.conf", "--port", "abc"), List.of("ok.conf", "--port", "7000", "--hz"),
                List.of("ok.conf", "-", "--maxmemory", "x"), List.of("--maxmemory", "5", "--save", "--maxmemory", "x"),
                List.of("--replicaof", "127.0.0.1"), List.of("--save", "1 2 3"));
        for (List<String> args : cases) {
            RealRedis.Exit real = RealRedis.runToExit(dir, "", args.toArray(new String[0]));
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                    CommandLine.parse("vigil-node", args, dir),
                    LoadOptions.defaults(dir).withStdin(() -> new java.io.ByteArrayInputStream(new byte[0]))), args.toString());
            String full = e.formatFatal();
            assertEquals(real.stderr(), full.substring(0, full.length() - e.fileLineReason().length() - 1), args.toString());
        }
    }

    @Test
    void configSetRepliesAndResultingValuesMatch() throws Exception {
        List<List<String>> commands = List.of(
                List.of("maxmemory", "10", "maxmemory", "20"), List.of("maxmemory", "10", "foo", "1"),
                List.of("daemonize", "no", "foo", "1"), List.of("maxmemory", "2", "daemonize", "no"),
                List.of("maxmemory", "1gb", "hz", "1000", "timeout", "7"), List.of("maxmemory", "1g"),
                List.of("maxmemory-clients", "10%"), List.of("maxmemory-clients", "101%"),
                List.of("notify-keyspace-events", "KEAn"), List.of("notify-keyspace-events", "Elg$"),
                List.of("save", "100 5 200 1"), List.of("save", "100  5"), List.of("shutdown-on-sigterm", "force now"),
                List.of("slave-read-only", "no", "replica-read-only", "yes"), List.of("oom-score-adj", "relative"),
                List.of("latency-tracking-info-percentiles", "33.333333333 1e1"), List.of("repl-backlog-size", "3072"),
                List.of("client-output-buffer-limit", "replica 1mb 2mb 3 pubsub 1 2 3"), List.of("dir", "/tmp"),
                List.of("appendfsync", "ALWAYS"), List.of("list-max-ziplist-size", "-5"),
                List.of("port", "0080"), List.of("hz", "0"), List.of("activedefrag", "yes"),
                List.of("replica-announce-ip", "1.2.3.4"), List.of("cluster-announce-hostname", "a_b"),
                List.of("proc-title-template", "{foo}"), List.of("maxmemory", "99999999999999999999999"),
                List.of("maxmemory", "0"), List.of("unixsocketperm", "0"), List.of("set-max-intset-entries", "-1"));
        try (RealRedis r = RealRedis.start(dir, null)) {
            NodeConfig c = ours(null, r.port);
            for (List<String> cmd : commands) {
                List<String> full = new ArrayList<>(List.of("CONFIG", "SET"));
                full.addAll(cmd);
                Object real = r.call(full.toArray(new String[0]));
                String expected = real instanceof RealRedis.RespError err ? err.message() : (String) real;
                String actual;
                try {
                    c.configSet(cmd, SetContext.LOCAL);
                    actual = "OK";
                } catch (ConfigSetException e) {
                    actual = e.errorReply();
                }
                assertEquals(expected, actual, cmd.toString());
            }
            assertEquals(configGetAll(r), NodeConfigGetSetTest.asMap(c.configGet(List.of("*"))));
        }
    }

    /** The part before the signature must match exactly; the appended lines as a set (Redis's order is a hash order). */
    private static void assertSameRewrite(String real, String ours) {
        int ri = real.indexOf(RewriteState.SIGNATURE);
        int oi = ours.indexOf(RewriteState.SIGNATURE);
        assertEquals(ri < 0 ? real : real.substring(0, ri), oi < 0 ? ours : ours.substring(0, oi), ours);
        if (ri >= 0) {
            assertEquals(new TreeSet<>(List.of(real.substring(ri).split("\n", -1))),
                    new TreeSet<>(List.of(ours.substring(oi).split("\n", -1))), ours);
            assertEquals(real.length(), ours.length(), ours);
        }
    }

    @Test
    void configRewriteMatchesTheLiveServer() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "hz 11\n");
        String content = "# top comment\n  # indented comment\ninclude inc.conf\n"
                + "slaveof 127.0.0.1 6399\nslave-read-only yes\nmaxmemory 1mb\nmaxmemory 2mb\n"
                + "hash-max-ziplist-entries 100\nrename-command FLUSHALL \"\"\nrename-command keys KEYS2\n"
                + "list-max-ziplist-entries 5\nlua-replicate-commands yes\nMAXMEMORY-POLICY allkeys-lru\nloglevel notice\n"
                + "client-output-buffer-limit pubsub 32mb 8mb 60\nclient-output-buffer-limit replica 1gb 100mb 10\n"
                + "timeout 0\n\n\n\nreplica-announce-ip 5.5.5.5\nnotify-keyspace-events \"KEA\"\n"
                + "requirepass \"a b\\\"c\"\nsave 900 1\nsave 300 10\n";
        Path f = dir.resolve("node.conf");
        Files.writeString(f, content);
        List<String> sets = List.of("maxmemory", "3mb", "appendonly", "yes", "tcp-keepalive", "100",
                "maxmemory-policy", "noeviction", "replica-priority", "50", "client-output-buffer-limit",
                "normal 1mb 1mb 0", "requirepass", "p\"w\\n", "replica-announce-ip", "", "maxmemory-clients", "10%",
                "shutdown-on-sigint", "nosave now", "oom-score-adj-values", "1 2 3", "repl-backlog-size", "3072",
                "proto-max-bulk-len", "1gb", "latency-tracking-info-percentiles", "", "save", "60 5");
        try (RealRedis r = RealRedis.start(dir, f.toString())) {
            NodeConfig c = ours(f.toString(), r.port);
            List<String> full = new ArrayList<>(List.of("CONFIG", "SET"));
            full.addAll(sets);
            assertEquals("OK", r.callAuthed("a b\"c", full.toArray(new String[0])));
            c.configSet(sets, SetContext.LOCAL);
            assertEquals(configGetAllAuthed(r), NodeConfigGetSetTest.asMap(c.configGet(List.of("*"))));
            assertEquals("OK", authed(r, "CONFIG", "REWRITE"));
            String real1 = Files.readString(f, StandardCharsets.ISO_8859_1);
            String ours1 = c.rewrite(content, RewriteOptions.DEFAULT);
            assertSameRewrite(real1, ours1);

            assertEquals("OK", authed(r, "CONFIG", "REWRITE"));
            String real2 = Files.readString(f, StandardCharsets.ISO_8859_1);
            assertSameRewrite(real2, c.rewrite(real1, RewriteOptions.DEFAULT));
        }
    }

    /** Runs a command on a connection authenticated with the test password. */
    private static Object authed(RealRedis r, String... cmd) throws Exception {
        return r.callAuthed("p\"w\\n", cmd);
    }

    @Test
    void defaultsWithoutAnyConfigFileMatchAfterRewriteToo() throws Exception {
        Path f = dir.resolve("empty.conf");
        Files.writeString(f, "");
        try (RealRedis r = RealRedis.start(dir, f.toString())) {
            NodeConfig c = ours(f.toString(), r.port);
            assertEquals("OK", r.call("CONFIG", "REWRITE"));
            assertSameRewrite(Files.readString(f), c.rewrite("", RewriteOptions.DEFAULT));
        }
        Map<String, String> unused = new HashMap<>();
        assertTrue(unused.isEmpty());
    }
}
