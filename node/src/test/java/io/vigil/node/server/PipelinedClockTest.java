package io.vigil.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import java.io.ByteArrayOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands of one pipelined read share clock readings; a slow command must still move the clock on. */
class PipelinedClockTest {
    private VigilNode node;
    private VigilNode replica;

    @AfterEach
    void tearDown() {
        if (replica != null) {
            replica.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aReplicaReadsTheClockAfreshAfterApplyingItsMastersStream() throws Exception {
        node = TestNodes.start();
        replica = TestNodes.start("replicaof 127.0.0.1 " + node.port());
        try (RawClient master = new RawClient(node.port()); RawClient client = new RawClient(replica.port())) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> ((String) client.call("INFO", "replication")).contains("master_link_status:up"));
            master.call("SET", "k", "v", "PX", "200");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> "v".equals(client.call("GET", "k")));
            Thread.sleep(400); // nothing reaches the replica meanwhile (the master pings every 10 s)
            assertNull(client.call("GET", "k"), "the replica judged expiry by the time of its last applied command");
            String stats = (String) client.call("INFO", "commandstats");
            assertTrue(usec(stats, "get") < 300_000, stats);
        }
    }

    @Test
    void aKeyThatExpiresDuringASlowCommandIsGoneForTheNextCommandOfTheSamePipeline() {
        node = TestNodes.start("enable-debug-command yes");
        try (RawClient client = new RawClient(node.port())) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            batch.writeBytes(RawClient.encode("SET", "k", "v", "PX", "100"));
            batch.writeBytes(RawClient.encode("GET", "k"));
            batch.writeBytes(RawClient.encode("DEBUG", "SLEEP", "0.3"));
            batch.writeBytes(RawClient.encode("GET", "k"));
            client.sendRaw(batch.toByteArray());
            assertEquals("OK", client.read());
            assertEquals("v", client.read());
            assertEquals("OK", client.read());
            assertNull(client.read(), "the wall clock must have moved past the expiry during DEBUG SLEEP");
        }
    }

    @Test
    void commandstatsChargeASlowCommandToItselfOnly() {
        node = TestNodes.start("enable-debug-command yes");
        try (RawClient client = new RawClient(node.port())) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            batch.writeBytes(RawClient.encode("DEBUG", "SLEEP", "0.2"));
            batch.writeBytes(RawClient.encode("PING"));
            client.sendRaw(batch.toByteArray());
            assertEquals("OK", client.read());
            assertEquals("PONG", client.read());
            String stats = (String) client.call("INFO", "commandstats");
            assertTrue(usec(stats, "debug") >= 200_000, stats);
            assertTrue(usec(stats, "ping") < 100_000, stats);
        }
    }

    private static long usec(String info, String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=\\d+,usec=(\\d+),").matcher(info);
        assertTrue(m.find(), info);
        return Long.parseLong(m.group(1));
    }
}
