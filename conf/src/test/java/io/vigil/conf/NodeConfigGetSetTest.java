package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigGetSetTest {
    @TempDir
    Path dir;

    private NodeConfig config() {
        return NodeConfig.defaults(dir);
    }

    static Map<String, String> fixture() throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (InputStream in = NodeConfigGetSetTest.class.getResourceAsStream("redis-7.0.15-config-get-all.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                m.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return m;
    }

    static Map<String, String> asMap(List<ConfigEntry> entries) {
        Map<String, String> m = new TreeMap<>();
        for (ConfigEntry e : entries) {
            assertFalse(m.containsKey(e.name()), "duplicate " + e.name());
            m.put(e.name(), e.value());
        }
        return m;
    }

    @Test
    void configGetAllEqualsTheRealServerDefaults() throws Exception {
        Map<String, String> ours = asMap(config().configGet(List.of("*")));
        assertEquals(dir.toRealPath().toString(), ours.get("dir"));
        ours.put("dir", "<dir>");
        assertEquals(fixture(), ours);
    }

    @Test
    void hiddenDirectivesNeedTheExactName() {
        NodeConfig c = config();
        assertTrue(asMap(c.configGet(List.of("*"))).keySet().stream().noneMatch(n -> n.equals("use-exit-on-panic")));
        assertEquals(List.of(new ConfigEntry("use-exit-on-panic", "no"), new ConfigEntry("key-load-delay", "0"),
                new ConfigEntry("loading-process-events-interval-bytes", "2097152")),
                c.configGet(List.of("use-exit-on-panic", "use-exit*", "key-load-delay", "loading-process-events-interval-bytes")));
    }

    @Test
    void configGetDeduplicatesAcrossPatternsAndKeepsTheAskedSpelling() {
        NodeConfig c = config();
        assertEquals(List.of(new ConfigEntry("MaxMemory", "0")), c.configGet(List.of("MaxMemory", "maxmemory")));
        Map<String, String> m = asMap(c.configGet(List.of("maxmemory", "maxmem*", "MAXMEMORY")));
        assertEquals(Map.of("maxmemory", "0", "maxmemory-clients", "0", "maxmemory-eviction-tenacity", "10",
                "maxmemory-policy", "noeviction", "maxmemory-samples", "5"), m);
        assertEquals(List.of(), c.configGet(List.of("nosuch")));
        assertEquals(Map.of("slaveof", "", "replicaof", ""), asMap(c.configGet(List.of("*of"))));
        assertEquals(c.configGet(List.of("*")), c.configGet(List.of("*")));
    }

    @Test
    void typedGettersReadCurrentValues() throws Exception {
        NodeConfig c = config();
        assertEquals(6379, c.getInt("port"));
        assertEquals(1073741824L, c.getMemory("client-query-buffer-limit"));
        assertTrue(c.getBool("protected-mode"));
        assertEquals(List.of("*", "-::*"), c.getList("bind"));
        assertEquals("dump.rdb", c.getString("dbfilename"));
        assertEquals(null, c.getString("masterauth"));
        assertEquals("noeviction", c.getString("maxmemory-policy"));
        assertEquals(List.of(new SaveRule(3600, 1), new SaveRule(300, 100), new SaveRule(60, 10000)), c.saveRules());
        assertEquals(OutputBufferLimits.DEFAULTS, c.outputBufferLimits());
        assertEquals(dir.toRealPath(), c.dir());
        c.configSet(List.of("maxmemory", "1gb", "notify-keyspace-events", "KEA"), SetContext.REMOTE);
        assertEquals(1L << 30, c.getMemory("maxmemory"));
        assertEquals("AKE", c.get("notify-keyspace-events"));
        assertEquals(KeyspaceEventsType.ALL | KeyspaceEventsType.KEYSPACE | KeyspaceEventsType.KEYEVENT,
                c.keyspaceEventFlags());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "maxmemory 10 maxmemory 20|ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter",
            "maxmemory 10 foo 1|ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
            "foo 1 daemonize no|ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
            "daemonize no foo 1|ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
            "maxmemory 10 maxmemory-policy bad|ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
            "maxmemory|ERR syntax error",
            "maxmemory 2 daemonize no maxmemory 3|ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
            "maxmemory 1 maxmemory 2 daemonize no|ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter",
            "DAEMONIZE no|ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set immutable config",
            "MAXMEMORY x|ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
            "dir /tmp|ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
            "dbfilename a/b|ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config",
            "port 0080|ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer",
            "save '100  5'|ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters",
            "shutdown-on-sigint 'save nosave'|ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used simultaneously",
            "client-output-buffer-limit 'master 1 1 1'|ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.",
            "client-output-buffer-limit 'normal 1 x 1'|ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.",
            "cluster-announce-hostname a_b|ERR CONFIG SET failed (possibly related to argument 'cluster-announce-hostname') - Hostnames may only contain alphanumeric characters, hyphens or dots",
            "proc-title-template {foo}|ERR CONFIG SET failed (possibly related to argument 'proc-title-template') - template format is invalid or contains unknown variables",
            "activedefrag yes|ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution",
            "maxmemory-clients -5|ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value",
            "proto-max-bulk-len 99999999999999999999999|ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive",
            "replicaof 'no one'|ERR CONFIG SET failed (possibly related to argument 'replicaof') - can't set immutable config"})
    void configSetErrorsHaveRedisTexts(String args, String expected) {
        NodeConfig c = config();
        String before = asMap(c.configGet(List.of("*"))).toString();
        ConfigSetException e = assertThrows(ConfigSetException.class, () -> c.configSet(splitArgs(args), SetContext.REMOTE));
        assertEquals(expected, e.errorReply());
        assertEquals(before, asMap(c.configGet(List.of("*"))).toString(), "a failed CONFIG SET changed something");
    }

    /** Splits on spaces with '...' grouping (test shorthand). */
    static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        for (String a : ArgSplitter.split(s)) {
            out.add(a);
        }
        return out;
    }

    @Test
    void emptyConfigSetIsAnArityError() {
        assertEquals("ERR wrong number of arguments for 'config|set' command",
                assertThrows(ConfigSetException.class, () -> config().configSet(List.of(), SetContext.REMOTE)).errorReply());
    }

    @Test
    void aliasAndPrimaryInOneCommandAreNotDuplicatesAndTheLastWins() throws Exception {
        NodeConfig c = config();
        c.configSet(List.of("slave-read-only", "no", "replica-read-only", "yes"), SetContext.REMOTE);
        assertEquals("yes", c.get("slave-read-only"));
        c.configSet(List.of("replica-read-only", "no"), SetContext.REMOTE);
        assertEquals("no", c.get("slave-read-only"));
    }

    @Test
    void valuesParseLikeRedis() throws Exception {
        NodeConfig c = config();
        c.configSet(List.of("maxmemory", "1g", "hz", "1000", "appendfsync", "ALWAYS", "activerehashing", "NO",
                "maxmemory-clients", "10%", "save", "", "bind", "127.0.0.1 -::1", "shutdown-on-sigint", "default now",
                "latency-tracking-info-percentiles", "1e1 0", "oom-score-adj", "relative",
                "client-output-buffer-limit", "slave 1mb 2mb 3", "repl-backlog-size", "3072"), SetContext.REMOTE);
        assertEquals("1000000000", c.get("maxmemory"));
        assertEquals("500", c.get("hz"));
        assertEquals("always", c.get("appendfsync"));
        assertEquals("no", c.get("activerehashing"));
        assertEquals("10%", c.get("maxmemory-clients"));
        assertEquals("", c.get("save"));
        assertEquals("127.0.0.1 -::1", c.get("bind"));
        assertEquals("now", c.get("shutdown-on-sigint"));
        assertEquals("10 0", c.get("latency-tracking-info-percentiles"));
        assertEquals("yes", c.get("oom-score-adj"));
        assertEquals("normal 0 0 0 slave 1048576 2097152 3 pubsub 33554432 8388608 60", c.get("client-output-buffer-limit"));
        assertEquals("16384", c.get("repl-backlog-size"));
        c.configSet(List.of("maxmemory", "99999999999999999999999", "shutdown-on-sigint", "nosave now"), SetContext.REMOTE);
        assertEquals("18446744073709551615", c.get("maxmemory"));
        assertEquals("nosave now", c.get("shutdown-on-sigint"));
    }

    @Test
    void protectedConfigsFollowEnableProtectedConfigs() throws Exception {
        NodeConfig c = ConfigLoader.loadString("enable-protected-configs local\n", "t", LoadOptions.defaults(dir), false)
                .config();
        assertThrows(ConfigSetException.class, () -> c.configSet(List.of("dbfilename", "x.rdb"), SetContext.REMOTE));
        c.configSet(List.of("dbfilename", "x.rdb", "dir", dir.toString()), SetContext.LOCAL);
        assertEquals("x.rdb", c.get("dbfilename"));
        ConfigSetException e = assertThrows(ConfigSetException.class,
                () -> c.configSet(List.of("dir", "/nonexistent-vigil"), SetContext.LOCAL));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory", e.errorReply());
    }

    @Test
    void loadingRefusesDenyLoadingDirectives() {
        ConfigSetException e = assertThrows(ConfigSetException.class,
                () -> config().configSet(List.of("appendonly", "yes"), new SetContext(false, true)));
        assertEquals("LOADING Redis is loading the dataset in memory", e.errorReply());
    }

    @Test
    void aFailedValueLeavesEarlierValuesOfTheSameCommandUnchanged() {
        NodeConfig c = config();
        assertThrows(ConfigSetException.class,
                () -> c.configSet(List.of("maxmemory", "5mb", "timeout", "10", "hz", "x"), SetContext.REMOTE));
        assertEquals("0", c.get("maxmemory"));
        assertEquals("0", c.get("timeout"));
    }

    @Test
    void aVetoingApplyHookRollsEverythingBackAndHooksSeeTheRestore() {
        NodeConfig c = config();
        List<String> calls = new ArrayList<>();
        c.onApply("maxmemory", ch -> calls.add("mem " + ch.oldValue() + "->" + ch.newValue()));
        c.onApply("port", ch -> {
            calls.add("port " + ch.oldValue() + "->" + ch.newValue());
            if (ch.newValue().equals("7000")) {
                throw new ApplyException("Unable to listen on this port. Check server logs.");
            }
        });
        List<List<ConfigChange>> seen = new ArrayList<>();
        c.addListener(seen::add);
        ConfigSetException e = assertThrows(ConfigSetException.class,
                () -> c.configSet(List.of("maxmemory", "1mb", "port", "7000"), SetContext.REMOTE));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'port') - "
                + "Unable to listen on this port. Check server logs.", e.errorReply());
        assertEquals("0", c.get("maxmemory"));
        assertEquals("6379", c.get("port"));
        assertEquals(List.of("mem 0->1048576", "port 6379->7000", "mem 1048576->0", "port 7000->6379"), calls);
        assertEquals(List.of(), seen);
    }

    @Test
    void hooksRunOnlyForChangedValuesAndOncePerCommand() throws Exception {
        NodeConfig c = config();
        int[] runs = {0};
        ApplyHook shared = ch -> runs[0]++;
        c.onApply("min-replicas-to-write", shared);
        c.onApply("min-replicas-max-lag", shared);
        c.configSet(List.of("min-replicas-to-write", "1", "min-replicas-max-lag", "5"), SetContext.REMOTE);
        assertEquals(1, runs[0]);
        c.configSet(List.of("min-replicas-to-write", "1"), SetContext.REMOTE);
        assertEquals(1, runs[0]);
    }

    @Test
    void listenersSeeEachChangeAfterCommit() throws Exception {
        NodeConfig c = config();
        List<ConfigChange> one = new ArrayList<>();
        List<List<ConfigChange>> all = new ArrayList<>();
        c.onChange("slave-priority", one::add);
        c.addListener(all::add);
        c.configSet(List.of("replica-priority", "50", "timeout", "0", "hz", "20"), SetContext.REMOTE);
        assertEquals(List.of(new ConfigChange("replica-priority", "100", "50")), one);
        assertEquals(List.of(List.of(new ConfigChange("replica-priority", "100", "50"), new ConfigChange("hz", "10", "20"))), all);
    }

    @Test
    void setInternalBypassesImmutabilityForTheNode() throws Exception {
        NodeConfig c = config();
        List<ConfigChange> seen = new ArrayList<>();
        c.onChange("replicaof", seen::add);
        c.setInternal("replicaof", List.of("10.0.0.5", "6380"));
        assertEquals("10.0.0.5 6380", c.get("slaveof"));
        c.setInternal("replicaof", List.of("no", "one"));
        assertEquals("", c.get("replicaof"));
        assertEquals(2, seen.size());
    }

    @Test
    void registryCoversEveryNameAndMarksMutability() throws Exception {
        DirectiveRegistry r = NodeDirectives.registry();
        for (String name : fixture().keySet()) {
            assertTrue(r.lookup(name).isPresent(), name);
        }
        assertFalse(r.lookup("daemonize").orElseThrow().mutable());
        assertTrue(r.lookup("maxmemory").orElseThrow().mutable());
        assertTrue(r.lookup("port").orElseThrow().actedOn());
        assertTrue(r.lookup("repl-timeout").orElseThrow().actedOn());
        assertFalse(r.lookup("unixsocket").orElseThrow().actedOn());
        assertTrue(config().isSensitive("requirepass"));
    }

    @Test
    void ignoredDirectivesListsWhatVigilDoesNotActOn() throws Exception {
        NodeConfig c = ConfigLoader.loadString("port 1\nactiverehashing no\nunixsocket /tmp/x.sock\n"
                + "lua-replicate-commands yes\nloadmodule /x.so\nmy.mod 1\nmaxmemory 1\n", "t",
                LoadOptions.defaults(dir), false).config();
        assertEquals(List.of("activerehashing", "unixsocket", "lua-replicate-commands", "loadmodule", "my.mod"),
                c.ignoredDirectives());
    }
}
