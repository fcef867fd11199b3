package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.rdb.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PFADD, PFCOUNT, PFMERGE and PFDEBUG: the HLL strings are byte-identical to Redis 7.0's (sparse,
 * dense, the promotion between them, the cached cardinality), counts agree, and errors use Redis's
 * texts. The comparisons with a real redis-server skip without one (except in CI).
 */
class HyperLogLogCommandsTest {
    private static VigilNode node;
    private static final List<String> STREAM = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        node = TestNodes.start("enable-debug-command yes");
        TestNodes.recordPropagation(node, STREAM);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void flush() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
        }
        STREAM.clear();
    }

    private static Jedis jedis(int port) {
        return new Jedis("127.0.0.1", port, 10_000);
    }

    private static byte[] get(Jedis jedis, String key) {
        return jedis.get(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes a real Redis 7.0.15 stored for PFADD h a b c (sparse, cache stale). */
    private static final String RECORDED_ABC = "48594c4c01000000000000000000008060f38050b1844bfb80425a";

    @Test
    void pfaddBuildsTheSparseStringRedisBuilds() {
        try (Jedis j = jedis(node.port())) {
            assertEquals(1L, j.pfadd("h", "a", "b", "c"));
            assertEquals(RECORDED_ABC, HexFormat.of().formatHex(get(j, "h")));
            assertEquals(0L, j.pfadd("h", "a"), "no register grew");
            assertEquals(1L, j.pfadd("empty"), "PFADD without elements still creates the key");
            assertEquals("raw", j.objectEncoding("h"));
        }
    }

    @Test
    void pfcountCachesTheCardinalityInTheHeaderAndReplicatesItself() {
        try (Jedis j = jedis(node.port())) {
            j.pfadd("h", "a", "b", "c");
            assertEquals(3L, j.pfcount("h"));
            byte[] bytes = get(j, "h");
            assertEquals(3, bytes[8]);
            assertEquals(0, bytes[15], "the stale mark is cleared");
            assertEquals(3L, j.pfcount("h"), "served from the cache");
            assertEquals(0L, j.pfcount("nokey"));
            j.pfadd("h2", "c", "d");
            assertEquals(4L, j.pfcount("h", "h2", "nokey"));
        }
        STREAM.removeIf(command -> command.startsWith("SELECT"));
        assertEquals(List.of("PFADD h a b c", "PFCOUNT h", "PFADD h2 c d"), STREAM,
                "only the PFCOUNT that stored a cardinality is replicated");
    }

    @Test
    void sparseTurnsDenseAtTheConfiguredSize() {
        try (Jedis j = jedis(node.port())) {
            j.configSet("hll-sparse-max-bytes", "100");
            for (int i = 0; i < 30; i++) {
                j.pfadd("h", "e" + i);
            }
            assertEquals("dense", j.sendCommand(() -> "PFDEBUG".getBytes(), "ENCODING", "h") instanceof byte[] b
                    ? new String(b) : "?");
            assertEquals(16 + 12288, get(j, "h").length);
            long count = j.pfcount("h");
            assertTrue(count >= 28 && count <= 32, "count " + count);
        }
    }

    @Test
    void selftestPasses() {
        try (RawClient c = new RawClient(node.port())) {
            assertEquals("+OK\r\n", c.callRaw("PFSELFTEST"));
        }
    }

    @Test
    void errorsUseRedisTexts() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("SET", "s", "not an hll");
            c.call("RPUSH", "l", "x");
            try (Jedis j = jedis(node.port())) {
                // sparse, cache stale, one XZERO opcode covering 16129 registers instead of 16384
                byte[] bad = HexFormat.of().parseHex("48594c4c0100000000000000000000807eff");
                j.set("bad".getBytes(StandardCharsets.UTF_8), bad);
            }
            assertEquals("-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n", c.callRaw("PFADD", "s", "a"));
            assertEquals("-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n", c.callRaw("PFCOUNT", "s"));
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c.callRaw("PFCOUNT", "l"));
            assertEquals("-INVALIDOBJ Corrupted HLL object detected\r\n", c.callRaw("PFCOUNT", "bad"));
            assertEquals("-INVALIDOBJ Corrupted HLL object detected\r\n", c.callRaw("PFMERGE", "d", "bad"));
            assertEquals("-INVALIDOBJ Corrupted HLL object detected\r\n", c.callRaw("PFADD", "bad", "x"));
            assertEquals("-ERR The specified key does not exist\r\n", c.callRaw("PFDEBUG", "ENCODING", "nokey"));
        }
    }

    /** Cases whose replies must be byte-identical to a real Redis 7.0's (RESP2). */
    private static final String[] CASES = {
            "PFADD h a b c", "GET h", "PFCOUNT h", "GET h", "PFADD h a", "PFADD h d", "PFCOUNT h", "PFCOUNT h h",
            "PFADD e", "GET e", "PFCOUNT e", "GET e", "SET s foo", "PFADD s x", "PFCOUNT s", "PFMERGE s",
            "PFMERGE d s", "RPUSH l x", "PFADD l x", "PFCOUNT l", "PFCOUNT h l", "PFMERGE l h", "PFMERGE d h l",
            "SET int 123", "PFADD int x", "PFCOUNT nokey", "PFCOUNT nokey h", "PFMERGE m", "GET m", "EXISTS m",
            "PFMERGE m h e nokey", "GET m", "PFCOUNT m", "GET m", "PFMERGE h h", "GET h", "OBJECT ENCODING h",
            "PFDEBUG ENCODING h", "PFDEBUG DECODE h", "PFDEBUG GETREG nokey", "PFDEBUG FOO h", "PFDEBUG ENCODING l",
            "PFDEBUG TODENSE h", "PFDEBUG TODENSE h", "PFDEBUG ENCODING h", "PFDEBUG DECODE h", "GET h",
            "PFADD h z", "GET h", "PFCOUNT h", "PFMERGE m2 m h", "PFDEBUG ENCODING m2", "GET m2", "PFCOUNT m2",
            "COMMAND INFO pfadd pfcount pfmerge pfdebug pfselftest", "COMMAND GETKEYS PFMERGE d a b",
    };

    @Test
    void sameRepliesAsRealRedis() throws Exception {
        Path dir = Files.createTempDirectory("vigil-hll");
        try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
             RawClient real = new RawClient(redis.port()); RawClient ours = new RawClient(node.port())) {
            real.call("FLUSHALL");
            List<String> mismatches = new ArrayList<>();
            for (String line : CASES) {
                String[] args = Commands.split(line);
                String expected = real.callRaw(args);
                String actual = ours.callRaw(args);
                if (!expected.equals(actual)) {
                    mismatches.add(line + "\n  redis: " + expected.trim() + "\n  vigil: " + actual.trim());
                }
            }
            assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
            assertEquals(real.call("DEBUG", "DIGEST"), ours.call("DEBUG", "DIGEST"));
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /**
     * The same seeded PFADD/PFCOUNT/PFMERGE sequence on both servers, through sparse, the promotion
     * (with a small and the default hll-sparse-max-bytes) and dense: every reply and every stored
     * string identical after every step.
     */
    @Test
    void sameStringsAsRealRedisThroughSparseAndDense() throws Exception {
        Path dir = Files.createTempDirectory("vigil-hll");
        try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
             Jedis real = jedis(redis.port()); Jedis ours = jedis(node.port())) {
            real.flushAll();
            Random random = new Random(11);
            String[] keys = {"h1", "h2", "h3", "h4"};
            for (int round = 0; round < 2; round++) {
                String maxBytes = round == 0 ? "300" : "3000";
                real.configSet("hll-sparse-max-bytes", maxBytes);
                ours.configSet("hll-sparse-max-bytes", maxBytes);
                for (int step = 0; step < 400; step++) {
                    String key = keys[random.nextInt(keys.length)];
                    int kind = random.nextInt(10);
                    String what;
                    Object expected;
                    Object actual;
                    if (kind < 6) {
                        String[] elements = new String[1 + random.nextInt(step < 200 ? 5 : 60)];
                        for (int i = 0; i < elements.length; i++) {
                            elements[i] = random.nextInt(3) == 0 ? Long.toString(random.nextLong())
                                    : "e" + random.nextInt(20_000);
                        }
                        what = "PFADD " + key + " " + elements.length;
                        expected = real.pfadd(key, elements);
                        actual = ours.pfadd(key, elements);
                    } else if (kind < 8) {
                        what = "PFCOUNT " + key;
                        expected = real.pfcount(key);
                        actual = ours.pfcount(key);
                    } else if (kind == 8) {
                        String other = keys[random.nextInt(keys.length)];
                        what = "PFCOUNT " + key + " " + other;
                        expected = real.pfcount(key, other, "nokey");
                        actual = ours.pfcount(key, other, "nokey");
                    } else {
                        String other = keys[random.nextInt(keys.length)];
                        what = "PFMERGE " + key + " " + other;
                        expected = real.pfmerge(key, other);
                        actual = ours.pfmerge(key, other);
                    }
                    assertEquals(expected, actual, what + " at step " + step);
                    for (String k : keys) {
                        byte[] a = get(real, k);
                        byte[] b = get(ours, k);
                        if (!Arrays.equals(a, b)) {
                            throw new AssertionError(what + " at step " + step + ": " + k + " differs\n redis "
                                    + (a == null ? null : HexFormat.of().formatHex(a)) + "\n vigil "
                                    + (b == null ? null : HexFormat.of().formatHex(b)));
                        }
                    }
                }
            }
            assertEquals(new String((byte[]) real.sendCommand(() -> "DEBUG".getBytes(), "DIGEST")),
                    new String((byte[]) ours.sendCommand(() -> "DEBUG".getBytes(), "DIGEST")));
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /** HLL strings Redis built, loaded into Vigil with SET (and back), count the same on both. */
    @Test
    void countsRedisBuiltHllsLikeRedis() throws Exception {
        Path dir = Files.createTempDirectory("vigil-hll");
        try (RealRedis redis = RealRedis.start(dir);
             Jedis real = jedis(redis.port()); Jedis ours = jedis(node.port())) {
            real.flushAll();
            Random random = new Random(5);
            int[] sizes = {1, 10, 100, 1000, 5000, 20_000, 200_000};
            for (int size : sizes) {
                String key = "n" + size;
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    batch.add(Integer.toHexString(random.nextInt()));
                    if (batch.size() == 1000 || i == size - 1) {
                        real.pfadd(key, batch.toArray(String[]::new));
                        batch.clear();
                    }
                }
                byte[] built = get(real, key);
                ours.set(key.getBytes(StandardCharsets.UTF_8), built);
                assertEquals(real.pfcount(key), ours.pfcount(key), "PFCOUNT of " + size);
                assertArrayEquals(get(real, key), get(ours, key), "cached cardinality of " + size);
            }
            for (int a = 0; a < sizes.length; a++) {
                String k1 = "n" + sizes[a];
                String k2 = "n" + sizes[(a + 3) % sizes.length];
                assertEquals(real.pfcount(k1, k2), ours.pfcount(k1, k2), "union " + k1 + " " + k2);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
