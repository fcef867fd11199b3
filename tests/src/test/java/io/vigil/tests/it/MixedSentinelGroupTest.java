package io.vigil.tests.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * vigil-sentinels and real redis-sentinel 7.0s in one group (2+1 and 1+2) over real redis-server nodes:
 * they discover each other through hello messages, answer SENTINEL commands with the same fields in
 * the same order and the same error texts, and agree on the new master after kill -9.
 */
class MixedSentinelGroupTest {
    @TempDir
    Path dir;
    RealRedis redis;
    VigilSentinels vigil;

    @AfterEach
    void cleanup() throws Exception {
        if (vigil != null) {
            vigil.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** The reply as text: the error message, or the flat list of map keys, or toString. */
    static String outcome(int port, String... args) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            Object r = j.sendCommand(Protocol.Command.valueOf(args[0]), rest);
            return "reply:" + render(r);
        } catch (JedisDataException e) {
            return "error:" + e.getMessage();
        }
    }

    private static String render(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object x : l) {
                out.add(render(x));
            }
            return out.toString();
        }
        return String.valueOf(o);
    }

    static List<String> keys(int port, String sub, String name) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            Object r = j.sendCommand(Protocol.Command.SENTINEL, sub, name);
            List<?> l = (List<?>) r;
            List<?> first = sub.equalsIgnoreCase("master") ? l : (List<?>) l.get(0);
            List<String> k = new ArrayList<>();
            for (int i = 0; i < first.size(); i += 2) {
                k.add(new String((byte[]) first.get(i), StandardCharsets.UTF_8));
            }
            return k;
        }
    }

    @ParameterizedTest(name = "{0} vigil-sentinel(s) in a group of 3")
    @ValueSource(ints = {2, 1})
    void mixedGroupAgreesAndAnswersLikeRedis(int vigilCount) throws Exception {
        RealRedis.assumeInstalled();
        redis = new RealRedis(dir);
        vigil = new VigilSentinels(dir);
        String name = "vmx" + Long.toHexString(System.nanoTime() & 0xffffff);
        int m = RealRedis.freePort();
        int r = RealRedis.freePort();
        Process master = redis.server(m, 0);
        redis.server(r, m);
        await().atMost(Duration.ofSeconds(20)).until(() -> "up".equals(SentinelFailoverTest.info(r, "master_link_status")));
        String body = "sentinel monitor " + name + " 127.0.0.1 " + m + " 2\nsentinel down-after-milliseconds " + name
                + " 1000\nsentinel failover-timeout " + name + " 10000\n";
        int real = RealRedis.freePort();
        int v1 = RealRedis.freePort();
        int third = RealRedis.freePort();
        redis.sentinel(real, body);
        vigil.start(v1, body);
        if (vigilCount == 2) {
            vigil.start(third, body);
        } else {
            redis.sentinel(third, body);
        }
        int[] all = {real, v1, third};
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            for (int p : all) {
                try (Jedis j = new Jedis("127.0.0.1", p)) {
                    Map<String, String> mm = j.sentinelMaster(name);
                    if (!"2".equals(mm.get("num-other-sentinels")) || !"1".equals(mm.get("num-slaves"))) {
                        return false;
                    }
                } catch (RuntimeException e) {
                    return false;
                }
            }
            return true;
        });

        // Same fields in the same order as the real sentinel.
        for (String sub : List.of("MASTER", "REPLICAS", "SENTINELS")) {
            assertEquals(keys(real, sub, name), keys(v1, sub, name), sub);
        }
        // Same replies and error texts for bad input.
        String[][] probes = {
            {"SENTINEL", "MASTER", "nosuch"},
            {"SENTINEL", "REPLICAS", "nosuch"},
            {"SENTINEL", "SENTINELS", "nosuch"},
            {"SENTINEL", "CKQUORUM", "nosuch"},
            {"SENTINEL", "FAILOVER", "nosuch"},
            {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "nosuch"},
            {"SENTINEL", "RESET", "nosuch*"},
            {"SENTINEL", "SET", name, "down-after-milliseconds", "abc"},
            {"SENTINEL", "SET", name, "parallel-syncs", "0"},
            {"SENTINEL", "SET", name, "bogus", "1"},
            {"SENTINEL", "SET", name, "notification-script", "/bin/true"},
            {"SENTINEL", "SET", "nosuch", "quorum", "2"},
            {"SENTINEL", "MONITOR", "x", "127.0.0.1", "abc", "2"},
            {"SENTINEL", "MONITOR", "x", "127.0.0.1", "1", "zz"},
            {"SENTINEL", "MONITOR", "x", "127.0.0.1", "1", "0"},
            {"SENTINEL", "MONITOR", name, "127.0.0.1", "1", "1"},
            {"SENTINEL", "is-master-down-by-addr", "127.0.0.1", "x", "0", "*"},
            {"SENTINEL", "CONFIG", "SET", "bogus", "1"},
            {"SENTINEL", "CONFIG", "GET", "announce-*"},
            {"SENTINEL", "DEBUG", "ping-period", "abc"},
            {"SENTINEL", "SIMULATE-FAILURE", "bogus"},
            {"SENTINEL", "bogus"},
            {"SENTINEL", "MASTER"},
            {"PUBLISH", "foo", "bar"},
            {"ROLE"},
            {"SENTINEL", "CKQUORUM", name},
        };
        assertEquals("error:ERR No such master with that name", outcome(v1, "SENTINEL", "MASTER", "nosuch"));
        for (String[] p : probes) {
            assertEquals(outcome(real, p), outcome(v1, p), String.join(" ", p));
        }

        RealRedis.kill9(master);
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            for (int p : all) {
                List<String> a = SentinelFailoverTest.addr(p, name);
                if (a.size() != 2 || !a.get(1).equals(Integer.toString(r))) {
                    return false;
                }
            }
            return true;
        });
        assertEquals("master", SentinelFailoverTest.roleOf(r));
    }
}
