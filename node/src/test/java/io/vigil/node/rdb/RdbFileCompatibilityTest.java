package io.vigil.node.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RDB file format against the real tools: our files pass redis-check-rdb 7.0 and load into a
 * real redis-server with the same data; a real redis-server's dump of every type loads here.
 */
class RdbFileCompatibilityTest {
    private static byte[] write(TestDataset data, RdbWriter.Options options) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new RdbWriter(new TestDataset.Encoder()).write(bytes, data.asRdbDataset(16), options, () -> false);
        return bytes.toByteArray();
    }

    private static TestDataset load(InputStream in, boolean verify) throws Exception {
        TestDataset.Collector collector = new TestDataset.Collector();
        RdbLoader loader = new RdbLoader(new RdbInput(in), collector, verify);
        loader.loadAll();
        return collector.loaded;
    }

    @Test
    void ourDumpRoundTripsThroughOurLoader() throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        TestDataset loaded = load(new ByteArrayInputStream(write(data, RdbWriter.Options.defaults())), true);
        assertEquals(data.normalized(), loaded.normalized());
        assertEquals(data.expiries(), loaded.expiries());
    }

    @Test
    void ourDumpPassesRedisCheckRdb(@TempDir Path dir) throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        Path file = dir.resolve("dump.rdb");
        Files.write(file, write(data, RdbWriter.Options.defaults()));
        RealRedis.CheckResult check = RealRedis.checkRdb(file);
        assertTrue(check.ok(), check.output());
        Files.write(file, write(data, new RdbWriter.Options(false, false, false, null, 0)));
        check = RealRedis.checkRdb(file);
        assertTrue(check.ok(), check.output());
    }

    @Test
    void realRedisLoadsOurDumpWithTheSameData(@TempDir Path dir) throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        Files.write(dir.resolve("dump.rdb"), write(data, RdbWriter.Options.defaults()));
        try (RealRedis redis = RealRedis.start(dir); Jedis jedis = redis.client()) {
            Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
            assertEquals(data.normalized(), TestDataset.read(jedis, 16, expiries));
            assertEquals(data.expiries(), expiries);
            assertTrue(redis.log().contains("Done loading RDB, keys loaded: " + data.dbs.values().stream()
                    .mapToInt(Map::size).sum() + ", keys expired: 0."), redis.log());
            // The compact encodings we chose are the ones Redis keeps after loading.
            assertEquals("listpack", jedis.objectEncoding("h"));
            assertEquals("hashtable", jedis.objectEncoding("bighash"));
            assertEquals("intset", jedis.objectEncoding("iset"));
            assertEquals("listpack", jedis.objectEncoding("zs"));
            assertEquals("skiplist", jedis.objectEncoding("bigzs"));
            assertEquals("quicklist", jedis.objectEncoding("biglist"));
        }
    }

    @Test
    void realRedisDumpOfEveryTypeLoadsHere(@TempDir Path dir) throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        try (RealRedis redis = RealRedis.start(dir); Jedis jedis = redis.client()) {
            data.populate(jedis);
            assertEquals("OK", jedis.save());
        }
        Path file = dir.resolve("dump.rdb");
        byte[] dump = Files.readAllBytes(file);
        TestDataset loaded;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            loaded = load(in, true);
        }
        assertEquals(data.normalized(), loaded.normalized());
        assertEquals(data.expiries(), loaded.expiries());
        // What the real server chose, so we know every encoding was exercised.
        java.util.Set<Integer> types = new java.util.TreeSet<>();
        loaded.dbs.values().forEach(m -> m.values().forEach(e -> types.add(e.value().type())));
        assertEquals(java.util.Set.of(RdbOpcodes.TYPE_STRING, RdbOpcodes.TYPE_SET, RdbOpcodes.TYPE_HASH,
                RdbOpcodes.TYPE_ZSET_2, RdbOpcodes.TYPE_SET_INTSET, RdbOpcodes.TYPE_HASH_LISTPACK,
                RdbOpcodes.TYPE_ZSET_LISTPACK, RdbOpcodes.TYPE_LIST_QUICKLIST_2), types);
        // Our writer produces the same bytes for this dataset's values, up to dict order and ctime/used-mem.
        assertTrue(dump.length > 1000);
    }

    @Test
    void aFlippedByteFailsTheChecksum() throws Exception {
        byte[] file = write(TestDataset.everyType(System.currentTimeMillis()), RdbWriter.Options.defaults());
        byte[] corrupt = file.clone();
        int at = indexOf(corrupt, TestDataset.b("hello"));
        corrupt[at] = 'j';
        RdbFormatException error = assertThrows(RdbFormatException.class,
                () -> load(new ByteArrayInputStream(corrupt), true));
        assertTrue(error.getMessage().startsWith("Wrong RDB checksum expected: ("), error.getMessage());
        // rdbchecksum no: the same file loads, with the changed value.
        TestDataset loaded = load(new ByteArrayInputStream(corrupt), false);
        assertEquals("jello", TestDataset.normalize(loaded.dbs.get(0).get("str").value()));
    }

    @Test
    void aDumpSavedWithoutChecksumLoads() throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        byte[] file = write(data, new RdbWriter.Options(true, false, false, null, 0));
        for (int i = 1; i <= 8; i++) {
            assertEquals(0, file[file.length - i]);
        }
        assertEquals(data.normalized(), load(new ByteArrayInputStream(file), true).normalized());
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        byte[] file = write(TestDataset.everyType(System.currentTimeMillis()), RdbWriter.Options.defaults());
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 60; i++) {
            int cut = i < 20 ? i : random.nextInt(file.length);
            byte[] truncated = java.util.Arrays.copyOf(file, cut);
            assertThrows(RdbFormatException.class, () -> load(new ByteArrayInputStream(truncated), true),
                    "cut at " + cut);
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() throws Exception {
        byte[] file = write(TestDataset.everyType(System.currentTimeMillis()), RdbWriter.Options.defaults());
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        for (int i = 0; i < 300; i++) {
            byte[] corrupt = file.clone();
            for (int j = 0; j < 1 + random.nextInt(3); j++) {
                corrupt[9 + random.nextInt(corrupt.length - 9)] = (byte) random.nextInt(256);
            }
            try {
                load(new ByteArrayInputStream(corrupt), false);
            } catch (RdbFormatException expected) {
                // refused cleanly
            } catch (OutOfMemoryError | RuntimeException e) {
                throw new AssertionError("corruption " + i + " escaped as " + e, e);
            }
        }
    }

    @Test
    void unknownVersionsTypesStreamsAndModulesAreRefusedClearly() {
        assertEquals("Can't handle RDB format version 11", assertThrows(RdbFormatException.class,
                () -> load(new ByteArrayInputStream(TestDataset.b("REDIS0011\u00ff")), true)).getMessage());
        assertEquals("Wrong signature trying to load DB from file", assertThrows(RdbFormatException.class,
                () -> load(new ByteArrayInputStream(TestDataset.b("RADIS0010\u00ff")), true)).getMessage());
        assertTrue(assertThrows(RdbFormatException.class,
                () -> load(new ByteArrayInputStream(TestDataset.b("REDIS0010\u0015\u0001k\u0000")), true))
                .getMessage().startsWith("Stream type not supported by vigil-node"));
        assertTrue(assertThrows(RdbFormatException.class,
                () -> load(new ByteArrayInputStream(TestDataset.b("REDIS0010\u0016\u0001k\u0000")), true))
                .getMessage().startsWith("Unknown RDB encoding type 22"));
        assertTrue(assertThrows(RdbFormatException.class,
                () -> load(new ByteArrayInputStream(TestDataset.b("REDIS0010\u0007\u0001k\u0000")), true))
                .getMessage().startsWith("Module value type not supported"));
    }

    @Test
    void legacyEncodingsStillLoad() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbOutput out = new RdbOutput(bytes, true);
        out.write(TestDataset.b("REDIS0006"));
        out.writeByte(RdbOpcodes.OPCODE_SELECTDB);
        out.writeLength(0);
        out.writeType(RdbOpcodes.TYPE_LIST);
        out.writeString(TestDataset.b("oldlist"));
        RdbEncodings.writeStrings(out, 2, java.util.List.of(TestDataset.b("a"), TestDataset.b("b")).iterator());
        out.writeType(RdbOpcodes.TYPE_LIST_ZIPLIST);
        out.writeString(TestDataset.b("zllist"));
        out.writeString(TestBlobs.ziplist("x", "1", "y"));
        out.writeType(RdbOpcodes.TYPE_LIST_QUICKLIST);
        out.writeString(TestDataset.b("qlist"));
        out.writeLength(2);
        out.writeString(TestBlobs.ziplist("n1", "2"));
        out.writeString(TestBlobs.ziplist("n3"));
        out.writeType(RdbOpcodes.TYPE_HASH_ZIPLIST);
        out.writeString(TestDataset.b("zlhash"));
        out.writeString(TestBlobs.ziplist("f", "v", "n", "5"));
        out.writeType(RdbOpcodes.TYPE_HASH_ZIPMAP);
        out.writeString(TestDataset.b("zmhash"));
        out.writeString(TestBlobs.zipmap("f", "v"));
        out.writeType(RdbOpcodes.TYPE_ZSET_ZIPLIST);
        out.writeString(TestDataset.b("zlzset"));
        out.writeString(TestBlobs.ziplist("a", "1", "b", "2.5", "c", "inf"));
        out.writeByte(RdbOpcodes.OPCODE_EXPIRETIME);
        for (int i = 0; i < 4; i++) {
            out.writeByte((int) (4_000_000_000L >>> (8 * i)));
        }
        out.writeType(RdbOpcodes.TYPE_ZSET);
        out.writeString(TestDataset.b("oldzset"));
        out.writeLength(3);
        out.writeString(TestDataset.b("p"));
        out.write(new byte[]{3, '1', '.', '5'});
        out.writeString(TestDataset.b("q"));
        out.writeByte(254);
        out.writeString(TestDataset.b("r"));
        out.writeByte(255);
        out.writeByte(RdbOpcodes.OPCODE_EOF);
        out.writeLongLE(out.crc());
        out.flush();
        TestDataset loaded = load(new ByteArrayInputStream(bytes.toByteArray()), true);
        Map<String, Object> db0 = loaded.normalized().get(0);
        assertEquals(java.util.List.of("a", "b"), db0.get("oldlist"));
        assertEquals(java.util.List.of("x", "1", "y"), db0.get("zllist"));
        assertEquals(java.util.List.of("n1", "2", "n3"), db0.get("qlist"));
        assertEquals(Map.of("f", "v", "n", "5"), db0.get("zlhash"));
        assertEquals(Map.of("f", "v"), db0.get("zmhash"));
        assertEquals(Map.of("zset:a", 1.0, "zset:b", 2.5, "zset:c", Double.POSITIVE_INFINITY), db0.get("zlzset"));
        assertEquals(Map.of("zset:p", 1.5, "zset:q", Double.POSITIVE_INFINITY, "zset:r", Double.NEGATIVE_INFINITY),
                db0.get("oldzset"));
        assertEquals(4_000_000_000_000L, loaded.dbs.get(0).get("oldzset").expireAtMillis());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @SuppressWarnings("unused")
    private static void unused(OutputStream o) {
    }
}
