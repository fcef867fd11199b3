package io.vigil.node.repl;

import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A vigil master and vigil replicas in one JVM: full and partial sync, offsets, roles. */
class ReplicationTest {
    private final ReplNodes nodes = new ReplNodes();

    @AfterEach
    void tearDown() {
        nodes.close();
    }

    private static void awaitInSync(VigilNode master, VigilNode replica) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ReplNodes.link(replica) == LinkState.CONNECTED
                && ReplNodes.offset(replica) == ReplNodes.offset(master));
    }

    @Test
    void replicaGetsSnapshotThenStreamWithMatchingOffsets() throws Exception {
        VigilNode master = nodes.start();
        VigilNode replica = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient r = new RespClient(replica.port())) {
            for (int i = 0; i < 200; i++) {
                m.str("SET", "k" + i, "v" + i);
            }
            assertEquals("OK", r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port())));
            awaitInSync(master, replica);
            assertEquals(200L, r.call("DBSIZE"));
            assertEquals("v17", r.str("GET", "k17"));
            m.str("SELECT", "3");
            m.str("SET", "other", "db3");
            m.str("INCR", "counter");
            awaitInSync(master, replica);
            r.str("SELECT", "3");
            assertEquals("db3", r.str("GET", "other"));
            assertEquals("1", r.str("GET", "counter"));
            assertEquals(1L, ReplNodes.on(master, () -> ReplNodes.repl(master).syncFull()));
            // The offsets agree byte for byte with what the master put into its stream.
            long masterOffset = ReplNodes.offset(master);
            assertEquals(masterOffset, ReplNodes.on(replica, () -> ReplNodes.repl(replica).masterReplOffset()));
            assertEquals(ReplNodes.on(master, () -> ReplNodes.repl(master).replId()),
                    ReplNodes.on(replica, () -> ReplNodes.repl(replica).replId()));
        }
    }

    @Test
    void replicaRefusesWritesAndRoleDescribesBothSides() throws Exception {
        VigilNode master = nodes.start();
        VigilNode replica = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient r = new RespClient(replica.port())) {
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            Object refused = r.call("SET", "a", "b");
            assertEquals(new RespClient.Error("READONLY You can't write against a read only replica."), refused);
            List<?> role = (List<?>) r.call("ROLE");
            assertEquals("slave", role.get(0));
            assertEquals((long) master.port(), role.get(2));
            assertEquals("connected", role.get(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                List<?> mr = (List<?>) m.call("ROLE");
                return ((List<?>) mr.get(2)).size() == 1;
            });
            List<?> masterRole = (List<?>) m.call("ROLE");
            assertEquals("master", masterRole.get(0));
            List<?> entry = (List<?>) ((List<?>) masterRole.get(2)).get(0);
            assertEquals("127.0.0.1", entry.get(0));
            assertEquals(Integer.toString(replica.port()), entry.get(1));
            assertEquals("OK Already connected to specified master",
                    r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port())));
            assertInstanceOf(RespClient.Error.class, r.call("REPLICAOF", "127.0.0.1", "70000"));
            // CONFIG REWRITE sees the role through the config store.
            assertEquals(new io.vigil.conf.ReplicaOf("127.0.0.1", master.port()), replica.config().replicaOf().orElseThrow());
            r.str("REPLICAOF", "NO", "ONE");
            assertTrue(replica.config().replicaOf().isEmpty());
        }
    }

    @Test
    void droppedLinkContinuesFromTheBacklog() throws Exception {
        VigilNode master = nodes.start();
        VigilNode replica = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient r = new RespClient(replica.port())) {
            m.str("SET", "before", "1");
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            // Drop the replica's connection on the master side, write meanwhile.
            ReplNodes.on(master, () -> {
                ReplNodes.repl(master).replicas().get(0).session().close();
                return null;
            });
            for (int i = 0; i < 50; i++) {
                m.str("SET", "during" + i, "x");
            }
            awaitInSync(master, replica);
            assertEquals("x", r.str("GET", "during49"));
            assertEquals(1L, ReplNodes.on(master, () -> ReplNodes.repl(master).syncFull()));
            assertEquals(1L, ReplNodes.on(master, () -> ReplNodes.repl(master).syncPartialOk()));
        }
    }

    @Test
    void diskBasedTransferWorksToo() throws Exception {
        VigilNode master = nodes.start(r -> r.settings().disklessSync(false));
        VigilNode replica = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient r = new RespClient(replica.port())) {
            for (int i = 0; i < 100; i++) {
                m.str("SET", "k" + i, "v" + i);
            }
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            m.str("SET", "after", "yes");
            awaitInSync(master, replica);
            assertEquals("yes", r.str("GET", "after"));
            assertEquals(101L, r.call("DBSIZE"));
        }
    }

    @Test
    void promotedReplicaServesItsSiblingWithPartialResync() throws Exception {
        VigilNode master = nodes.start();
        VigilNode a = nodes.start();
        VigilNode b = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient ra = new RespClient(a.port());
             RespClient rb = new RespClient(b.port())) {
            ra.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            rb.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            for (int i = 0; i < 20; i++) {
                m.str("SET", "k" + i, "v" + i);
            }
            awaitInSync(master, a);
            awaitInSync(master, b);
            String oldId = ReplNodes.on(master, () -> ReplNodes.repl(master).replId());
            long offsetBefore = ReplNodes.offset(a);
            ra.str("REPLICAOF", "NO", "ONE");
            assertEquals(oldId, ReplNodes.on(a, () -> ReplNodes.repl(a).replId2()));
            assertEquals(offsetBefore + 1, (long) ReplNodes.on(a, () -> ReplNodes.repl(a).secondReplOffset()));
            rb.str("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
            ra.str("SET", "new", "master");
            awaitInSync(a, b);
            assertEquals("master", rb.str("GET", "new"));
            assertEquals(0L, ReplNodes.on(a, () -> ReplNodes.repl(a).syncFull()));
            assertEquals(1L, ReplNodes.on(a, () -> ReplNodes.repl(a).syncPartialOk()));
            // The old master, demoted, continues partially from its successor.
            m.str("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
            ra.str("SET", "after", "demotion");
            awaitInSync(a, master);
            assertEquals("demotion", m.str("GET", "after"));
            assertEquals(0L, ReplNodes.on(a, () -> ReplNodes.repl(a).syncFull()));
            assertTrue(ReplNodes.on(a, () -> ReplNodes.repl(a).syncPartialOk()) >= 2);
        }
    }
}
