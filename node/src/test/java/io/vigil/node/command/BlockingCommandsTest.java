package io.vigil.node.command;

import io.vigil.node.PropagationSink;
import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking pops with real clients: served by a later push in blocking order, after the command
 * (or transaction) that pushed, propagated as the plain command, timeouts, MULTI, disconnects,
 * CLIENT UNBLOCK.
 */
class BlockingCommandsTest {
    private VigilNode node;
    private final List<String> propagated = Collections.synchronizedList(new ArrayList<>());
    private final List<Jedis> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        node = TestNodes.start();
        node.server().call(() -> {
            node.propagation().addSink(new PropagationSink() {
                @Override
                public void append(byte[][] argv) {
                    StringBuilder text = new StringBuilder();
                    for (byte[] arg : argv) {
                        text.append(text.length() == 0 ? "" : " ").append(new String(arg, StandardCharsets.UTF_8));
                    }
                    propagated.add(text.toString());
                }
            });
            return null;
        });
    }

    @AfterEach
    void stop() {
        clients.forEach(Jedis::close);
        node.close();
    }

    private Jedis client() {
        Jedis jedis = new Jedis("127.0.0.1", node.port(), 10_000);
        clients.add(jedis);
        return jedis;
    }

    private int blocked() {
        return node.server().call(() -> node.feature(BlockingCommands.class).blockedClients());
    }

    private void awaitBlocked(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> blocked() == count);
    }

    private List<String> writes() {
        synchronized (propagated) {
            return propagated.stream().filter(c -> !c.startsWith("SELECT")).toList();
        }
    }

    @Test
    void blpopWaitsUntilAPushThenPopsAndPropagatesLpop() throws Exception {
        Jedis waiter = client();
        CompletableFuture<List<String>> result = CompletableFuture.supplyAsync(() -> waiter.blpop(0, "q"));
        awaitBlocked(1);
        assertFalse(result.isDone());
        assertEquals(1, client().rpush("q", "job"));
        assertEquals(List.of("q", "job"), result.get(5, TimeUnit.SECONDS));
        assertEquals(0, client().llen("q"));
        assertEquals(List.of("RPUSH q job", "LPOP q"), writes());
    }

    @Test
    void waitersAreServedInTheOrderTheyBlocked() throws Exception {
        Jedis first = client();
        Jedis second = client();
        CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> first.brpop(0, "q"));
        awaitBlocked(1);
        CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> second.brpop(0, "other", "q"));
        awaitBlocked(2);
        Jedis pusher = client();
        pusher.rpush("q", "one");
        assertEquals(List.of("q", "one"), a.get(5, TimeUnit.SECONDS));
        assertFalse(b.isDone());
        pusher.rpush("q", "two", "three");
        assertEquals(List.of("q", "three"), b.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("two"), pusher.lrange("q", 0, -1));
        assertEquals(0, blocked());
    }

    @Test
    void onePushServesSeveralWaitersWhileElementsLast() throws Exception {
        List<CompletableFuture<List<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Jedis c = client();
            waiting.add(CompletableFuture.supplyAsync(() -> c.blpop(0, "q")));
            awaitBlocked(i + 1);
        }
        client().rpush("q", "a", "b");
        assertEquals(List.of("q", "a"), waiting.get(0).get(5, TimeUnit.SECONDS));
        assertEquals(List.of("q", "b"), waiting.get(1).get(5, TimeUnit.SECONDS));
        awaitBlocked(1);
        assertFalse(waiting.get(2).isDone());
        assertEquals(List.of("RPUSH q a b", "LPOP q", "LPOP q"), writes());
    }

    @Test
    void timeoutRepliesNullWithoutTouchingData() {
        Jedis c = client();
        long started = System.nanoTime();
        assertNull(c.blpop(0.2, "empty"));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(150));
        assertEquals(0, blocked());
        assertEquals("PONG", c.ping());
    }

    @Test
    void timeoutIsANullArrayInResp2AndNullInResp3() {
        try (RawClient raw = new RawClient(node.port())) {
            assertEquals("*-1\r\n", raw.callRaw("BLMOVE", "none", "dst", "LEFT", "LEFT", "0.05"));
            raw.call("HELLO", "3");
            assertEquals("_\r\n", raw.callRaw("BZPOPMIN", "none", "0.05"));
        }
    }

    @Test
    void blockingCommandsInsideExecDoNotBlock() {
        Jedis c = client();
        Transaction tx = c.multi();
        tx.blpop(0, "empty");
        tx.brpoplpush("empty", "dst", 0);
        tx.bzpopmin(0, "emptyz");
        List<Object> replies = tx.exec();
        assertEquals(3, replies.size());
        assertNull(replies.get(0));
        assertNull(replies.get(1));
        assertNull(replies.get(2));
        assertEquals(0, blocked());
        // a later blocking command outside the transaction blocks again
        assertNull(c.blpop(0.05, "empty"));
    }

    @Test
    void pushesInsideATransactionServeWaitersAfterExec() throws Exception {
        Jedis waiter = client();
        CompletableFuture<List<String>> result = CompletableFuture.supplyAsync(() -> waiter.blpop(0, "q"));
        awaitBlocked(1);
        Jedis c = client();
        Transaction tx = c.multi();
        tx.rpush("q", "a");
        tx.rpush("q", "b");
        tx.lpop("q");
        tx.exec();
        assertEquals(List.of("q", "b"), result.get(5, TimeUnit.SECONDS));
        List<String> writes = writes();
        assertEquals("LPOP q", writes.get(writes.size() - 1), writes.toString());
        assertEquals("EXEC", writes.get(writes.size() - 2), writes.toString());
    }

    @Test
    void aDisconnectedWaiterIsForgotten() {
        RawClient waiter = new RawClient(node.port());
        waiter.send("BLPOP", "q", "0");
        awaitBlocked(1);
        waiter.close();
        awaitBlocked(0);
        Jedis c = client();
        c.rpush("q", "kept");
        assertEquals(List.of("kept"), c.lrange("q", 0, -1));
    }

    @Test
    void blmoveIsServedAndPropagatedAsLmove() throws Exception {
        Jedis waiter = client();
        CompletableFuture<String> result = CompletableFuture.supplyAsync(
                () -> waiter.blmove("src", "dst", redis.clients.jedis.args.ListDirection.RIGHT,
                        redis.clients.jedis.args.ListDirection.LEFT, 0));
        awaitBlocked(1);
        Jedis c = client();
        c.rpush("src", "x", "y");
        assertEquals("y", result.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("y"), c.lrange("dst", 0, -1));
        assertEquals(List.of("x"), c.lrange("src", 0, -1));
        assertEquals(List.of("RPUSH src x y", "LMOVE src dst RIGHT LEFT"), writes());
    }

    @Test
    void brpoplpushIntoAWrongTypeTargetFailsTheWaiterAndKeepsTheElement() throws Exception {
        Jedis c = client();
        c.set("dst", "string");
        try (RawClient raw = new RawClient(node.port())) {
            raw.send("BRPOPLPUSH", "src", "dst", "0");
            awaitBlocked(1);
            c.rpush("src", "x");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", raw.readRaw());
        }
        assertEquals(List.of("x"), c.lrange("src", 0, -1));
    }

    @Test
    void bzpopminIsServedByZaddAndPropagatedAsZpopmin() throws Exception {
        Jedis waiter = client();
        CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> waiter.bzpopmin(0, "z"));
        awaitBlocked(1);
        client().zadd("z", 2.5, "m");
        assertTrue(result.get(5, TimeUnit.SECONDS).toString().contains("m"));
        assertEquals(List.of("ZADD z 2.5 m", "ZPOPMIN z"), writes());
    }

    @Test
    void blmpopServesACountAndPropagatesThePopWithTheCountTaken() {
        try (RawClient raw = new RawClient(node.port())) {
            raw.send("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "5");
            awaitBlocked(1);
            client().rpush("b", "1", "2", "3");
            assertEquals("*2\r\n$1\r\nb\r\n*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n", raw.readRaw());
        }
        assertEquals(List.of("RPUSH b 1 2 3", "RPOP b 3"), writes());
    }

    @Test
    void pipelinedCommandsOfABlockedClientRunAfterItIsServed() {
        try (RawClient raw = new RawClient(node.port())) {
            raw.sendRaw(new String(RawClient.encode("BLPOP", "q", "0"), StandardCharsets.ISO_8859_1)
                    + new String(RawClient.encode("LLEN", "q"), StandardCharsets.ISO_8859_1));
            awaitBlocked(1);
            client().rpush("q", "a", "b");
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\na\r\n", raw.readRaw());
            assertEquals(":1\r\n", raw.readRaw());
        }
    }

    @Test
    void clientUnblockReleasesWithATimeoutReplyOrAnError() {
        try (RawClient first = new RawClient(node.port()); RawClient second = new RawClient(node.port())) {
            long firstId = (Long) first.call("CLIENT", "ID");
            long secondId = (Long) second.call("CLIENT", "ID");
            first.send("BLPOP", "q", "0");
            second.send("BZPOPMAX", "z", "0");
            awaitBlocked(2);
            Jedis c = client();
            assertEquals(1, c.clientUnblock(firstId));
            assertEquals("*-1\r\n", first.readRaw());
            assertEquals(1, c.clientUnblock(secondId, redis.clients.jedis.args.UnblockType.ERROR));
            assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", second.readRaw());
            assertEquals(0, c.clientUnblock(firstId));
        }
        assertEquals(0, blocked());
    }

    @Test
    void swapdbWakesClientsBlockedOnKeysThatNowExist() throws Exception {
        Jedis c = client();
        c.select(1);
        c.rpush("q", "from-db1");
        Jedis waiter = client();
        CompletableFuture<List<String>> result = CompletableFuture.supplyAsync(() -> waiter.blpop(0, "q"));
        awaitBlocked(1);
        c.swapDB(0, 1);
        assertEquals(List.of("q", "from-db1"), result.get(5, TimeUnit.SECONDS));
    }
}
