package io.vigil.node.server;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** client-output-buffer-limit normal and pubsub: a client that does not read is closed, others go on. */
class OutputBufferLimitTest {
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

    private String logText() {
        synchronized (log) {
            return log.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A raw socket with a tiny receive buffer that the test never reads from unless told. */
    private Socket lazyReader() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", node.port()));
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void subscriberThatNeverReadsIsDisconnectedAtTheHardLimit() throws Exception {
        node = TestNodes.start("client-output-buffer-limit pubsub 1mb 0 0");
        try (Socket subscriber = lazyReader(); RawClient publisher = new RawClient(node.port());
             RawClient bystander = new RawClient(node.port())) {
            OutputStream out = subscriber.getOutputStream();
            out.write(RawClient.encode("SUBSCRIBE", "news"));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.server().pubSub().subscriberCount(
                    "news".getBytes(StandardCharsets.US_ASCII)) == 1);
            String payload = "p".repeat(64 * 1024);
            long delivered = 0;
            for (int i = 0; i < 400; i++) {
                delivered += (Long) publisher.call("PUBLISH", "news", payload);
                if (node.server().pubSub().subscriberCount("news".getBytes(StandardCharsets.US_ASCII)) == 0) {
                    break;
                }
            }
            assertTrue(delivered > 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.server().pubSub().subscriberCount(
                    "news".getBytes(StandardCharsets.US_ASCII)) == 0);
            assertEquals(0L, publisher.call("PUBLISH", "news", "after"));
            assertTrue(closedByServer(subscriber));
            assertEquals("PONG", bystander.call("PING"));
            assertEquals("OK", bystander.call("SET", "k", "v"));
        }
        String text = logText();
        assertTrue(text.matches("(?s).*# Client id=\\d+ addr=127\\.0\\.0\\.1:\\d+ .* flags=P .* cmd=subscribe .*"
                + " scheduled to be closed ASAP for overcoming of output buffer limits\\.\n.*"), text);
    }

    @Test
    void subscriberThatReadsIsNotDisconnected() throws Exception {
        node = TestNodes.start("client-output-buffer-limit pubsub 1mb 0 0");
        try (RawClient subscriber = new RawClient(node.port()); RawClient publisher = new RawClient(node.port())) {
            subscriber.call("SUBSCRIBE", "news");
            String payload = "p".repeat(64 * 1024);
            for (int i = 0; i < 100; i++) {
                assertEquals(1L, publisher.call("PUBLISH", "news", payload));
                assertEquals(List.of("message", "news", payload), subscriber.read());
            }
        }
        assertFalse(logText().contains("output buffer limits"), logText());
    }

    @Test
    void softLimitAloneDoesNotCloseBeforeItsSeconds() throws Exception {
        node = TestNodes.start("client-output-buffer-limit pubsub 0 256kb 3600");
        try (Socket subscriber = lazyReader(); RawClient publisher = new RawClient(node.port())) {
            OutputStream out = subscriber.getOutputStream();
            out.write(RawClient.encode("SUBSCRIBE", "news"));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.server().pubSub().subscriberCount(
                    "news".getBytes(StandardCharsets.US_ASCII)) == 1);
            String payload = "p".repeat(64 * 1024);
            for (int i = 0; i < 100; i++) {
                assertEquals(1L, publisher.call("PUBLISH", "news", payload));
            }
        }
        assertFalse(logText().contains("output buffer limits"), logText());
    }

    @Test
    void softLimitClosesOnceExceededForLongerThanItsSeconds() throws Exception {
        node = TestNodes.start("client-output-buffer-limit pubsub 0 256kb 1");
        byte[] channel = "news".getBytes(StandardCharsets.US_ASCII);
        try (Socket subscriber = lazyReader(); RawClient publisher = new RawClient(node.port())) {
            OutputStream out = subscriber.getOutputStream();
            out.write(RawClient.encode("SUBSCRIBE", "news"));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.server().pubSub().subscriberCount(channel) == 1);
            String payload = "p".repeat(64 * 1024);
            // The soft limit is reached early; the client goes only once it has stayed over it
            // for more than a second, so keep publishing until then.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                for (int i = 0; i < 4; i++) {
                    publisher.call("PUBLISH", "news", payload);
                }
                return node.server().pubSub().subscriberCount(channel) == 0;
            });
            assertTrue(closedByServer(subscriber));
        }
        assertTrue(logText().contains("scheduled to be closed ASAP for overcoming of output buffer limits."), logText());
    }

    @Test
    void normalClientLimitClosesAClientPipeliningBigRepliesWithoutReading() throws Exception {
        node = TestNodes.start("client-output-buffer-limit normal 1mb 0 0");
        try (RawClient setup = new RawClient(node.port()); Socket greedy = lazyReader()) {
            assertEquals("OK", setup.call("SET", "big", "b".repeat(256 * 1024)));
            OutputStream out = greedy.getOutputStream();
            byte[] get = RawClient.encode("GET", "big");
            try {
                for (int i = 0; i < 400; i++) {
                    out.write(get);
                    out.flush();
                }
            } catch (IOException closedMeanwhile) {
                // the server closed us while we were still sending
            }
            assertTrue(closedByServer(greedy));
            assertEquals("PONG", setup.call("PING"));
        }
        assertTrue(logText().contains("scheduled to be closed ASAP for overcoming of output buffer limits."), logText());
    }

    @Test
    void monitorThatNeverReadsIsClosedByTheNormalLimit() throws Exception {
        node = TestNodes.start("client-output-buffer-limit normal 1mb 0 0");
        try (Socket monitor = lazyReader(); RawClient client = new RawClient(node.port())) {
            OutputStream out = monitor.getOutputStream();
            out.write(RawClient.encode("MONITOR"));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.server().call(() -> node.server().monitors().size()) == 1);
            String value = "m".repeat(64 * 1024);
            for (int i = 0; i < 400 && node.server().call(() -> node.server().monitors().size()) == 1; i++) {
                assertEquals("OK", client.call("SET", "k", value));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> node.server().call(() -> node.server().monitors().size()) == 0);
            assertTrue(closedByServer(monitor));
            assertEquals("PONG", client.call("PING"));
        }
        assertTrue(logText().contains(" flags=O "), logText());
    }

    @Test
    void configSetReplacesTheLimits() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("OK", client.call("CONFIG", "SET", "client-output-buffer-limit", "normal 10mb 5mb 30 pubsub 2mb 1mb 10"));
            await().atMost(Duration.ofSeconds(5)).until(() -> node.server().outputLimits().normal().hardBytes() == 10 * 1024 * 1024);
            assertEquals(new ClientOutputLimits.Limit(10 * 1024 * 1024, 5 * 1024 * 1024, 30), node.server().outputLimits().normal());
            assertEquals(new ClientOutputLimits.Limit(2 * 1024 * 1024, 1024 * 1024, 10), node.server().outputLimits().pubsub());
        }
    }

    @Test
    void defaultsAreRedisDefaults() {
        node = TestNodes.start();
        assertEquals(ClientOutputLimits.Limit.NONE, node.server().outputLimits().normal());
        assertEquals(new ClientOutputLimits.Limit(32L * 1024 * 1024, 8L * 1024 * 1024, 60), node.server().outputLimits().pubsub());
    }
}
