package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientCommandTest {
    /** Redis 7.0.15's CLIENT LIST line: these fields, in this order. */
    private static final Pattern LINE = Pattern.compile("id=\\d+ addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:\\d+ "
            + "fd=-?\\d+ name=\\S* age=\\d+ idle=\\d+ flags=\\w+ db=\\d+ sub=\\d+ psub=\\d+ ssub=\\d+ multi=-?\\d+ "
            + "qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ multi-mem=\\d+ rbs=\\d+ rbp=\\d+ obl=\\d+ oll=\\d+ omem=\\d+ "
            + "tot-mem=\\d+ events=r?w? cmd=\\S+ user=\\S+ redir=-?\\d+ resp=[23]");

    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void clientListHasRedisFieldsInRedisOrder() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port()); RawClient b = new RawClient(node.port())) {
            b.call("CLIENT", "SETNAME", "second");
            b.call("SUBSCRIBE", "ch");
            String list = (String) a.call("CLIENT", "LIST");
            String[] lines = list.split("\n");
            assertEquals(2, lines.length);
            for (String line : lines) {
                assertTrue(LINE.matcher(line).matches(), line);
            }
            assertTrue(lines[0].contains(" cmd=client|list "), lines[0]);
            assertTrue(lines[0].contains(" flags=N "), lines[0]);
            assertTrue(lines[1].contains(" name=second "), lines[1]);
            assertTrue(lines[1].contains(" flags=P db=0 sub=1 psub=0 "), lines[1]);
            assertTrue(list.endsWith("\n"));
            String info = (String) a.call("CLIENT", "INFO");
            assertTrue(LINE.matcher(info.trim()).matches(), info);
            assertEquals(1, ((String) a.call("CLIENT", "LIST", "TYPE", "pubsub")).split("\n").length);
            assertTrue(((String) a.call("CLIENT", "LIST", "ID", "999")).isEmpty());
        }
    }

    @Test
    void clientListShowsTransactionState() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port()); RawClient b = new RawClient(node.port())) {
            b.call("MULTI");
            b.call("PING");
            String line = ((String) a.call("CLIENT", "LIST")).split("\n")[1];
            assertTrue(line.contains(" flags=x "), line);
            assertTrue(line.contains(" multi=1 "), line);
        }
    }

    @Test
    void killByIdClosesTheOtherClientAndCountsIt() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port()); RawClient b = new RawClient(node.port())) {
            long id = (Long) b.call("CLIENT", "ID");
            assertEquals(1L, a.call("CLIENT", "KILL", "ID", Long.toString(id)));
            assertTrue(b.closedByServer());
            assertEquals(0L, a.call("CLIENT", "KILL", "ID", Long.toString(id)));
            assertEquals("-ERR No such client\r\n", a.callRaw("CLIENT", "KILL", "127.0.0.1:1"));
        }
    }

    @Test
    void killingItselfRepliesBeforeClosing() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            long id = (Long) a.call("CLIENT", "ID");
            assertEquals(0L, a.call("CLIENT", "KILL", "ID", Long.toString(id)), "SKIPME yes by default");
            assertEquals(":1\r\n", a.callRaw("CLIENT", "KILL", "ID", Long.toString(id), "SKIPME", "no"));
            assertTrue(a.closedByServer());
        }
        try (RawClient a = new RawClient(node.port())) {
            String addr = ((String) a.call("CLIENT", "INFO")).split(" ")[1].substring("addr=".length());
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "KILL", addr));
            assertTrue(a.closedByServer());
        }
    }

    @Test
    void killByTypeAndUser() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port()); RawClient sub = new RawClient(node.port());
             RawClient other = new RawClient(node.port())) {
            sub.call("SUBSCRIBE", "x");
            assertEquals(1L, a.call("CLIENT", "KILL", "TYPE", "pubsub"));
            assertTrue(sub.closedByServer());
            assertEquals(1L, a.call("CLIENT", "KILL", "USER", "default"));
            assertTrue(other.closedByServer());
            assertEquals("-ERR No such user 'nobody'\r\n", a.callRaw("CLIENT", "KILL", "USER", "nobody"));
            assertEquals("-ERR Unknown client type 'x'\r\n", a.callRaw("CLIENT", "KILL", "TYPE", "x"));
            assertEquals(0L, a.call("CLIENT", "KILL", "TYPE", "master"));
        }
    }

    @Test
    void setnameValidatesAndGetnameReturnsNullWhenUnset() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            assertEquals("$-1\r\n", a.callRaw("CLIENT", "GETNAME"));
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                    a.callRaw("CLIENT", "SETNAME", "a b"));
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "SETNAME", "worker-1"));
            assertEquals("$8\r\nworker-1\r\n", a.callRaw("CLIENT", "GETNAME"));
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "SETINFO", "lib-name", "vigil-test"));
            assertEquals("-ERR Unrecognized option 'x'\r\n", a.callRaw("CLIENT", "SETINFO", "x", "y"));
        }
    }

    @Test
    void replyOffAndSkipSuppressReplies() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            a.send("CLIENT", "REPLY", "SKIP");
            a.send("ECHO", "skipped");
            a.send("ECHO", "seen");
            assertEquals("$4\r\nseen\r\n", a.readRaw());
            a.send("CLIENT", "REPLY", "OFF");
            a.send("ECHO", "off1");
            a.send("ECHO", "off2");
            assertEquals("+OK\r\n", a.callRaw("CLIENT", "REPLY", "ON"));
            assertEquals("$4\r\nback\r\n", a.callRaw("ECHO", "back"));
        }
    }

    @Test
    void pauseWriteHoldsPublishUntilUnpauseButNotReads() throws Exception {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port()); RawClient writer = new RawClient(node.port())) {
            assertEquals("+OK\r\n", admin.callRaw("CLIENT", "PAUSE", "60000", "WRITE"));
            assertEquals("+PONG\r\n", writer.callRaw("PING"));
            CompletableFuture<String> publish = CompletableFuture.supplyAsync(() -> writer.callRaw("PUBLISH", "c", "m"));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !publish.isDone());
            String line = ((String) admin.call("CLIENT", "LIST")).split("\n")[1];
            assertTrue(line.contains("flags=b"), line);
            assertEquals("+OK\r\n", admin.callRaw("CLIENT", "UNPAUSE"));
            assertEquals(":0\r\n", publish.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void pauseAllHoldsEveryCommandUntilItExpires() throws Exception {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port()); RawClient other = new RawClient(node.port())) {
            admin.call("CLIENT", "PAUSE", "500", "ALL");
            long started = System.nanoTime();
            assertEquals("+PONG\r\n", other.callRaw("PING"));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(300),
                    "PING must wait for the pause to end");
        }
    }

    @Test
    void pauseArgumentsAreChecked() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            assertEquals("-ERR timeout is not an integer or out of range\r\n", a.callRaw("CLIENT", "PAUSE", "x"));
            assertEquals("-ERR timeout is negative\r\n", a.callRaw("CLIENT", "PAUSE", "-1"));
            assertEquals("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n", a.callRaw("CLIENT", "PAUSE", "1", "x"));
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeoutButNotSubscribers() {
        node = TestNodes.start("timeout 1");
        try (RawClient idle = new RawClient(node.port()); RawClient subscriber = new RawClient(node.port())) {
            idle.call("PING");
            subscriber.call("SUBSCRIBE", "news");
            idle.timeoutMillis(5000);
            assertTrue(idle.closedByServer());
            subscriber.timeoutMillis(200);
            assertFalse(subscriber.closedByServer());
        }
    }

    @Test
    void maxclientsRefusesTheConnectionAboveTheLimit() {
        node = TestNodes.start("maxclients 1");
        try (RawClient first = new RawClient(node.port()); RawClient second = new RawClient(node.port())) {
            assertEquals("+PONG\r\n", first.callRaw("PING"));
            assertEquals("-ERR max number of clients reached\r\n", second.readRaw());
            assertTrue(second.closedByServer());
        }
    }

    @Test
    void unblockOfAClientThatIsNotBlockedIsZero() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            assertEquals(":0\r\n", a.callRaw("CLIENT", "UNBLOCK", "999"));
            assertEquals("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n",
                    a.callRaw("CLIENT", "UNBLOCK", "1", "x"));
        }
    }
}
