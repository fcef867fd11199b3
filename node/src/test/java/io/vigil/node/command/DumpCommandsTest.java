package io.vigil.node.command;

import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.rdb.RealRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.RestoreParams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpCommandsTest {
    private VigilNode node;
    private Jedis ours;

    @BeforeEach
    void start() {
        node = TestNodes.start();
        ours = new Jedis("127.0.0.1", node.port(), 10_000);
    }

    @AfterEach
    void stop() {
        ours.close();
        node.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void fill(Jedis j) {
        j.set("s", "hello");
        j.set("n", "12345");
        j.set("long", "x".repeat(100));
        j.rpush("l", "a", "b", "1");
        j.hset("h", Map.of("f", "v", "g", "w"));
        j.sadd("ints", "1", "2", "3");
        j.sadd("strs", "a", "b");
        j.zadd("z", Map.of("a", 1.0, "b", 2.5));
    }

    private static void check(Jedis j, String prefix) {
        assertEquals("hello", j.get(prefix + "s"));
        assertEquals("12345", j.get(prefix + "n"));
        assertEquals("x".repeat(100), j.get(prefix + "long"));
        assertEquals(List.of("a", "b", "1"), j.lrange(prefix + "l", 0, -1));
        assertEquals(Map.of("f", "v", "g", "w"), j.hgetAll(prefix + "h"));
        assertEquals(Set.of("1", "2", "3"), j.smembers(prefix + "ints"));
        assertEquals(Set.of("a", "b"), j.smembers(prefix + "strs"));
        assertEquals(2.5, j.zscore(prefix + "z", "b"));
    }

    private static final List<String> KEYS = List.of("s", "n", "long", "l", "h", "ints", "strs", "z");

    @Test
    void everyTypeSurvivesDumpAndRestore() {
        fill(ours);
        for (String key : KEYS) {
            ours.restore(b("copy-" + key), 0, ours.dump(b(key)));
        }
        check(ours, "copy-");
        assertEquals("intset", ours.objectEncoding("copy-ints"));
        assertEquals("listpack", ours.objectEncoding("copy-z"));
    }

    @Test
    void restoreChecksItsArgumentsAndPayload() {
        ours.set("s", "v");
        byte[] payload = ours.dump(b("s"));
        Exception busy = assertThrows(Exception.class, () -> ours.restore(b("s"), 0, payload));
        assertTrue(busy.getMessage().startsWith("BUSYKEY"), busy.getMessage());
        Exception ttl = assertThrows(Exception.class, () -> ours.restore(b("t"), -1, payload));
        assertEquals("ERR Invalid TTL value, must be >= 0", ttl.getMessage());
        byte[] corrupt = payload.clone();
        corrupt[1] ^= 1;
        Exception crc = assertThrows(Exception.class, () -> ours.restore(b("t"), 0, corrupt));
        assertEquals("ERR DUMP payload version or checksum are wrong", crc.getMessage());
        ours.restore(b("s"), 100_000, payload, RestoreParams.restoreParams().replace());
        assertTrue(ours.pttl("s") > 90_000);
        ours.restore(b("gone"), 1, payload, RestoreParams.restoreParams().absTtl());
        assertEquals(0, ours.exists("gone") ? 1 : 0);
    }

    @Test
    void payloadsMoveBetweenRealRedisAndTheNodeBothWays() throws Exception {
        Path dir = Files.createTempDirectory("vigil-dump");
        try (RealRedis redis = RealRedis.start(dir); Jedis real = redis.client()) {
            fill(real);
            fill(ours);
            for (String key : KEYS) {
                byte[] fromRedis = real.dump(b(key));
                if (!key.equals("strs")) {
                    // a hashtable set's member order follows Redis's seeded dict: not reproducible
                    assertArrayEquals(fromRedis, ours.dump(b(key)), "DUMP " + key);
                }
                ours.restore(b("r-" + key), 0, fromRedis);
                real.restore(b("o-" + key), 0, ours.dump(b(key)));
            }
            check(ours, "r-");
            check(real, "o-");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
