package io.vigil.node;

import io.vigil.node.command.PersistenceCommands;
import io.vigil.node.server.ServerLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How an embedded node ends: the exit status it hands to its owner, and close() after SHUTDOWN. */
class VigilNodeShutdownTest {
    @Test
    void shutdownCommandHandsExitStatusZero() throws Exception {
        VigilNode node = TestNodes.start();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        node.exitAction(status::complete);
        try (RawClient client = new RawClient(node.port())) {
            client.send("SHUTDOWN", "NOSAVE");
            assertTrue(client.closedByServer());
        }
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        node.close();
    }

    @Test
    void fatalLoadErrorAfterStartHandsExitStatusOne() throws Exception {
        VigilNode node = TestNodes.start();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        node.exitAction(status::complete);
        PersistenceCommands persistence = node.feature(PersistenceCommands.class);
        node.server().eventLoop().execute(() -> persistence.rdb().fatal(new IOException("Short read")));
        assertEquals(1, status.get(10, TimeUnit.SECONDS));
        node.close();
    }

    @Test
    void closeAfterShutdownCommandIsANoOp() throws Exception {
        VigilNode node = TestNodes.start();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        node.exitAction(status::complete);
        try (RawClient client = new RawClient(node.port())) {
            client.send("SHUTDOWN", "NOSAVE");
            assertTrue(client.closedByServer());
        }
        status.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.server().eventLoop().isTerminated());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ServerLog.get().redirect(log);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), node::close);
            assertTimeoutPreemptively(Duration.ofSeconds(10), node::close);
        } finally {
            ServerLog.get().redirect(System.out);
        }
        String written = log.toString();
        assertFalse(written.contains("Error"), written);
    }

    @Test
    void secondCloseIsANoOp() {
        VigilNode node = TestNodes.start();
        node.close();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ServerLog.get().redirect(log);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), node::close);
        } finally {
            ServerLog.get().redirect(System.out);
        }
        assertEquals("", log.toString());
    }
}
