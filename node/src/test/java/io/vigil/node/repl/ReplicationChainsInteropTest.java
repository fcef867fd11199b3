package io.vigil.node.repl;

import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mixed chains of real redis-server and vigil-node, promotions in the middle of them (PSYNC2:
 * everyone continues with +CONTINUE), and a master crash in the middle of a transfer.
 */
class ReplicationChainsInteropTest {
    private final ReplNodes nodes = new ReplNodes();
    private final List<RedisProcess> redises = new ArrayList<>();

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

    private static long offset(RedisProcess redis) throws Exception {
        return Long.parseLong(redis.info("replication").get("master_repl_offset"));
    }

    private static boolean up(RedisProcess redis) throws Exception {
        return "up".equals(redis.info("replication").get("master_link_status"));
    }

    @Test
    void realVigilRealChainCarriesTheStreamAndSurvivesPromotingTheMiddle() throws Exception {
        RedisProcess top = redis();
        VigilNode middle = nodes.start();
        try (RespClient t = top.client(); RespClient m = new RespClient(middle.port())) {
            for (int i = 0; i < 300; i++) {
                t.str("SET", "k" + i, "v" + i);
            }
            m.str("REPLICAOF", "127.0.0.1", Integer.toString(top.port));
            RedisProcess bottom = redis("--replicaof", "127.0.0.1", Integer.toString(middle.port()));
            t.str("SELECT", "1");
            t.str("SET", "streamed", "through");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> up(bottom)
                    && offset(bottom) == offset(top) && ReplNodes.offset(middle) == offset(top));
            String topId = top.info("replication").get("master_replid");
            assertEquals(topId, bottom.info("replication").get("master_replid"));
            try (RespClient b = bottom.client()) {
                assertEquals(300L, b.call("DBSIZE"));
                b.str("SELECT", "1");
                assertEquals("through", b.str("GET", "streamed"));
            }
            // Promote the middle: the bottom reconnects and continues, the old top follows it partially.
            long fullBefore = ReplNodes.on(middle, () -> ReplNodes.repl(middle).syncFull());
            m.str("REPLICAOF", "NO", "ONE");
            t.str("REPLICAOF", "127.0.0.1", Integer.toString(middle.port()));
            m.str("SET", "promoted", "yes");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> up(top) && up(bottom)
                    && offset(top) == ReplNodes.offset(middle) && offset(bottom) == ReplNodes.offset(middle));
            assertEquals(fullBefore, ReplNodes.on(middle, () -> ReplNodes.repl(middle).syncFull()));
            assertEquals(2L, ReplNodes.on(middle, () -> ReplNodes.repl(middle).syncPartialOk()));
            assertTrue(top.logText().contains("Successful partial resynchronization with master."));
            assertTrue(bottom.logText().contains("Successful partial resynchronization with master."));
            try (RespClient b = bottom.client()) {
                assertEquals("yes", b.str("GET", "promoted"));
            }
        }
    }

    @Test
    void vigilRealVigilChainSurvivesPromotingTheRealMiddle() throws Exception {
        VigilNode top = nodes.start();
        RedisProcess middle = redis();
        VigilNode bottom = nodes.start();
        try (RespClient t = new RespClient(top.port()); RespClient m = middle.client();
             RespClient b = new RespClient(bottom.port())) {
            for (int i = 0; i < 300; i++) {
                t.str("SET", "k" + i, "v" + i);
            }
            m.str("REPLICAOF", "127.0.0.1", Integer.toString(top.port()));
            b.str("REPLICAOF", "127.0.0.1", Integer.toString(middle.port));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> up(middle)
                    && ReplNodes.link(bottom) == LinkState.CONNECTED
                    && ReplNodes.offset(bottom) == ReplNodes.offset(top) && offset(middle) == ReplNodes.offset(top));
            assertEquals(300L, b.call("DBSIZE"));
            m.str("REPLICAOF", "NO", "ONE");
            t.str("REPLICAOF", "127.0.0.1", Integer.toString(middle.port));
            m.str("SET", "promoted", "yes");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    ReplNodes.link(top) == LinkState.CONNECTED && ReplNodes.link(bottom) == LinkState.CONNECTED
                            && ReplNodes.offset(top) == offset(middle) && ReplNodes.offset(bottom) == offset(middle));
            Map<String, String> stats = middle.info("stats");
            assertEquals("1", stats.get("sync_full"));
            assertEquals("2", stats.get("sync_partial_ok"));
            assertEquals("yes", t.str("GET", "promoted"));
            assertEquals("yes", b.str("GET", "promoted"));
        }
    }

    @Test
    void masterCrashMidTransferIsRetriedUntilComplete() throws Exception {
        RedisProcess master = redis("--enable-debug-command", "yes");
        int port = master.port;
        try (RespClient m = master.client()) {
            m.str("DEBUG", "POPULATE", "20000", "key", "100");
            // Slow the snapshot down so the crash lands in the middle of it.
            m.str("CONFIG", "SET", "rdb-key-save-delay", "200");
        }
        VigilNode replica = nodes.start();
        try (RespClient r = new RespClient(replica.port())) {
            r.str("SET", "old", "data");
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(port));
            await().atMost(Duration.ofSeconds(30)).until(() -> ReplNodes.link(replica) == LinkState.TRANSFER
                    && ReplNodes.on(replica, () -> ReplNodes.repl(replica).link.transferRead()) > 0);
            master.kill();
            assertEquals("data", r.str("GET", "old"));
            RedisProcess reborn = RedisProcess.startOnPort(port, "--enable-debug-command", "yes");
            redises.add(reborn);
            try (RespClient m = reborn.client()) {
                m.str("DEBUG", "POPULATE", "5000", "key", "100");
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    ReplNodes.link(replica) == LinkState.CONNECTED && ReplNodes.offset(replica) == offset(reborn));
            assertEquals(5000L, r.call("DBSIZE"));
        }
    }
}
