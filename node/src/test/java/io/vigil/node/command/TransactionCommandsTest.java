package io.vigil.node.command;

import io.vigil.node.PropagationSink;
import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TransactionCommandsTest {
    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void execRunsQueuedCommandsAndRepliesWithAnArray() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            assertEquals("+OK\r\n", a.callRaw("MULTI"));
            assertEquals("+QUEUED\r\n", a.callRaw("SET", "k", "1"));
            assertEquals("+QUEUED\r\n", a.callRaw("INCR", "k"));
            assertEquals("+QUEUED\r\n", a.callRaw("GET", "k"));
            assertEquals("*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n", a.callRaw("EXEC"));
        }
    }

    @Test
    void errorsAtQueueTimeAbortTheTransaction() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            a.call("MULTI");
            a.call("SET", "k", "1");
            assertEquals("-ERR unknown command 'NOSUCH', with args beginning with: \r\n", a.callRaw("NOSUCH"));
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n", a.callRaw("GET"));
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", a.callRaw("EXEC"));
            assertEquals("$-1\r\n", a.callRaw("GET", "k"));
        }
    }

    @Test
    void runtimeErrorsStayInsideTheReply() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            a.call("SET", "s", "x");
            a.call("MULTI");
            a.call("INCR", "s");
            a.call("SET", "t", "1");
            assertEquals("*2\r\n-ERR value is not an integer or out of range\r\n+OK\r\n", a.callRaw("EXEC"));
        }
    }

    @Test
    void transactionControlErrorsUseRedisTexts() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            assertEquals("-ERR EXEC without MULTI\r\n", a.callRaw("EXEC"));
            assertEquals("-ERR DISCARD without MULTI\r\n", a.callRaw("DISCARD"));
            a.call("MULTI");
            assertEquals("-ERR MULTI calls can not be nested\r\n", a.callRaw("MULTI"));
            assertEquals("-ERR WATCH inside MULTI is not allowed\r\n", a.callRaw("WATCH", "k"));
            // Neither error aborts the transaction.
            assertEquals("+QUEUED\r\n", a.callRaw("PING"));
            assertEquals("*1\r\n+PONG\r\n", a.callRaw("EXEC"));
            a.call("MULTI");
            assertEquals("+OK\r\n", a.callRaw("DISCARD"));
        }
    }

    @Test
    void watchedKeyModifiedByAnotherClientMakesExecReturnNull() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port()); RawClient b = new RawClient(node.port())) {
            a.call("WATCH", "k");
            b.call("SET", "k", "other");
            String line = ((String) b.call("CLIENT", "LIST")).split("\n")[0];
            assertEquals(true, line.contains(" flags=d "), line);
            a.call("MULTI");
            a.call("SET", "k", "mine");
            assertEquals("*-1\r\n", a.callRaw("EXEC"));
            assertEquals("other", a.call("GET", "k"));
            // After EXEC the keys are unwatched.
            a.call("MULTI");
            a.call("SET", "k", "mine");
            assertEquals("*1\r\n+OK\r\n", a.callRaw("EXEC"));
        }
    }

    @Test
    void unwatchedOrUntouchedKeysLetExecRun() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port()); RawClient b = new RawClient(node.port())) {
            a.call("WATCH", "k");
            b.call("SET", "other", "x");
            a.call("MULTI");
            a.call("SET", "k", "v");
            assertEquals("*1\r\n+OK\r\n", a.callRaw("EXEC"));
            a.call("WATCH", "k");
            a.call("UNWATCH");
            b.call("SET", "k", "changed");
            a.call("MULTI");
            a.call("GET", "k");
            assertEquals("*1\r\n$7\r\nchanged\r\n", a.callRaw("EXEC"));
        }
    }

    @Test
    void flushTouchesWatchedKeysThatExisted() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port()); RawClient b = new RawClient(node.port())) {
            a.call("SET", "k", "v");
            a.call("WATCH", "k", "missing");
            b.call("FLUSHALL");
            a.call("MULTI");
            a.call("PING");
            assertEquals("*-1\r\n", a.callRaw("EXEC"));
        }
    }

    @Test
    void watchedKeyThatExpiresAbortsExec() throws Exception {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port())) {
            a.call("SET", "k", "v", "PX", "50");
            a.call("WATCH", "k");
            Thread.sleep(100);
            a.call("MULTI");
            a.call("PING");
            assertEquals("*-1\r\n", a.callRaw("EXEC"));
        }
    }

    @Test
    void execInResp3ReturnsTheNullOfResp3WhenAborted() {
        node = TestNodes.start();
        try (RawClient a = new RawClient(node.port()); RawClient b = new RawClient(node.port())) {
            a.call("HELLO", "3");
            a.call("WATCH", "k");
            b.call("SET", "k", "x");
            a.call("MULTI");
            a.call("PING");
            assertEquals("_\r\n", a.callRaw("EXEC"));
        }
    }

    @Test
    void execPropagatesOneMultiExecBlockWithSelects() {
        node = TestNodes.start();
        List<String> stream = Collections.synchronizedList(new ArrayList<>());
        PropagationSink sink = argv -> {
            StringBuilder line = new StringBuilder();
            for (byte[] arg : argv) {
                line.append(line.length() == 0 ? "" : " ").append(new String(arg, StandardCharsets.UTF_8));
            }
            stream.add(line.toString());
        };
        node.server().call(() -> {
            node.propagation().addSink(sink);
            return null;
        });
        try (RawClient a = new RawClient(node.port())) {
            a.call("MULTI");
            a.call("SET", "a", "1");
            a.call("SELECT", "2");
            a.call("SET", "b", "2");
            a.call("GET", "b");
            a.callRaw("EXEC");
            await().until(() -> stream.size() >= 6);
            assertEquals(List.of("SELECT 0", "MULTI", "SET a 1", "SELECT 2", "SET b 2", "EXEC"), stream);
            stream.clear();
            a.call("MULTI");
            a.call("SET", "c", "3");
            a.call("GET", "c");
            a.callRaw("EXEC");
            await().until(() -> stream.size() >= 1);
            assertEquals(List.of("SET c 3"), stream, "a single write is not wrapped, as in Redis 7.0");
        }
    }
}
