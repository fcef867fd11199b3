package io.vigil.node.server;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** client-query-buffer-limit: a client whose undecoded input outgrows the limit is closed, as in Redis. */
class QueryBufferLimitTest {
    private static final int MB = 1024 * 1024;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private VigilNode node;

    @BeforeEach
    void captureLog() {
        ServerLog.get().redirect(log);
    }

    @AfterEach
    void tearDown() {
        ServerLog.get().redirect(System.out);
        if (node != null) {
            node.close();
        }
    }

    private synchronized String logText() {
        synchronized (log) {
            return log.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends a SET whose value is announced as {@code announced} bytes, then {@code sent} of them. */
    private static void sendPartialSet(RawClient client, int announced, int sent) {
        client.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + announced + "\r\n");
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try {
            for (int i = 0; i < sent / chunk.length; i++) {
                client.sendRaw(chunk);
            }
        } catch (UncheckedIOException closedMeanwhile) {
            // the server may close the socket while we are still writing
        }
    }

    @Test
    void halfReceivedBulkPastTheLimitClosesTheClient() {
        node = TestNodes.start("client-query-buffer-limit 1mb");
        try (RawClient big = new RawClient(node.port()); RawClient other = new RawClient(node.port())) {
            sendPartialSet(big, 3 * MB, 2 * MB);
            assertTrue(big.closedByServer());
            assertEquals("PONG", other.call("PING"));
            assertEquals(0L, other.call("EXISTS", "k"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> logText().contains("max query buffer"));
        String text = logText();
        assertTrue(text.contains("# Closing client that reached max query buffer length: id="), text);
        assertTrue(text.contains(" cmd=NULL user=default"), text);
        assertTrue(text.contains(" (qbuf initial bytes: \"" + "x".repeat(64) + "\")\n"), text);
    }

    @Test
    void configSetChangesTheLimit() {
        node = TestNodes.start("client-query-buffer-limit 1mb");
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("1048576", ((java.util.List<?>) client.call("CONFIG", "GET", "client-query-buffer-limit")).get(1));
            assertEquals("OK", client.call("CONFIG", "SET", "client-query-buffer-limit", "4mb"));
            sendPartialSet(client, 2 * MB, 2 * MB);
            client.sendRaw("\r\n");
            assertEquals("OK", client.read());
            assertEquals((long) 2 * MB, client.call("STRLEN", "k"));
            assertEquals("OK", client.call("CONFIG", "SET", "client-query-buffer-limit", "1mb"));
            sendPartialSet(client, 2 * MB, 2 * MB);
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void pipelinedCompleteCommandsDoNotCountAgainstTheLimit() {
        node = TestNodes.start("client-query-buffer-limit 1mb");
        try (RawClient client = new RawClient(node.port())) {
            byte[] one = RawClient.encode("SET", "key", "v".repeat(100));
            int count = 3 * MB / one.length;
            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                pipeline.writeBytes(one);
            }
            Thread writer = new Thread(() -> client.sendRaw(pipeline.toByteArray()));
            writer.start();
            for (int i = 0; i < count; i++) {
                assertEquals("OK", client.read());
            }
            assertEquals("PONG", client.call("PING"));
        }
        assertTrue(!logText().contains("max query buffer"), logText());
    }

    @Test
    void pipelinePilingUpBehindABlockedCommandCountsTowardsTheLimit() {
        node = TestNodes.start("client-query-buffer-limit 1mb");
        try (RawClient blocked = new RawClient(node.port()); RawClient other = new RawClient(node.port())) {
            blocked.send("BLPOP", "queue", "0");
            byte[] set = RawClient.encode("SET", "k", "v".repeat(1000));
            try {
                for (int i = 0; i < 3000; i++) {
                    blocked.sendRaw(set);
                }
            } catch (UncheckedIOException closedMeanwhile) {
                // closed while still sending
            }
            assertTrue(blocked.closedByServer());
            assertEquals(0L, other.call("EXISTS", "k"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> logText().contains("max query buffer"));
        String text = logText();
        assertTrue(text.contains(" flags=b "), text);
        assertTrue(text.contains(" cmd=blpop "), text);
        assertTrue(text.contains("(qbuf initial bytes: \"*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$1000\\r\\nvvv"), text);
    }

    @Test
    void clientListShowsTheQueryBuffer() {
        node = TestNodes.start();
        try (RawClient half = new RawClient(node.port()); RawClient observer = new RawClient(node.port())) {
            sendPartialSet(half, 300_000, 128 * 1024);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String list = (String) observer.call("CLIENT", "LIST");
                java.util.regex.Matcher qbuf = java.util.regex.Pattern.compile(" qbuf=(\\d+) ").matcher(list);
                long most = 0;
                while (qbuf.find()) {
                    most = Math.max(most, Long.parseLong(qbuf.group(1)));
                }
                return most >= 128 * 1024;
            });
            half.sendRaw("x".repeat(300_000 - 128 * 1024) + "\r\n");
            assertEquals("OK", half.read());
            String list = (String) observer.call("CLIENT", "LIST");
            assertTrue(list.matches("(?s)(.* qbuf=0 .*){2}"), list);
        }
    }
}
