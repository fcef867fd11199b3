package io.vigil.node.repl;

import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WAIT, min-replicas-to-write, FAILOVER and INFO replication. */
class SynchronousReplicationTest {
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
    void waitCountsReplicasThatAcknowledgedTheWrite() throws Exception {
        VigilNode master = nodes.start();
        VigilNode replica = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient r = new RespClient(replica.port())) {
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            m.str("SET", "a", "1");
            assertEquals(1L, m.call("WAIT", "1", "0"));
            // Two replicas cannot be reached: the timeout answers with the one there is.
            m.str("SET", "b", "2");
            assertEquals(1L, m.call("WAIT", "2", "300"));
            assertEquals(new RespClient.Error("ERR WAIT cannot be used with replica instances. Please also note that "
                    + "since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to "
                    + "replicas are just local and are not propagated."), r.call("WAIT", "1", "0"));
        }
    }

    @Test
    void minReplicasToWriteRefusesWritesWithoutGoodReplicas() throws Exception {
        VigilNode master = nodes.start(r -> r.settings().minReplicasToWrite(1));
        VigilNode replica = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient r = new RespClient(replica.port())) {
            assertEquals(new RespClient.Error("NOREPLICAS Not enough good replicas to write."), m.call("SET", "a", "1"));
            assertEquals("PONG", m.str("PING"));
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            await().atMost(Duration.ofSeconds(10)).until(() -> "OK".equals(m.call("SET", "a", "1")));
            Map<String, String> info = RedisProcess.parseInfo(ReplNodes.on(master,
                    () -> ReplNodes.repl(master).infoSection()));
            assertEquals("1", info.get("min_slaves_good_slaves"));
        }
    }

    @Test
    void infoReplicationListsFieldsInRedisOrder() throws Exception {
        VigilNode master = nodes.start();
        VigilNode replica = nodes.start();
        try (RespClient r = new RespClient(replica.port())) {
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            await().atMost(Duration.ofSeconds(10)).until(() -> ReplNodes.on(master,
                    () -> ReplNodes.repl(master).infoSection()).contains("state=online"));
            String replicaInfo = ReplNodes.on(replica, () -> ReplNodes.repl(replica).infoSection());
            List<String> names = replicaInfo.lines().map(l -> l.substring(0, l.indexOf(':'))).toList();
            assertEquals(List.of("role", "master_host", "master_port", "master_link_status", "master_last_io_seconds_ago",
                    "master_sync_in_progress", "slave_read_repl_offset", "slave_repl_offset", "slave_priority",
                    "slave_read_only", "replica_announced", "connected_slaves", "master_failover_state", "master_replid",
                    "master_replid2", "master_repl_offset", "second_repl_offset", "repl_backlog_active",
                    "repl_backlog_size", "repl_backlog_first_byte_offset", "repl_backlog_histlen"), names);
            String masterInfo = ReplNodes.on(master, () -> ReplNodes.repl(master).infoSection());
            assertTrue(masterInfo.contains("slave0:ip=127.0.0.1,port=" + replica.port() + ",state=online,offset="),
                    masterInfo);
            assertTrue(masterInfo.startsWith("role:master\r\nconnected_slaves:1\r\nslave0:"), masterInfo);
        }
    }

    @Test
    void failoverHandsOverToTheReplicaWithoutLosingWrites() throws Exception {
        VigilNode master = nodes.start();
        VigilNode replica = nodes.start();
        try (RespClient m = new RespClient(master.port()); RespClient r = new RespClient(replica.port())) {
            r.str("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitInSync(master, replica);
            for (int i = 0; i < 50; i++) {
                m.str("SET", "k" + i, "v" + i);
            }
            assertEquals("OK", m.str("FAILOVER"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !ReplNodes.repl(replica).isReplica()
                    && ReplNodes.link(master) == LinkState.CONNECTED);
            assertEquals("v49", r.str("GET", "k49"));
            assertEquals("OK", r.str("SET", "after", "failover"));
            awaitInSync(replica, master);
            assertEquals("failover", m.str("GET", "after"));
            assertEquals("no-failover", ReplNodes.on(master, () -> ReplNodes.repl(master).failoverState()));
            assertEquals(new RespClient.Error("ERR No failover in progress."), m.call("FAILOVER", "ABORT"));
            assertEquals(0L, ReplNodes.on(replica, () -> ReplNodes.repl(replica).syncFull()));
        }
    }
}
