package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.rdb.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis 7.0's signatures, independent of encodings and of
 * insertion order where Redis's are, and equal to a real redis-server's for the same dataset.
 */
class DebugDigestTest {
    private static final String ZEROS = "0".repeat(40);
    private static VigilNode node;

    @BeforeAll
    static void start() {
        node = TestNodes.start("enable-debug-command yes");
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
            c.call("CONFIG", "SET", "set-max-intset-entries", "512");
            c.call("CONFIG", "SET", "hash-max-listpack-entries", "128");
            c.call("CONFIG", "SET", "zset-max-listpack-entries", "128");
        }
    }

    private static String digest(RawClient c) {
        return (String) c.call("DEBUG", "DIGEST");
    }

    private static String digestValue(RawClient c, String key) {
        return (String) ((List<?>) c.call("DEBUG", "DIGEST-VALUE", key)).get(0);
    }

    @Test
    void emptyDatasetDigestIsFortyZeros() {
        try (RawClient c = new RawClient(node.port())) {
            assertEquals("+" + ZEROS + "\r\n", c.callRaw("DEBUG", "DIGEST"));
            assertEquals("*2\r\n+" + ZEROS + "\r\n+" + ZEROS + "\r\n", c.callRaw("DEBUG", "DIGEST-VALUE", "a", "b"));
            assertEquals("*0\r\n", c.callRaw("DEBUG", "DIGEST-VALUE"));
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'DIGEST'. Try DEBUG HELP.\r\n",
                    c.callRaw("DEBUG", "DIGEST", "x"));
        }
    }

    /** Digests a real Redis 7.0.15 gave for the same commands (so this holds without redis-server). */
    @Test
    void digestsMatchValuesRecordedFromRedis() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("SET", "s", "hello");
            c.call("RPUSH", "l", "a", "b", "1");
            c.call("SADD", "set", "1", "2", "x");
            c.call("HSET", "h", "f", "v", "g", "2");
            c.call("ZADD", "z", "1.5", "a", "2", "b", "-3e30", "c");
            c.call("SET", "ttl", "1", "EX", "1000");
            c.call("SELECT", "2");
            c.call("SET", "s", "hello");
            c.call("SELECT", "0");
            assertEquals(RECORDED_STRING, digestValue(c, "s"));
            assertEquals(RECORDED_LIST, digestValue(c, "l"));
            assertEquals(RECORDED_SET, digestValue(c, "set"));
            assertEquals(RECORDED_HASH, digestValue(c, "h"));
            assertEquals(RECORDED_ZSET, digestValue(c, "z"));
            assertEquals(RECORDED_TTL, digestValue(c, "ttl"));
            assertEquals(RECORDED_DATASET, digest(c));
        }
    }

    static final String RECORDED_STRING = "36b23a1456b2dce2c3ed252c456761301dba8060";
    static final String RECORDED_LIST = "981fd62c1655c074205cff40b800bd5a5bfdcd41";
    static final String RECORDED_SET = "4c6eef6b7853d1b76391c849d71b0d35d3faf18f";
    static final String RECORDED_HASH = "9dc7e1ed596e8ccab4b91d04b8317fc85b68294a";
    static final String RECORDED_ZSET = "0562b9e46966fa71d0fda59f0b3eec8ede4e7e5a";
    static final String RECORDED_TTL = "5279988c5d1911f474bcbbf2f0a87012d40f8459";
    static final String RECORDED_DATASET = "d52ac385aa7daaedfbb95ce0d426b2c77aef3001";

    @Test
    void unorderedCollectionsDigestTheSameInAnyInsertionOrder() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("SADD", "s1", "a", "b", "c");
            c.call("SADD", "s2", "c", "a", "b");
            c.call("HSET", "h1", "f", "1", "g", "2");
            c.call("HSET", "h2", "g", "2", "f", "1");
            c.call("ZADD", "z1", "1", "a", "2", "b");
            c.call("ZADD", "z2", "2", "b", "1", "a");
            assertEquals(digestValue(c, "s1"), digestValue(c, "s2"));
            assertEquals(digestValue(c, "h1"), digestValue(c, "h2"));
            assertEquals(digestValue(c, "z1"), digestValue(c, "z2"));
            String before = digest(c);
            c.call("FLUSHALL");
            c.call("ZADD", "z2", "2", "b", "1", "a");
            c.call("HSET", "h2", "g", "2", "f", "1");
            c.call("SADD", "s2", "c", "a", "b");
            c.call("ZADD", "z1", "1", "a", "2", "b");
            c.call("HSET", "h1", "f", "1", "g", "2");
            c.call("SADD", "s1", "a", "b", "c");
            assertEquals(before, digest(c), "key order does not matter");
        }
    }

    @Test
    void listOrderTypeDatabaseAndExpireChangeTheDigest() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("RPUSH", "l1", "a", "b");
            c.call("RPUSH", "l2", "b", "a");
            assertNotEquals(digestValue(c, "l1"), digestValue(c, "l2"));
            c.call("SADD", "s", "a", "b");
            assertNotEquals(digestValue(c, "l1"), digestValue(c, "s"), "the type is part of the digest");
            c.call("FLUSHALL");
            c.call("SET", "k", "v");
            String db0 = digest(c);
            c.call("MOVE", "k", "1");
            assertNotEquals(db0, digest(c), "the database number is part of the digest");
            c.call("SELECT", "1");
            String plain = digestValue(c, "k");
            c.call("PEXPIRE", "k", "100000");
            String withTtl = digestValue(c, "k");
            assertNotEquals(plain, withTtl);
            c.call("PEXPIRE", "k", "200000");
            assertEquals(withTtl, digestValue(c, "k"), "only the presence of a TTL counts, not its time");
        }
    }

    @Test
    void encodingsDoNotChangeTheDigest() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("SADD", "intset", "1", "2", "3");
            c.call("HSET", "lp", "f", "1", "g", "2");
            c.call("ZADD", "zlp", "1", "a", "2.5", "b");
            c.call("SET", "int", "12345");
            c.call("SET", "grown", "123");
            c.call("APPEND", "grown", "45");
            c.call("CONFIG", "SET", "set-max-intset-entries", "1");
            c.call("CONFIG", "SET", "hash-max-listpack-entries", "1");
            c.call("CONFIG", "SET", "zset-max-listpack-entries", "1");
            c.call("SADD", "table", "1", "2", "3");
            c.call("HSET", "ht", "f", "1", "g", "2");
            c.call("ZADD", "zsl", "1", "a", "2.5", "b");
            assertEquals("intset", c.call("OBJECT", "ENCODING", "intset"));
            assertEquals("hashtable", c.call("OBJECT", "ENCODING", "table"));
            assertEquals("skiplist", c.call("OBJECT", "ENCODING", "zsl"));
            assertEquals(digestValue(c, "intset"), digestValue(c, "table"));
            assertEquals(digestValue(c, "lp"), digestValue(c, "ht"));
            assertEquals(digestValue(c, "zlp"), digestValue(c, "zsl"));
            assertEquals(digestValue(c, "int"), digestValue(c, "grown"));
        }
    }

    @Test
    void logicallyExpiredKeysStillCount() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            try {
                c.call("SET", "k", "v", "PX", "1");
                String expected = digestValue(c, "k");
                assertNotEquals(ZEROS, expected);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> node.keyspace().db(0).expireAt("k".getBytes()) < System.currentTimeMillis());
                assertEquals(expected, digestValue(c, "k"));
                assertNotEquals(ZEROS, digest(c));
            } finally {
                c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            }
        }
    }

    /** A seeded random dataset of every type, encoding and TTL, built on both servers. */
    @Test
    void sameDigestsAsRealRedis() throws Exception {
        Path dir = Files.createTempDirectory("vigil-digest");
        try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
             RawClient real = new RawClient(redis.port()); RawClient ours = new RawClient(node.port())) {
            List<String[]> commands = randomDataset(new Random(7));
            List<String> keys = new ArrayList<>();
            for (RawClient c : List.of(real, ours)) {
                c.call("FLUSHALL");
                for (String[] kv : new String[][]{{"set-max-intset-entries", "8"}, {"hash-max-listpack-entries", "8"},
                        {"zset-max-listpack-entries", "8"}, {"hash-max-listpack-value", "16"},
                        {"zset-max-listpack-value", "16"}}) {
                    c.call("CONFIG", "SET", kv[0], kv[1]);
                }
                for (String[] command : commands) {
                    Object reply = c.call(command);
                    if (reply instanceof RawClient.Error e) {
                        throw new AssertionError(String.join(" ", command) + ": " + e.text());
                    }
                }
            }
            for (String[] command : commands) {
                if (!command[0].equals("SELECT") && !keys.contains(command[1])) {
                    keys.add(command[1]);
                }
            }
            assertEquals(real.call("DEBUG", "DIGEST"), ours.call("DEBUG", "DIGEST"));
            for (int db : new int[]{0, 3}) {
                real.call("SELECT", Integer.toString(db));
                ours.call("SELECT", Integer.toString(db));
                for (String key : keys) {
                    assertEquals(real.call("DEBUG", "DIGEST-VALUE", key), ours.call("DEBUG", "DIGEST-VALUE", key),
                            "digest of " + key + " in db " + db + " (" + real.call("TYPE", key) + ")");
                }
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static List<String[]> randomDataset(Random random) {
        List<String[]> commands = new ArrayList<>();
        for (int db : new int[]{0, 3}) {
            commands.add(new String[]{"SELECT", Integer.toString(db)});
            for (int i = 0; i < 60; i++) {
                String key = "k" + i;
                int size = random.nextInt(3) == 0 ? 20 : 1 + random.nextInt(5);
                List<String> args = new ArrayList<>();
                switch (random.nextInt(7)) {
                    case 0 -> args.addAll(List.of("SET", key, element(random)));
                    case 1 -> args.addAll(List.of("APPEND", key, element(random)));
                    case 2 -> {
                        args.addAll(List.of("RPUSH", key));
                        for (int j = 0; j < size; j++) {
                            args.add(element(random));
                        }
                    }
                    case 3 -> {
                        args.addAll(List.of("SADD", key));
                        for (int j = 0; j < size; j++) {
                            args.add(random.nextBoolean() ? Integer.toString(random.nextInt(1000) - 500) : element(random));
                        }
                    }
                    case 4 -> {
                        args.addAll(List.of("SADD", key));
                        for (int j = 0; j < size; j++) {
                            args.add(Long.toString(random.nextLong() >> random.nextInt(63)));
                        }
                    }
                    case 5 -> {
                        args.addAll(List.of("HSET", key));
                        for (int j = 0; j < size; j++) {
                            args.add("f" + j + element(random));
                            args.add(element(random));
                        }
                    }
                    default -> {
                        args.addAll(List.of("ZADD", key));
                        for (int j = 0; j < size; j++) {
                            args.add(score(random));
                            args.add(element(random));
                        }
                    }
                }
                commands.add(args.toArray(String[]::new));
                if (random.nextInt(4) == 0) {
                    commands.add(new String[]{"PEXPIRE", key, Integer.toString(100_000 + random.nextInt(100_000))});
                }
            }
        }
        return commands;
    }

    private static String element(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt(100_000));
            case 1 -> "x".repeat(30 + random.nextInt(40));
            case 2 -> "-" + random.nextInt(100);
            case 3 -> "";
            default -> "e" + random.nextInt(50);
        };
    }

    private static String score(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt(100) - 50);
            case 1 -> Double.toString(random.nextDouble() * 1e20);
            case 2 -> Double.toString(-random.nextDouble() / 1e6);
            case 3 -> random.nextBoolean() ? "inf" : "-inf";
            default -> Double.toString(random.nextGaussian());
        };
    }
}
