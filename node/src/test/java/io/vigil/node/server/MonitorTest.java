package io.vigil.node.server;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MONITOR as Redis 7.0 shows it: line format, quoting, transactions, redaction, what is left out. */
class MonitorTest {
    private static final String PREFIX = "\\d{10,}\\.\\d{6} \\[(\\d+) 127\\.0\\.0\\.1:\\d+\\] ";
    private VigilNode node;
    private RawClient monitor;
    private RawClient client;

    @BeforeEach
    void start() {
        node = TestNodes.start();
        monitor = new RawClient(node.port());
        client = new RawClient(node.port());
        assertEquals("OK", monitor.call("MONITOR"));
    }

    @AfterEach
    void stop() {
        monitor.close();
        client.close();
        node.close();
    }

    /** The next monitor line without its timestamp and address: "db | args". */
    private String next() {
        String line = (String) monitor.read();
        assertTrue(line.matches(PREFIX + ".*"), line);
        String db = line.replaceFirst(PREFIX + ".*", "$1");
        return db + " | " + line.replaceFirst(PREFIX, "");
    }

    @Test
    void commandsAreStreamedWithRedisQuoting() {
        client.sendRaw(RawClient.encode("SET", "k", "x"));
        // Bytes Redis's sdscatrepr escapes: quote, backslash, \n \r \t \a \b, and non-printables as \xHH.
        byte[] value = {'a', '"', 'b', '\\', 'c', '\n', '\r', '\t', 7, 8, 1, (byte) 0xff, ' ', (byte) 0xe9};
        client.read();
        StringBuilder frame = new StringBuilder("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length + "\r\n");
        for (byte b : value) {
            frame.append((char) (b & 0xff));
        }
        client.sendRaw(frame.append("\r\n").toString());
        client.read();
        assertEquals("0 | \"SET\" \"k\" \"x\"", next());
        assertEquals("0 | \"SET\" \"k\" \"a\\\"b\\\\c\\n\\r\\t\\a\\b\\x01\\xff \\xe9\"", next());
        client.sendRaw("get k\r\n");
        client.read();
        assertEquals("0 | \"get\" \"k\"", next());
    }

    @Test
    void lineFormatIsSecondsDotMicrosThenDbAndPeer() {
        String info = (String) client.call("CLIENT", "INFO");
        String peer = info.replaceFirst("(?s).* addr=(\\S+) .*", "$1");
        monitor.read();
        client.call("PING");
        String line = (String) monitor.read();
        assertTrue(line.matches("\\d{10,}\\.\\d{6} \\[0 " + java.util.regex.Pattern.quote(peer) + "\\] \"PING\""), line);
    }

    @Test
    void transactionShowsMultiThenItsCommandsThenExecInTheSelectedDb() {
        client.call("SELECT", "1");
        client.call("MULTI");
        client.call("SET", "a", "1");
        client.call("INCR", "a");
        assertEquals(List.of("OK", 2L), client.call("EXEC"));
        assertEquals("1 | \"SELECT\" \"1\"", next());
        assertEquals("1 | \"MULTI\"", next());
        assertEquals("1 | \"SET\" \"a\" \"1\"", next());
        assertEquals("1 | \"INCR\" \"a\"", next());
        assertEquals("1 | \"EXEC\"", next());
    }

    @Test
    void passwordsAreRedacted() {
        client.call("AUTH", "secret");
        client.call("AUTH", "default", "secret");
        client.call("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "me");
        assertEquals("0 | \"AUTH\" \"(redacted)\"", next());
        assertEquals("0 | \"AUTH\" \"(redacted)\" \"(redacted)\"", next());
        assertEquals("0 | \"HELLO\" \"3\" \"AUTH\" \"(redacted)\" \"(redacted)\" \"SETNAME\" \"me\"", next());
    }

    @Test
    void adminRejectedAndUnknownCommandsAreNotShown() {
        client.call("CONFIG", "GET", "port");
        client.call("CLIENT", "LIST");
        client.call("NOSUCH", "x");
        client.call("GET");
        client.call("CLIENT", "SETNAME", "shown");
        assertEquals("0 | \"CLIENT\" \"SETNAME\" \"shown\"", next());
    }

    @Test
    void monitorIsAReplicaToTheKeyspaceAndResetEndsIt() {
        assertEquals(new RawClient.Error("ERR Replica can't interact with the keyspace"), monitor.call("GET", "k"));
        String list = (String) client.call("CLIENT", "LIST");
        assertTrue(list.contains(" flags=O "), list);
        assertEquals("PONG", monitor.call("PING"));
        assertEquals("0 | \"PING\"", next());
        assertEquals("RESET", monitor.call("RESET"));
        assertEquals(0, node.server().call(() -> node.server().monitors().size()));
        client.call("SET", "k", "v");
        assertEquals("v", monitor.call("GET", "k"));
    }

    @Test
    void closedMonitorIsForgotten() {
        monitor.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.server().call(() -> node.server().monitors().size()) == 0);
        assertEquals("PONG", client.call("PING"));
    }

    @Test
    void redisCliMonitorWorks() throws Exception {
        String cli = TestNodes.tool("redis-cli");
        Process process = new ProcessBuilder(cli, "-h", "127.0.0.1", "-p", Integer.toString(node.port()), "monitor")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("OK", CompletableFuture.supplyAsync(() -> readLine(out)).get(20, TimeUnit.SECONDS));
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                String line;
                while ((line = readLine(out)) != null) {
                    if (line.contains("\"SET\" \"cli-key\"")) {
                        return line;
                    }
                }
                return null;
            });
            client.call("SET", "cli-key", "with space");
            String line = seen.get(20, TimeUnit.SECONDS);
            assertTrue(line.matches("\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"SET\" \"cli-key\" \"with space\""), line);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
