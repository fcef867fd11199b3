package io.vigil.node.server;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed requests get Redis's protocol errors, the bad connection closes, the others go on. */
class ProtocolErrorsTest {
    private static VigilNode node;
    private static RawClient bystander;

    @BeforeAll
    static void start() {
        node = TestNodes.start("requirepass pw");
        bystander = new RawClient(node.port());
        bystander.call("AUTH", "pw");
    }

    @AfterAll
    static void stop() {
        bystander.close();
        node.close();
    }

    private static void assertRejected(String junk, String error, boolean authenticate) {
        try (RawClient client = new RawClient(node.port())) {
            if (authenticate) {
                client.call("AUTH", "pw");
            }
            client.sendRaw(junk.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("-ERR Protocol error: " + error + "\r\n", client.readRaw());
            assertTrue(client.closedByServer(), "the bad connection is closed");
        }
        assertEquals("+PONG\r\n", bystander.callRaw("PING"), "the server keeps serving others");
    }

    @Test
    void oversizedBulkLength() {
        assertRejected("*1\r\n$600000000\r\n", "invalid bulk length", true);
    }

    @Test
    void negativeBulkLength() {
        assertRejected("*1\r\n$-5\r\n", "invalid bulk length", true);
    }

    @Test
    void invalidMultibulkLength() {
        assertRejected("*abc\r\n", "invalid multibulk length", true);
        assertRejected("*3000000000\r\n", "invalid multibulk length", true);
    }

    @Test
    void unauthenticatedClientsGetTighterLimits() {
        assertRejected("*11\r\n", "invalid multibulk length", false);
        assertRejected("*1\r\n$20000\r\n", "invalid bulk length", false);
    }

    @Test
    void unbalancedQuotesInInlineRequest() {
        assertRejected("ECHO \"abc\r\n", "unbalanced quotes in request", true);
    }

    @Test
    void wrongTypeByteInsideAMultibulk() {
        assertRejected("*1\r\nx\r\n", "expected '$', got 'x'", true);
    }

    @Test
    void hugeInlineRequest() {
        assertRejected("x".repeat(70_000), "too big inline request", true);
    }

    @Test
    void hugeBulkCountLine() {
        assertRejected("*1\r\n$" + "1".repeat(70_000), "too big bulk count string", true);
    }

    @Test
    void emptyLinesAndEmptyMultibulksAreIgnored() {
        try (RawClient client = new RawClient(node.port())) {
            client.call("AUTH", "pw");
            client.sendRaw("\r\n\r\n*0\r\n*-1\r\nPING\r\n");
            assertEquals("+PONG\r\n", client.readRaw());
        }
    }

    @Test
    void halfSentCommandWaitsForTheRest() throws Exception {
        try (RawClient client = new RawClient(node.port())) {
            client.call("AUTH", "pw");
            client.sendRaw("*2\r\n$4\r\nECHO\r\n$5\r\nhel");
            Thread.sleep(50);
            client.sendRaw("lo\r\n");
            assertEquals("$5\r\nhello\r\n", client.readRaw());
        }
    }

    @Test
    void unknownCommandAndArityErrorsKeepTheConnection() {
        try (RawClient client = new RawClient(node.port())) {
            client.call("AUTH", "pw");
            assertEquals("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n",
                    client.callRaw("FOO", "a", "b"));
            assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", client.callRaw("ECHO"));
            assertEquals("+PONG\r\n", client.callRaw("PING"));
        }
    }
}
