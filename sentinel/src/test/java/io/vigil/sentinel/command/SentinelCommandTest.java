package io.vigil.sentinel.command;

import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.command.RespTestClient.Err;
import io.vigil.sentinel.runtime.SentinelConfigLoader;
import io.vigil.sentinel.runtime.SentinelDaemon;
import io.vigil.sentinel.runtime.SentinelLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sentinel command table against an in-process daemon watching an unreachable master: reply
 * shapes, field order and Redis's error texts, and persistence of state-changing commands.
 */
class SentinelCommandTest {
    @TempDir
    Path dir;
    Path conf;
    SentinelDaemon daemon;
    RespTestClient c;

    @BeforeEach
    void start() throws Exception {
        conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "# my sentinel\nsentinel down-after-milliseconds m1 5000\n"
                + "sentinel monitor m1 127.0.0.1 1 2\nsentinel failover-timeout m1 20000\n");
        var settings = SentinelConfigLoader.load(conf, List.of("--port", "0", "--bind", "127.0.0.1"));
        daemon = SentinelDaemon.start(settings, SentinelLog.file(dir.resolve("sentinel.log"), LogLevel.DEBUG));
        c = new RespTestClient(daemon.port());
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        daemon.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static List<String> keys(List<Object> flat) {
        List<String> k = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += 2) {
            k.add((String) flat.get(i));
        }
        return k;
    }

    @Test
    void masterMapHasRedisFieldOrderWithNumbersAsBulkStrings() throws Exception {
        List<Object> m = list(c.call("SENTINEL", "MASTER", "m1"));
        assertEquals(List.of("name", "ip", "port", "runid", "flags", "link-pending-commands", "link-refcount",
                "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "down-after-milliseconds", "info-refresh",
                "role-reported", "role-reported-time", "config-epoch", "num-slaves", "num-other-sentinels", "quorum",
                "failover-timeout", "parallel-syncs"), keys(m));
        assertEquals("1", m.get(5)); // port, a bulk string
        assertEquals("master,disconnected", m.get(9));
        assertEquals("5000", m.get(21));
        assertEquals("20000", m.get(37));
    }

    @Test
    void unknownMasterGetsRedisErrorsAndNullAddress() throws Exception {
        for (String sub : List.of("MASTER", "REPLICAS", "SLAVES", "SENTINELS", "CKQUORUM", "FAILOVER", "REMOVE")) {
            assertEquals(new Err("ERR No such master with that name"), c.call("SENTINEL", sub, "nope"), sub);
        }
        assertNull(c.call("SENTINEL", "get-master-addr-by-name", "nope"));
        assertEquals('*', c.lastType);
        assertEquals(List.of("127.0.0.1", "1"), c.call("sentinel", "GET-MASTER-ADDR-BY-NAME", "m1"));
        assertEquals(List.of("127.0.0.1", "1"), c.call("sentinel", "get-primary-addr-by-name", "m1"));
        assertEquals(0L, c.call("SENTINEL", "RESET", "other*"));
    }

    @Test
    void sentinelSetValidatesValuesLikeRedis() throws Exception {
        assertEquals(new Err("ERR Invalid argument 'abc' for SENTINEL SET 'down-after-milliseconds'"),
                c.call("SENTINEL", "SET", "m1", "down-after-milliseconds", "abc"));
        assertEquals(new Err("ERR Invalid argument '0' for SENTINEL SET 'quorum'"),
                c.call("SENTINEL", "SET", "m1", "quorum", "0"));
        assertEquals(new Err("ERR Unknown option or number of arguments for SENTINEL SET 'bogus'"),
                c.call("SENTINEL", "SET", "m1", "bogus", "1"));
        assertEquals(new Err("ERR Reconfiguration of scripts path is denied for security reasons. Check the "
                        + "deny-scripts-reconfig configuration directive in your Sentinel configuration"),
                c.call("SENTINEL", "SET", "m1", "notification-script", "/bin/true"));
        assertEquals("OK", c.call("SENTINEL", "SET", "m1", "down-after-milliseconds", "7000", "auth-pass", "s3cret"));
        String file = Files.readString(conf);
        assertTrue(file.contains("sentinel down-after-milliseconds m1 7000"), file);
        assertTrue(file.contains("sentinel auth-pass m1 s3cret"), file);
        assertTrue(file.startsWith("# my sentinel\nsentinel down-after-milliseconds m1 7000\n"), file);
    }

    @Test
    void monitorParsesQuorumThenPortAndPersists() throws Exception {
        assertEquals(new Err("ERR Invalid quorum"), c.call("SENTINEL", "MONITOR", "m2", "127.0.0.1", "x", "y"));
        assertEquals(new Err("ERR Invalid port"), c.call("SENTINEL", "MONITOR", "m2", "127.0.0.1", "x", "2"));
        assertEquals(new Err("ERR Quorum must be 1 or greater."), c.call("SENTINEL", "MONITOR", "m2", "127.0.0.1", "2", "0"));
        assertEquals(new Err("ERR Invalid IP address or hostname specified"),
                c.call("SENTINEL", "MONITOR", "m2", "no.such.host.invalid", "2", "1"));
        assertEquals(new Err("ERR Duplicate master name."), c.call("SENTINEL", "MONITOR", "m1", "127.0.0.1", "2", "1"));
        assertEquals("OK", c.call("SENTINEL", "MONITOR", "m2", "127.0.0.1", "2", "1"));
        assertTrue(Files.readString(conf).contains("sentinel monitor m2 127.0.0.1 2 1"));
        assertEquals(List.of("sentinel", List.of("m1", "m2")), c.call("ROLE"));
        assertEquals("OK", c.call("SENTINEL", "REMOVE", "m2"));
        assertTrue(!Files.readString(conf).contains("m2"));
    }

    @Test
    void voteIsOnDiskBeforeTheReply() throws Exception {
        List<Object> r = list(c.call("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "1", "5",
                "0123456789012345678901234567890123456789"));
        assertEquals(List.of(0L, "0123456789012345678901234567890123456789", 5L), r);
        String file = Files.readString(conf);
        assertTrue(file.contains("sentinel leader-epoch m1 5"), file);
        assertTrue(file.contains("sentinel current-epoch 5"), file);
        assertEquals(new Err("ERR value is not an integer or out of range"),
                c.call("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "x", "5", "*"));
    }

    @Test
    void resp3GetsMapsAndHelloSaysSentinel() throws Exception {
        Object hello = c.call("HELLO", "3");
        assertInstanceOf(Map.class, hello);
        Map<?, ?> h = (Map<?, ?>) hello;
        assertEquals(List.of("server", "version", "proto", "id", "mode", "modules"), new ArrayList<>(h.keySet()));
        assertEquals("sentinel", h.get("mode"));
        assertEquals(3L, h.get("proto"));
        Object m = c.call("SENTINEL", "MASTER", "m1");
        assertEquals('%', c.lastType);
        assertEquals("m1", ((Map<?, ?>) m).get("name"));
        Object masters = c.call("SENTINEL", "MASTERS");
        assertInstanceOf(Map.class, list(masters).get(0));
        assertEquals(new Err("NOPROTO unsupported protocol version"), c.call("HELLO", "4"));
    }

    @Test
    void configGetSetAndDebugFollowRedis() throws Exception {
        assertEquals("OK", c.call("SENTINEL", "CONFIG", "SET", "announce-ip", "10.0.0.9"));
        assertEquals(List.of("announce-ip", "10.0.0.9"), c.call("SENTINEL", "CONFIG", "GET", "announce-ip"));
        assertTrue(Files.readString(conf).contains("sentinel announce-ip \"10.0.0.9\""));
        assertEquals(new Err("ERR Invalid argument 'bogus' to SENTINEL CONFIG SET"),
                c.call("SENTINEL", "CONFIG", "SET", "bogus", "1"));
        assertEquals(new Err("ERR Invalid value 'maybe' to SENTINEL CONFIG SET 'resolve-hostnames'"),
                c.call("SENTINEL", "CONFIG", "SET", "resolve-hostnames", "maybe"));
        List<Object> all = list(c.call("SENTINEL", "CONFIG", "GET", "*"));
        assertEquals(List.of("resolve-hostnames", "announce-hostnames", "announce-ip", "announce-port",
                "sentinel-user", "sentinel-pass"), keys(all));
        List<Object> dbg = list(c.call("SENTINEL", "DEBUG"));
        assertEquals("INFO-PERIOD", dbg.get(0));
        assertEquals("10000", dbg.get(1));
        assertEquals(26, dbg.size());
        assertEquals(new Err("ERR Invalid argument 'x' for SENTINEL DEBUG 'ping-period'"),
                c.call("SENTINEL", "DEBUG", "ping-period", "x"));
        assertEquals(new Err("ERR Unknown failure simulation specified"),
                c.call("SENTINEL", "SIMULATE-FAILURE", "bogus"));
        assertEquals(40, ((String) c.call("SENTINEL", "MYID")).length());
        assertEquals(new Err("ERR unknown subcommand 'bogus'. Try SENTINEL HELP."), c.call("SENTINEL", "bogus"));
        assertEquals(new Err("ERR wrong number of arguments for 'sentinel|master' command"), c.call("SENTINEL", "MASTER"));
    }

    @Test
    void publishAcceptsOnlyHelloAndEventsArePublished() throws Exception {
        assertEquals(new Err("ERR Only HELLO messages are accepted by Sentinel instances."),
                c.call("PUBLISH", "foo", "bar"));
        try (RespTestClient sub = new RespTestClient(daemon.port())) {
            sub.call("PSUBSCRIBE", "*");
            assertEquals("OK", c.call("SENTINEL", "SET", "m1", "quorum", "1"));
            assertEquals(List.of("pmessage", "*", "+set", "master m1 127.0.0.1 1 quorum 1"), sub.read());
        }
    }

    @Test
    void commandTableHasRedis70SentinelShape() throws Exception {
        assertEquals(15L, c.call("COMMAND", "COUNT"));
        assertEquals(72, list(c.call("COMMAND", "LIST")).size());
        assertEquals(new Err("ERR unknown subcommand 'SETINFO'. Try CLIENT HELP."), c.call("CLIENT", "SETINFO", "lib-name", "x"));
        assertEquals("OK", c.call("CLIENT", "SETNAME", "me"));
        assertEquals("me", c.call("CLIENT", "GETNAME"));
        assertTrue(((String) c.call("CLIENT", "LIST")).contains("name=me"));
        assertEquals(new Err("ERR unknown command 'GET', with args beginning with: 'k' "), c.call("GET", "k"));
    }

    @Test
    void failoverResetCkquorumAndScriptsAnswerLikeRedis() throws Exception {
        assertEquals(new Err("NOGOODSLAVE No suitable replica to promote"), c.call("SENTINEL", "FAILOVER", "m1"));
        assertEquals(new Err("NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified "
                + "quorum for this master"), c.call("SENTINEL", "CKQUORUM", "m1"));
        assertEquals(List.of(), c.call("SENTINEL", "PENDING-SCRIPTS"));
        assertEquals(List.of(), c.call("SENTINEL", "REPLICAS", "m1"));
        assertEquals(List.of(), c.call("SENTINEL", "SENTINELS", "m1"));
        try (RespTestClient sub = new RespTestClient(daemon.port())) {
            sub.call("SUBSCRIBE", "+reset-master");
            assertEquals(1L, c.call("SENTINEL", "RESET", "m*"));
            assertEquals(List.of("message", "+reset-master", "master m1 127.0.0.1 1"), sub.read());
        }
        assertEquals(List.of("crash-after-election", "crash-after-promotion"),
                c.call("SENTINEL", "SIMULATE-FAILURE", "HELP"));
        assertTrue(list(c.call("SENTINEL", "HELP")).get(0).toString().startsWith("SENTINEL <subcommand> "));
    }

    @Test
    void infoHasOnlySentinelSections() throws Exception {
        String info = (String) c.call("INFO");
        assertTrue(info.contains("redis_mode:sentinel"));
        assertTrue(info.contains("sentinel_masters:1"));
        assertTrue(info.contains("master0:name=m1,status="));
        assertTrue(!info.contains("used_memory") && !info.contains("# Replication"));
        String two = (String) c.call("INFO", "server", "replication", "sentinel");
        assertTrue(two.startsWith("# Server") && two.contains("# Sentinel") && !two.contains("# Clients"));
    }

    @Test
    void unreachableMasterBecomesSubjectivelyDown() {
        await().atMost(java.time.Duration.ofSeconds(15)).until(() -> {
            try (RespTestClient x = new RespTestClient(daemon.port())) {
                List<Object> m = list(x.call("SENTINEL", "MASTER", "m1"));
                return ((String) m.get(9)).contains("s_down");
            }
        });
    }
}
