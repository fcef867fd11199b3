package io.vigil.node.aof;

import io.vigil.node.VigilNode;
import io.vigil.node.rdb.PersistenceNodes;
import io.vigil.node.rdb.RealRedis;
import io.vigil.node.server.ServerLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The append-only file of a running vigil-node, and its compatibility with redis-server 7.0's. */
class AofNodeTest {
    private final List<VigilNode> nodes = new ArrayList<>();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @BeforeEach
    void captureLog() {
        ServerLog.get().redirect(logBytes);
    }

    @AfterEach
    void closeNodes() {
        for (VigilNode node : nodes) {
            node.close();
        }
        ServerLog.get().redirect(System.out);
    }

    private String log() {
        synchronized (ServerLog.get()) {
            return logBytes.toString(StandardCharsets.UTF_8);
        }
    }

    private VigilNode start(Path dir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--dir", dir.toString(), "--save", "", "--appendonly", "yes"));
        all.addAll(List.of(args));
        VigilNode node = PersistenceNodes.start(all.toArray(new String[0]));
        nodes.add(node);
        return node;
    }

    private void stop(VigilNode node) {
        nodes.remove(node);
        node.close();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void startingWithAppendonlyCreatesRedisMultiPartLayout(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir);
        Path aof = dir.resolve("appendonlydir");
        assertEquals(List.of("appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest"), files(aof));
        assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                read(aof.resolve("appendonly.aof.manifest")));
        assertTrue(log().contains("Creating AOF base file appendonly.aof.1.base.rdb on server start"), log());
        assertTrue(log().contains("Creating AOF incr file appendonly.aof.1.incr.aof on server start"), log());
        try (Jedis jedis = PersistenceNodes.client(node)) {
            Map<String, String> info = PersistenceNodes.info(jedis);
            assertEquals("1", info.get("aof_enabled"));
            assertTrue(info.containsKey("aof_current_size"), info.toString());
        }
        assertTrue(RealRedis.checkRdb(aof.resolve("appendonly.aof.1.base.rdb")).ok());
    }

    @Test
    void writesAreAppendedInRespAndReplayedAtRestart(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            jedis.set("a", "1");
            jedis.incr("a");
            jedis.hset("h", Map.of("f", "v"));
            jedis.select(3);
            jedis.set("x", "y");
            jedis.pexpireAt("x", System.currentTimeMillis() + 100_000);
            jedis.set("gone", "soon");
            jedis.del("gone");
        }
        String incr = read(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"));
        // Commands are logged as the client sent them (Jedis sends upper case), after the SELECT.
        assertTrue(incr.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"), incr);
        assertTrue(incr.contains("*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n"), incr);
        Map<Integer, Map<String, Long>> expiriesBefore = new TreeMap<>();
        Map<Integer, Map<String, Object>> before = PersistenceNodes.read(node, expiriesBefore);
        stop(node);
        node = start(dir);
        Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
        assertEquals(before, PersistenceNodes.read(node, expiries));
        assertEquals(expiriesBefore, expiries);
        assertEquals(Map.of(0, Map.of("a", "2", "h", Map.of("f", "v")), 3, Map.of("x", "y")), before);
        assertTrue(log().contains("DB loaded from incr file appendonly.aof.1.incr.aof"), log());
        assertTrue(log().contains("DB loaded from append only file"), log());
        assertTrue(log().contains("Opening AOF incr file appendonly.aof.1.incr.aof on server start"), log());
    }

    @Test
    void publishReachesSubscribersButNeverTheAppendOnlyFile(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            jedis.set("before", "1");
            jedis.publish("news", "not-for-the-aof");
            jedis.set("after", "2");
        }
        stop(node);
        String incr = read(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"));
        assertTrue(incr.contains("after"), incr);
        assertTrue(!incr.contains("PUBLISH") && !incr.contains("not-for-the-aof"), incr);
    }

    @Test
    void aRealRedisLoadsOurAppendOnlyDirectory(@TempDir Path dir) throws Exception {
        io.vigil.node.rdb.TestDatasetAccess data = io.vigil.node.rdb.TestDatasetAccess.everyType();
        VigilNode node = start(dir);
        data.populate(node);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("Background append only file rewriting started", jedis.bgrewriteaof());
            await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("aof_rewrite_in_progress")));
            jedis.set("after", "rewrite");
            jedis.incrBy("counter", 5);
            jedis.hset("h2", Map.of("a", "b", "c", "d"));
            jedis.del("str");
            jedis.select(2);
            jedis.set("db2", "value");
            Transaction multi = jedis.multi();
            multi.set("in-multi", "1");
            multi.incr("in-multi");
            multi.exec();
        }
        Map<Integer, Map<String, Long>> expected = new TreeMap<>();
        Map<Integer, Map<String, Object>> ours = PersistenceNodes.read(node, expected);
        stop(node);
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                read(dir.resolve("appendonlydir/appendonly.aof.manifest")));
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(real.resolve("appendonlydir"));
        for (String name : files(dir.resolve("appendonlydir"))) {
            Files.copy(dir.resolve("appendonlydir").resolve(name), real.resolve("appendonlydir").resolve(name));
        }
        try (RealRedis redis = RealRedis.start(real, "--appendonly", "yes"); Jedis jedis = redis.client()) {
            Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
            assertEquals(ours, io.vigil.node.rdb.TestDatasetAccess.read(jedis, expiries));
            assertEquals(expected, expiries);
            assertTrue(redis.log().contains("DB loaded from incr file appendonly.aof.2.incr.aof"), redis.log());
        }
    }

    @Test
    void weLoadARealRedisAppendOnlyDirectory(@TempDir Path dir) throws Exception {
        io.vigil.node.rdb.TestDatasetAccess data = io.vigil.node.rdb.TestDatasetAccess.everyType();
        Map<Integer, Map<String, Object>> expected;
        Map<Integer, Map<String, Long>> expectedExpiries = new TreeMap<>();
        try (RealRedis redis = RealRedis.start(dir, "--appendonly", "yes"); Jedis jedis = redis.client()) {
            data.populate(jedis);
            jedis.bgrewriteaof();
            await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("aof_rewrite_in_progress")));
            jedis.set("after", "rewrite");
            jedis.set("ttl", "x");
            jedis.expire("ttl", 1000L);
            jedis.incrByFloat("float", 1.5);
            jedis.hset("h2", Map.of("a", "b"));
            jedis.hdel("h", "f1");
            jedis.del("lzf");
            jedis.select(4);
            Transaction multi = jedis.multi();
            multi.set("m", "1");
            multi.incr("m");
            multi.exec();
            expected = io.vigil.node.rdb.TestDatasetAccess.read(jedis, expectedExpiries);
            jedis.shutdown();
        } catch (redis.clients.jedis.exceptions.JedisConnectionException ignored) {
            // SHUTDOWN closes the connection
            throw new AssertionError("unexpected", ignored);
        }
        VigilNode node = start(dir);
        Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
        assertEquals(expected, PersistenceNodes.read(node, expiries));
        assertEquals(expectedExpiries, expiries);
        assertTrue(log().contains("Reading RDB base file on AOF loading..."), log());
        assertTrue(log().contains("RDB is base AOF"), log());
    }

    private Path writeSomeAndStop(Path dir, String... args) throws Exception {
        VigilNode node = start(dir, args);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            for (int i = 0; i < 10; i++) {
                jedis.set("k" + i, "v" + i);
            }
        }
        stop(node);
        return dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
    }

    @Test
    void aTruncatedTailIsCutWithAWarningWhenAllowed(@TempDir Path dir) throws Exception {
        Path incr = writeSomeAndStop(dir);
        long good = Files.size(incr);
        Files.write(incr, "*3\r\n$3\r\nset\r\n$1\r\nz\r\n$1".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        VigilNode node = start(dir);
        assertEquals(good, Files.size(incr));
        assertTrue(log().contains("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!"), log());
        assertTrue(log().contains("!!! Truncating the AOF appendonly.aof.1.incr.aof at offset " + good + " !!!"), log());
        assertTrue(log().contains("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled"), log());
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("v9", jedis.get("k9"));
            assertEquals(null, jedis.get("z"));
            jedis.set("z", "after");
        }
        stop(node);
        node = start(dir);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("after", jedis.get("z"));
        }
    }

    @Test
    void aTruncatedTailStopsTheStartWhenNotAllowed(@TempDir Path dir) throws Exception {
        Path incr = writeSomeAndStop(dir);
        Files.write(incr, "*3\r\n$3\r\nset\r\n$1\r\nz\r\n$1".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        long size = Files.size(incr);
        assertThrows(Exception.class, () -> start(dir, "--aof-load-truncated", "no"));
        assertEquals(size, Files.size(incr));
        assertTrue(log().contains("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof"), log());
    }

    @Test
    void anUnfinishedTransactionAtTheEndIsReverted(@TempDir Path dir) throws Exception {
        Path incr = writeSomeAndStop(dir);
        long good = Files.size(incr);
        Files.write(incr, "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nset\r\n$1\r\nq\r\n$1\r\n1\r\n".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        VigilNode node = start(dir);
        assertEquals(good, Files.size(incr));
        assertTrue(log().contains("Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.1.incr.aof"), log());
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals(null, jedis.get("q"));
            assertEquals("v0", jedis.get("k0"));
        }
    }

    @Test
    void bgrewriteaofCompactsIntoANewBaseAndDeletesTheOldFiles(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir);
        Path aof = dir.resolve("appendonlydir");
        try (Jedis jedis = PersistenceNodes.client(node)) {
            for (int i = 0; i < 500; i++) {
                jedis.incr("counter");
            }
            long before = Long.parseLong(PersistenceNodes.info(jedis).get("aof_current_size"));
            assertEquals("Background append only file rewriting started", jedis.bgrewriteaof());
            await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("aof_rewrite_in_progress")));
            Map<String, String> info = PersistenceNodes.info(jedis);
            assertEquals("ok", info.get("aof_last_bgrewrite_status"));
            assertEquals("1", info.get("aof_rewrites"));
            assertTrue(Long.parseLong(info.get("aof_current_size")) < before, info.toString());
            jedis.incr("counter");
        }
        assertEquals(List.of("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"), files(aof));
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                read(aof.resolve("appendonly.aof.manifest")));
        assertTrue(log().contains("Creating AOF incr file appendonly.aof.2.incr.aof on background rewrite"), log());
        assertTrue(log().contains("Background append only file rewriting started by pid"), log());
        assertTrue(log().contains("Successfully renamed the temporary AOF base file temp-rewriteaof-bg-"), log());
        assertTrue(log().contains("Removing the history file appendonly.aof.1.incr.aof in the background"), log());
        assertTrue(log().contains("Background AOF rewrite finished successfully"), log());
        stop(node);
        node = start(dir);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("501", jedis.get("counter"));
        }
    }

    @Test
    void aRewriteWithoutPreambleWritesARespBase(@TempDir Path dir) throws Exception {
        io.vigil.node.rdb.TestDatasetAccess data = io.vigil.node.rdb.TestDatasetAccess.everyType();
        VigilNode node = start(dir, "--aof-use-rdb-preamble", "no");
        data.populate(node);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            jedis.bgrewriteaof();
            await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("aof_rewrite_in_progress")));
        }
        Map<Integer, Map<String, Long>> expected = new TreeMap<>();
        Map<Integer, Map<String, Object>> ours = PersistenceNodes.read(node, expected);
        stop(node);
        assertTrue(Files.exists(dir.resolve("appendonlydir/appendonly.aof.2.base.aof")));
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(real.resolve("appendonlydir"));
        for (String name : files(dir.resolve("appendonlydir"))) {
            Files.copy(dir.resolve("appendonlydir").resolve(name), real.resolve("appendonlydir").resolve(name));
        }
        try (RealRedis redis = RealRedis.start(real, "--appendonly", "yes"); Jedis jedis = redis.client()) {
            Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
            assertEquals(ours, io.vigil.node.rdb.TestDatasetAccess.read(jedis, expiries));
            assertEquals(expected, expiries);
        }
    }

    @Test
    void configSetAppendonlyYesStartsWithARewrite(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir, "--appendonly", "no");
        try (Jedis jedis = PersistenceNodes.client(node)) {
            jedis.set("before", "1");
            assertFalse(Files.exists(dir.resolve("appendonlydir")));
            assertEquals("OK", jedis.configSet("appendonly", "yes"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("aof_rewrite_in_progress"))
                    && "1".equals(PersistenceNodes.info(jedis).get("aof_enabled")));
            jedis.set("after", "2");
            assertEquals("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                    read(dir.resolve("appendonlydir/appendonly.aof.manifest")));
            assertTrue(log().contains("Successfully renamed the temporary AOF incr file temp-appendonly.aof.incr into "
                    + "appendonly.aof.1.incr.aof"), log());
            assertEquals("OK", jedis.configSet("appendonly", "no"));
            jedis.set("not-logged", "3");
        }
        stop(node);
        node = start(dir);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("1", jedis.get("before"));
            assertEquals("2", jedis.get("after"));
            assertEquals(null, jedis.get("not-logged"));
        }
    }

    @Test
    void anOldStyleAppendOnlyFileIsMigratedIntoTheDirectory(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("appendonly.aof"), ("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nset\r\n$3\r\nold\r\n$5\r\nstyle\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        VigilNode node = start(dir);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("style", jedis.get("old"));
        }
        assertFalse(Files.exists(dir.resolve("appendonly.aof")));
        assertEquals("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
                read(dir.resolve("appendonlydir/appendonly.aof.manifest")));
        assertTrue(log().contains("Successfully migrated an old-style AOF into the AOF directory appendonlydir."), log());
    }

    @Test
    void writesDuringLoadingAreRefused(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            for (int i = 0; i < 400; i++) {
                jedis.set("k" + i, "v");
            }
            jedis.bgrewriteaof();
            await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("aof_rewrite_in_progress")));
        }
        stop(node);
        node = start(dir, "--key-load-delay", "2000");
        try (Jedis jedis = PersistenceNodes.client(node)) {
            JedisDataException loading = assertThrows(JedisDataException.class, () -> jedis.set("x", "y"));
            assertEquals("LOADING Redis is loading the dataset in memory", loading.getMessage());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> "OK".equals(jedis.set("x", "y")));
            assertEquals("v", jedis.get("k399"));
        }
    }

    private Path incrOnAFullDisk(Path dir) throws Exception {
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "needs /dev/full to simulate a full disk");
        stop(start(dir));
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        Files.delete(incr);
        Files.createSymbolicLink(incr, devFull);
        return incr;
    }

    @Test
    void aFailingAofWriteRefusesWritesWithMisconf(@TempDir Path dir) throws Exception {
        incrOnAFullDisk(dir);
        VigilNode node = start(dir, "--appendfsync", "everysec");
        try (Jedis jedis = PersistenceNodes.client(node)) {
            jedis.set("first", "1"); // executed; its AOF write fails
            JedisDataException refused = assertThrows(JedisDataException.class, () -> jedis.set("second", "2"));
            assertEquals("MISCONF Errors writing to the AOF file: No space left on device", refused.getMessage());
            assertEquals("err", PersistenceNodes.info(jedis).get("aof_last_write_status"));
            assertEquals("1", jedis.get("first"));
        }
        assertTrue(log().contains("Error writing to the AOF file: No space left on device"), log());
    }

    @Test
    void aFailingAofWriteWithAppendfsyncAlwaysStopsTheNode(@TempDir Path dir) throws Exception {
        incrOnAFullDisk(dir);
        VigilNode node = start(dir, "--appendfsync", "always");
        nodes.remove(node); // it shuts itself down
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertThrows(RuntimeException.class, () -> jedis.set("lost", "1"));
        }
        assertTrue(log().contains("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting..."),
                log());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Jedis jedis = PersistenceNodes.client(node)) {
                jedis.ping();
                return false;
            } catch (redis.clients.jedis.exceptions.JedisConnectionException closed) {
                return true;
            }
        });
    }
}
