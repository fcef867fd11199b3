package io.vigil.node.rdb;

import io.vigil.node.VigilNode;
import io.vigil.node.server.ServerLog;
import io.vigil.node.store.Database;
import io.vigil.node.store.ListValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SAVE, BGSAVE, save points, MISCONF, LOADING and the shutdown save of a running vigil-node. */
class RdbPersistenceNodeTest {
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
        List<String> all = new ArrayList<>(List.of("--dir", dir.toString()));
        all.addAll(List.of(args));
        VigilNode node = PersistenceNodes.start(all.toArray(new String[0]));
        nodes.add(node);
        return node;
    }

    private void stop(VigilNode node) {
        nodes.remove(node);
        node.close();
    }

    @Test
    void saveWritesADumpThatRedisCheckRdbAndARealRedisAccept(@TempDir Path dir) throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        VigilNode node = start(dir, "--save", "");
        PersistenceNodes.populate(node, data);
        long before;
        try (Jedis jedis = PersistenceNodes.client(node)) {
            before = jedis.lastsave();
            assertEquals("OK", jedis.save());
            assertTrue(jedis.lastsave() >= before);
            assertEquals("0", PersistenceNodes.info(jedis).get("rdb_changes_since_last_save"));
        }
        assertTrue(log().contains("DB saved on disk"), log());
        RealRedis.CheckResult check = RealRedis.checkRdb(dir.resolve("dump.rdb"));
        assertTrue(check.ok(), check.output());
        Path copy = Files.createDirectories(dir.resolve("real"));
        Files.copy(dir.resolve("dump.rdb"), copy.resolve("dump.rdb"));
        try (RealRedis redis = RealRedis.start(copy); Jedis jedis = redis.client()) {
            Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
            assertEquals(data.normalized(), TestDataset.read(jedis, 16, expiries));
            assertEquals(data.expiries(), expiries);
        }
    }

    @Test
    void aRealRedisDumpOfEveryTypeLoadsAtStart(@TempDir Path dir) throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        try (RealRedis redis = RealRedis.start(dir); Jedis jedis = redis.client()) {
            data.populate(jedis);
            assertEquals("OK", jedis.save());
        }
        VigilNode node = start(dir, "--save", "");
        Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
        assertEquals(data.normalized(), PersistenceNodes.read(node, expiries));
        assertEquals(data.expiries(), expiries);
        int keys = data.dbs.values().stream().mapToInt(Map::size).sum();
        assertTrue(log().contains("Loading RDB produced by version 7.0.15"), log());
        assertTrue(log().contains("Done loading RDB, keys loaded: " + keys + ", keys expired: 0."), log());
        assertTrue(log().contains("DB loaded from disk: "), log());
        try (Jedis jedis = PersistenceNodes.client(node)) {
            Map<String, String> info = PersistenceNodes.info(jedis);
            assertEquals(Integer.toString(keys), info.get("rdb_last_load_keys_loaded"));
            assertEquals("0", info.get("loading"));
        }
    }

    @Test
    void expiredKeysAreDroppedWhenLoading(@TempDir Path dir) throws Exception {
        TestDataset data = new TestDataset();
        data.put(0, "live", TestDataset.str("a"), System.currentTimeMillis() + 100_000);
        data.put(0, "dead", TestDataset.str("b"), System.currentTimeMillis() - 1000);
        VigilNode first = start(dir, "--save", "");
        PersistenceNodes.populate(first, data);
        PersistenceNodes.persistence(first).rdb().save();
        stop(first);
        VigilNode node = start(dir, "--save", "");
        Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
        assertEquals(Map.of(0, Map.of("live", "a")), PersistenceNodes.read(node, expiries));
        assertTrue(log().contains("Done loading RDB, keys loaded: 1, keys expired: 1."), log());
    }

    @Test
    void bgsaveWritesTheSnapshotOfItsStartWhileWritesGoOn(@TempDir Path dir) throws Exception {
        TestDataset data = new TestDataset();
        for (int i = 0; i < 300; i++) {
            data.put(0, "list" + i, TestDataset.list("a", "b"), -1);
        }
        VigilNode node = start(dir, "--save", "", "--rdb-key-save-delay", "2000");
        PersistenceNodes.populate(node, data);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("Background saving started", jedis.bgsave());
            assertEquals("1", PersistenceNodes.info(jedis).get("rdb_bgsave_in_progress"));
            JedisDataException busy = assertThrows(JedisDataException.class, jedis::bgsave);
            assertEquals("ERR Background save already in progress", busy.getMessage());
            busy = assertThrows(JedisDataException.class, jedis::save);
            assertEquals("ERR Background save already in progress", busy.getMessage());
            // Writes while the save runs: in-place changes (copy-on-write), replacements, new keys.
            node.server().call(() -> {
                Database db = node.keyspace().db(0);
                long now = System.currentTimeMillis();
                for (int i = 0; i < 300; i++) {
                    ((ListValue) db.getForWrite(TestDataset.b("list" + i), now)).pushTail(TestDataset.b("later"));
                }
                db.put(TestDataset.b("new"), TestDataset.b("key"));
                return null;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("rdb_bgsave_in_progress")));
            Map<String, String> info = PersistenceNodes.info(jedis);
            assertEquals("ok", info.get("rdb_last_bgsave_status"));
            assertEquals("1", info.get("rdb_saves"));
        }
        assertTrue(log().contains("Background saving started by pid"), log());
        assertTrue(log().contains("Background saving terminated with success"), log());
        TestDataset.Collector collector = new TestDataset.Collector();
        try (InputStream in = Files.newInputStream(dir.resolve("dump.rdb"))) {
            new RdbLoader(new RdbInput(in), collector, true).loadAll();
        }
        assertEquals(data.normalized(), collector.loaded.normalized());
    }

    @Test
    void bgsaveScheduleWaitsForARunningRewrite(@TempDir Path dir) throws Exception {
        TestDataset data = new TestDataset();
        for (int i = 0; i < 200; i++) {
            data.put(0, "k" + i, TestDataset.str("v" + i), -1);
        }
        VigilNode node = start(dir, "--save", "", "--rdb-key-save-delay", "2000");
        PersistenceNodes.populate(node, data);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("Background append only file rewriting started", jedis.bgrewriteaof());
            JedisDataException busy = assertThrows(JedisDataException.class, jedis::bgrewriteaof);
            assertEquals("ERR Background append only file rewriting already in progress", busy.getMessage());
            busy = assertThrows(JedisDataException.class, jedis::bgsave);
            assertEquals("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE "
                    + "in order to schedule a BGSAVE whenever possible.", busy.getMessage());
            assertEquals("Background saving scheduled", jedis.bgsaveSchedule());
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(PersistenceNodes.info(jedis).get("rdb_saves")));
            await().atMost(Duration.ofSeconds(30)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("rdb_bgsave_in_progress")));
            assertEquals("ok", PersistenceNodes.info(jedis).get("aof_last_bgrewrite_status"));
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        assertTrue(Files.exists(dir.resolve("appendonlydir").resolve("appendonly.aof.manifest")));
    }

    @Test
    void aFailedBgsaveRefusesWritesWithMisconfUntilASaveSucceeds(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir);
        // A directory where the dump should go makes the final rename fail.
        Files.createDirectories(dir.resolve("dump.rdb").resolve("blocker"));
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("Background saving started", jedis.bgsave());
            await().atMost(Duration.ofSeconds(10)).until(() -> "err".equals(PersistenceNodes.info(jedis).get("rdb_last_bgsave_status")));
            JedisDataException refused = assertThrows(JedisDataException.class, jedis::ping);
            assertEquals(RdbPersistence.MISCONF_RDB, refused.getMessage());
            assertTrue(log().contains("Background saving error"), log());
            assertTrue(log().contains("Error moving temp DB file"), log());
            // Reads still work; LASTSAVE is not a write.
            jedis.lastsave();
            jedis.configSet("stop-writes-on-bgsave-error", "no");
            assertEquals("PONG", jedis.ping());
            jedis.configSet("stop-writes-on-bgsave-error", "yes");
            assertThrows(JedisDataException.class, jedis::ping);
            Files.delete(dir.resolve("dump.rdb").resolve("blocker"));
            Files.delete(dir.resolve("dump.rdb"));
            assertEquals("Background saving started", jedis.bgsave());
            await().atMost(Duration.ofSeconds(10)).until(() -> "ok".equals(PersistenceNodes.info(jedis).get("rdb_last_bgsave_status")));
            assertEquals("PONG", jedis.ping());
        }
    }

    @Test
    void savePointsStartABgsaveFromCron(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir, "--save", "1 1");
        node.server().call(() -> {
            node.keyspace().db(0).put(TestDataset.b("k"), TestDataset.b("v"));
            PersistenceNodes.persistence(node).rdb().addDirty(1);
            return null;
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(dir.resolve("dump.rdb"))
                && log().contains("Background saving terminated with success"));
        assertTrue(log().contains("1 changes in 1 seconds. Saving..."), log());
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("0", PersistenceNodes.info(jedis).get("rdb_changes_since_last_save"));
        }
    }

    @Test
    void closingSavesWhenSavePointsAreConfiguredAndNotOtherwise(@TempDir Path dir) throws Exception {
        Path withSave = Files.createDirectories(dir.resolve("with"));
        VigilNode node = start(withSave);
        PersistenceNodes.populate(node, TestDataset.everyType(System.currentTimeMillis()));
        stop(node);
        assertTrue(Files.exists(withSave.resolve("dump.rdb")));
        assertTrue(log().contains("Saving the final RDB snapshot before exiting."), log());
        Path without = Files.createDirectories(dir.resolve("without"));
        node = start(without, "--save", "");
        PersistenceNodes.populate(node, TestDataset.everyType(System.currentTimeMillis()));
        stop(node);
        assertFalse(Files.exists(without.resolve("dump.rdb")));
        // and the saved one loads back
        node = start(withSave, "--save", "");
        Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
        assertEquals(TestDataset.everyType(0).normalized(), PersistenceNodes.read(node, expiries));
    }

    @Test
    void aCorruptDumpStopsTheStartWithAClearError(@TempDir Path dir) throws Exception {
        VigilNode first = start(dir, "--save", "");
        PersistenceNodes.populate(first, TestDataset.everyType(System.currentTimeMillis()));
        PersistenceNodes.persistence(first).rdb().save();
        stop(first);
        byte[] dump = Files.readAllBytes(dir.resolve("dump.rdb"));
        dump[dump.length / 2] ^= 0x55;
        Files.write(dir.resolve("dump.rdb"), dump);
        Exception error = assertThrows(Exception.class, () -> start(dir, "--save", ""));
        String message = String.valueOf(error.getMessage()) + " " + (error.getCause() == null ? "" : error.getCause().getMessage());
        assertTrue(message.contains("RDB") || message.contains("rdb") || message.contains("checksum")
                || message.contains("Invalid") || message.contains("Unknown") || message.contains("Listpack")
                || message.contains("LZF") || message.contains("Duplicate"), message);
    }

    @Test
    void clientsGetLoadingWhileALargeDumpLoads(@TempDir Path dir) throws Exception {
        TestDataset data = new TestDataset();
        for (int i = 0; i < 1500; i++) {
            data.put(0, "key" + i, TestDataset.str("value" + i), -1);
        }
        VigilNode first = start(dir, "--save", "");
        PersistenceNodes.populate(first, data);
        PersistenceNodes.persistence(first).rdb().save();
        stop(first);
        // 1500 keys x 1 ms: the load outlasts the first slice, so the node listens while loading.
        VigilNode node = start(dir, "--save", "", "--key-load-delay", "1000");
        try (Jedis jedis = PersistenceNodes.client(node)) {
            JedisDataException loading = assertThrows(JedisDataException.class, jedis::ping);
            assertEquals("LOADING Redis is loading the dataset in memory", loading.getMessage());
            Map<String, String> info = PersistenceNodes.info(jedis);
            assertEquals("1", info.get("loading"));
            assertTrue(info.containsKey("loading_loaded_perc"), info.toString());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> "PONG".equals(jedis.ping()));
            assertEquals("0", PersistenceNodes.info(jedis).get("loading"));
        }
        Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
        assertEquals(data.normalized(), PersistenceNodes.read(node, expiries));
    }

    @Test
    void infoPersistenceListsRedisFieldsInRedisOrder(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir, "--save", "");
        List<String> ours;
        List<String> oursAof;
        try (Jedis jedis = PersistenceNodes.client(node)) {
            ours = new ArrayList<>(PersistenceNodes.info(jedis).keySet());
        }
        stop(node);
        VigilNode aofNode = start(Files.createDirectories(dir.resolve("aof")), "--save", "", "--appendonly", "yes");
        try (Jedis jedis = PersistenceNodes.client(aofNode)) {
            oursAof = new ArrayList<>(PersistenceNodes.info(jedis).keySet());
        }
        try (RealRedis redis = RealRedis.start(Files.createDirectories(dir.resolve("real"))); Jedis jedis = redis.client()) {
            assertEquals(new ArrayList<>(PersistenceNodes.info(jedis).keySet()), ours);
            jedis.configSet("appendonly", "yes");
            await().atMost(Duration.ofSeconds(10)).until(() -> "0".equals(PersistenceNodes.info(jedis).get("aof_rewrite_in_progress"))
                    && "1".equals(PersistenceNodes.info(jedis).get("aof_enabled")));
            assertEquals(new ArrayList<>(PersistenceNodes.info(jedis).keySet()), oursAof);
        }
    }

    @Test
    void debugReloadSavesAndLoadsTheDatasetBack(@TempDir Path dir) throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        VigilNode node = start(dir, "--save", "");
        PersistenceNodes.populate(node, data);
        node.server().call(() -> {
            PersistenceNodes.persistence(node).debugReload(false, true, true);
            return null;
        });
        Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
        assertEquals(data.normalized(), PersistenceNodes.read(node, expiries));
        assertEquals(data.expiries(), expiries);
    }

    @Test
    void debugReloadCommandGoesThroughPersistence(@TempDir Path dir) throws Exception {
        TestDataset data = TestDataset.everyType(System.currentTimeMillis());
        VigilNode node = start(dir, "--save", "", "--enable-debug-command", "yes");
        PersistenceNodes.populate(node, data);
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("OK", new String((byte[]) jedis.sendCommand(() -> TestDataset.b("DEBUG"), TestDataset.b("RELOAD")),
                    StandardCharsets.US_ASCII));
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        Map<Integer, Map<String, Long>> expiries = new TreeMap<>();
        assertEquals(data.normalized(), PersistenceNodes.read(node, expiries));
        assertTrue(log().contains("DB reloaded by DEBUG RELOAD"), log());
    }

    @Test
    void flushallSavesTheEmptyDatasetWhenSavePointsAreConfigured(@TempDir Path dir) throws Exception {
        VigilNode node = start(dir);
        PersistenceNodes.populate(node, TestDataset.everyType(System.currentTimeMillis()));
        try (Jedis jedis = PersistenceNodes.client(node)) {
            assertEquals("OK", jedis.save());
            long before = Files.size(dir.resolve("dump.rdb"));
            assertEquals("OK", jedis.flushAll());
            assertTrue(Files.size(dir.resolve("dump.rdb")) < before);
            assertEquals("1", PersistenceNodes.info(jedis).get("rdb_changes_since_last_save"));
        }
        TestDataset.Collector collector = new TestDataset.Collector();
        try (InputStream in = Files.newInputStream(dir.resolve("dump.rdb"))) {
            new RdbLoader(new RdbInput(in), collector, true).loadAll();
        }
        assertTrue(collector.loaded.dbs.isEmpty());
    }
}
