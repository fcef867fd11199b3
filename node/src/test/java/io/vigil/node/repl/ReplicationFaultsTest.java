package io.vigil.node.repl;

import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input and faults on both sides: each is logged, retried, and never corrupts the dataset. */
class ReplicationFaultsTest {
    private final ReplNodes nodes = new ReplNodes();
    private final LogCapture log = new LogCapture();

    @AfterEach
    void tearDown() {
        nodes.close();
        log.close();
    }

    private static void awaitInSync(VigilNode master, VigilNode replica) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ReplNodes.link(replica) == LinkState.CONNECTED
                && ReplNodes.offset(replica) == ReplNodes.offset(master));
    }

    @Test
    void corruptSnapshotIsRefusedAndOldDataKept() throws Exception {
        byte[] garbage = "REDIS0010this-is-not-an-rdb-at-all".getBytes(StandardCharsets.US_ASCII);
        try (FakeMaster fake = new FakeMaster((out, socket) -> {
            out.write(("$" + garbage.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(garbage);
            out.flush();
            socket.getInputStream().read(); // hold the connection until the replica gives up
        })) {
            VigilNode replica = nodes.start();
            try (RespClient r = new RespClient(replica.port())) {
                r.str("SET", "precious", "data");
                r.str("REPLICAOF", "127.0.0.1", Integer.toString(fake.port()));
                await().atMost(Duration.ofSeconds(20)).until(() -> fake.connections.get() >= 2);
                // The retry may connect before the failed load's log line is written: wait for it too.
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> log.has("Failed trying to load the MASTER synchronization DB from disk"));
                assertEquals("data", r.str("GET", "precious"));
                assertEquals(1L, r.call("DBSIZE"));
            }
        }
    }

    @Test
    void masterClosingMidSnapshotIsRetriedAndOldDataKept() throws Exception {
        try (FakeMaster fake = new FakeMaster((out, socket) -> {
            out.write("$100000\r\nREDIS0010".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            VigilNode replica = nodes.start(r -> r.settings().disklessLoad("swapdb"));
            try (RespClient r = new RespClient(replica.port())) {
                r.str("SET", "precious", "data");
                r.str("REPLICAOF", "127.0.0.1", Integer.toString(fake.port()));
                await().atMost(Duration.ofSeconds(20)).until(() -> fake.connections.get() >= 2);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> log.has("I/O error trying to sync with MASTER: connection lost"));
                assertEquals("data", r.str("GET", "precious"));
                List<?> role = (List<?>) r.call("ROLE");
                assertEquals(-1L, role.get(4));
            }
        }
    }

    @Test
    void eofMarkedSnapshotCutShortIsRefused() throws Exception {
        try (FakeMaster fake = new FakeMaster((out, socket) -> {
            out.write(("$EOF:" + "a".repeat(40) + "\r\nREDIS0010\u00fa").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        })) {
            VigilNode replica = nodes.start();
            try (RespClient r = new RespClient(replica.port())) {
                r.str("SET", "precious", "data");
                r.str("REPLICAOF", "127.0.0.1", Integer.toString(fake.port()));
                await().atMost(Duration.ofSeconds(20)).until(() -> fake.connections.get() >= 2);
                assertEquals("data", r.str("GET", "precious"));
            }
        }
    }

    @Test
    void unreachableMasterIsRetriedUntilItAppears() throws Exception {
        int port = RedisProcess.freePort();
        VigilNode replica = nodes.start();
        try (RespClient r = new RespClient(replica.port())) {
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(port));
            await().atMost(Duration.ofSeconds(20)).until(() -> log.count("Error condition on socket for SYNC") >= 2);
            List<?> role = (List<?>) r.call("ROLE");
            assertEquals(-1L, role.get(4));
            VigilNode master = nodes.startOnPort(port);
            try (RespClient m = new RespClient(master.port())) {
                m.str("SET", "finally", "here");
            }
            awaitInSync(master, replica);
            assertEquals("here", r.str("GET", "finally"));
        }
    }

    @Test
    void wrongMasterauthIsLoggedAndRetried() throws Exception {
        RedisProcess.binary();
        try (RedisProcess master = RedisProcess.start("--requirepass", "secret")) {
            VigilNode replica = nodes.start(r -> r.settings().masterAuth("wrong"));
            try (RespClient r = new RespClient(replica.port())) {
                r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port));
                await().atMost(Duration.ofSeconds(20)).until(() -> log.count("Unable to AUTH to MASTER") >= 2);
                assertTrue(ReplNodes.link(replica) != LinkState.CONNECTED);
                ReplNodes.repl(replica).settings().masterAuth("secret");
                await().atMost(Duration.ofSeconds(20)).until(() -> ReplNodes.link(replica) == LinkState.CONNECTED);
            }
        }
    }

    @Test
    void backlogOverflowFallsBackToFullResync() throws Exception {
        VigilNode master = nodes.start(r -> r.settings().backlogSize(16 * 1024));
        VigilNode replica = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient r = new RespClient(replica.port())) {
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            // Point the replica at nothing for a while; it keeps its cached master state.
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(RedisProcess.freePort()));
            String big = "x".repeat(1000);
            for (int i = 0; i < 100; i++) {
                m.str("SET", "big" + i, big);
            }
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            assertEquals(big, r.str("GET", "big99"));
            assertEquals(2L, ReplNodes.on(master, () -> ReplNodes.repl(master).syncFull()));
            assertTrue(log.has("for lack of backlog"));
        }
    }

    @Test
    void replicaPastItsOutputBufferLimitIsDisconnected() throws Exception {
        VigilNode master = nodes.start(r -> r.settings().replicaOutputLimit(256 * 1024, 0, 0));
        try (RespClient m = new RespClient(master.port()); RespClient fake = new RespClient(master.port())) {
            assertEquals("OK", fake.str("REPLCONF", "capa", "eof", "capa", "psync2"));
            fake.send("PSYNC", "?", "-1");
            // It never acknowledges the snapshot, so the stream is held for it until the limit hits.
            await().atMost(Duration.ofSeconds(10)).until(() -> ReplNodes.on(master,
                    () -> ReplNodes.repl(master).replicas().size()) == 1);
            String value = "v".repeat(10_000);
            for (int i = 0; i < 100; i++) {
                m.str("SET", "k" + i, value);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ReplNodes.on(master,
                    () -> ReplNodes.repl(master).replicas().isEmpty()));
            assertTrue(log.has("scheduled to be closed ASAP for overcoming of output buffer limits."));
        }
    }
}
