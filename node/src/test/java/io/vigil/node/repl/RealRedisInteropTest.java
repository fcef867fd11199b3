package io.vigil.node.repl;

import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replication between vigil-node and the real redis-server 7.0 in both directions, in chains,
 * through a promotion and a crash. Skipped without redis-server (unless CI=true).
 */
class RealRedisInteropTest {
    private final ReplNodes nodes = new ReplNodes();
    private final java.util.List<RedisProcess> redises = new java.util.ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.close();
        redises.forEach(RedisProcess::close);
    }

    private RedisProcess redis(String... args) throws Exception {
        RedisProcess redis = RedisProcess.start(args);
        redises.add(redis);
        return redis;
    }

    private static long redisOffset(RedisProcess redis) throws Exception {
        return Long.parseLong(redis.info("replication").get("master_repl_offset"));
    }

    private static void awaitRedisReplicaInSync(RedisProcess replica, VigilNode master) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            Map<String, String> info = replica.info("replication");
            return "up".equals(info.get("master_link_status"))
                    && Long.parseLong(info.get("slave_repl_offset")) == ReplNodes.offset(master);
        });
    }

    @Test
    void realReplicaFollowsVigilMasterAndContinuesAfterKill() throws Exception {
        VigilNode master = nodes.start();
        try (RespClient m = new RespClient(master.port())) {
            for (int i = 0; i < 500; i++) {
                m.str("SET", "key:" + i, "value:" + i);
            }
            RedisProcess replica = redis("--replicaof", "127.0.0.1", Integer.toString(master.port()));
            awaitRedisReplicaInSync(replica, master);
            m.str("SELECT", "2");
            for (int i = 0; i < 100; i++) {
                m.str("SET", "db2:" + i, "x" + i);
            }
            m.str("INCR", "n");
            awaitRedisReplicaInSync(replica, master);
            try (RespClient r = replica.client()) {
                assertEquals(500L, r.call("DBSIZE"));
                assertEquals("value:321", r.str("GET", "key:321"));
                r.str("SELECT", "2");
                assertEquals(101L, r.call("DBSIZE"));
                assertEquals("1", r.str("GET", "n"));
            }
            // Drop the link: the real replica comes back with PSYNC and continues.
            ReplNodes.on(master, () -> {
                ReplNodes.repl(master).replicas().get(0).session().close();
                return null;
            });
            m.str("SET", "during", "gap");
            awaitRedisReplicaInSync(replica, master);
            assertEquals(1L, ReplNodes.on(master, () -> ReplNodes.repl(master).syncPartialOk()));
            assertEquals(1L, ReplNodes.on(master, () -> ReplNodes.repl(master).syncFull()));
            try (RespClient r = replica.client()) {
                r.str("SELECT", "2");
                assertEquals("gap", r.str("GET", "during"));
            }
            assertTrue(replica.logText().contains("Successful partial resynchronization with master."));
        }
    }

    @Test
    void vigilReplicaFollowsRealMasterAndContinuesAfterKill() throws Exception {
        RedisProcess master = redis();
        VigilNode replica = nodes.start();
        try (RespClient m = master.client(); RespClient r = new RespClient(replica.port())) {
            for (int i = 0; i < 500; i++) {
                m.str("SET", "key:" + i, "value:" + i);
            }
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
            await().atMost(Duration.ofSeconds(30)).until(() -> ReplNodes.link(replica) == LinkState.CONNECTED
                    && ReplNodes.offset(replica) == redisOffset(master));
            m.str("SELECT", "5");
            for (int i = 0; i < 100; i++) {
                m.str("SET", "db5:" + i, "x" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ReplNodes.offset(replica) == redisOffset(master));
            assertEquals(500L, r.call("DBSIZE"));
            r.str("SELECT", "5");
            assertEquals("x42", r.str("GET", "db5:42"));
            // The real master's view of us: online, acknowledged offset equal to its own.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                    master.info("replication").get("slave0").contains("state=online,offset=" + redisOffset(master)));
            assertEquals(1L, m.call("CLIENT", "KILL", "TYPE", "replica"));
            m.str("SET", "during", "gap");
            await().atMost(Duration.ofSeconds(30)).until(() -> ReplNodes.link(replica) == LinkState.CONNECTED
                    && ReplNodes.offset(replica) == redisOffset(master));
            assertEquals("1", master.info("stats").get("sync_partial_ok"));
            assertEquals("1", master.info("stats").get("sync_full"));
            assertEquals("gap", r.str("GET", "during"));
        }
    }

    @Test
    void redisCliRdbDumpOfVigilMasterPassesRedisCheckRdb() throws Exception {
        RedisProcess.binary();
        VigilNode master = nodes.start();
        try (RespClient m = new RespClient(master.port())) {
            for (int i = 0; i < 100; i++) {
                m.str("SET", "key:" + i, "value:" + i);
            }
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vigil-rdb-dump");
        java.nio.file.Path file = dir.resolve("dump.rdb");
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(master.port()), "--rdb", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile()).start();
        assertTrue(cli.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "redis-cli --rdb did not finish");
        assertEquals(0, cli.exitValue(), java.nio.file.Files.readString(dir.resolve("cli.log")));
        Process check = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("check.log").toFile()).start();
        assertTrue(check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        String report = java.nio.file.Files.readString(dir.resolve("check.log"));
        assertEquals(0, check.exitValue(), report);
        assertTrue(report.contains("RDB looks OK!"), report);
        assertTrue(report.contains("keys read: 100") || report.contains("100 keys"), report);
    }
}
