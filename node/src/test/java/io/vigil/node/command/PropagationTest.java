package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the data commands send to replicas and the AOF, as recorded from a real redis-server 7.0.15
 * replication stream for the same commands (relative expiries as absolute PXAT/PEXPIREAT, GET
 * dropped, INCRBYFLOAT as SET KEEPTTL, SPOP as SREM/DEL, GETDEL as DEL, LMPOP/ZMPOP as pops with a
 * count, failed and no-op writes not at all). Timestamps are shown as {@code <ms>}.
 */
class PropagationTest {
    private VigilNode node;
    private final List<String> stream = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        node = TestNodes.start();
        node.server().call(() -> {
            node.propagation().addSink(argv -> {
                StringBuilder text = new StringBuilder();
                for (byte[] arg : argv) {
                    String s = new String(arg, StandardCharsets.UTF_8);
                    text.append(text.length() == 0 ? "" : " ").append(s.matches("1[0-9]{12}") ? "<ms>" : s);
                }
                stream.add(text.toString());
            });
            return null;
        });
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private List<String> run(String... commands) {
        try (RawClient client = new RawClient(node.port())) {
            for (String command : commands) {
                client.call(Commands.split(command));
            }
        }
        synchronized (stream) {
            return new ArrayList<>(stream);
        }
    }

    @Test
    void rewritesMatchRedis() {
        List<String> got = run("SET k 1", "EXPIRE k 100 GT", "EXPIRE k 100 NX", "PEXPIRE k 100000 XX",
                "EXPIREAT k 99999999999", "PEXPIREAT k 99999999999999 GT", "SET c 1 PXAT 99999999999999 NX GET",
                "SET a 1 EX 100 GET", "SET b 1 GET", "GETSET a 2", "GETEX b EX 100", "GETEX b PERSIST",
                "SETEX e 100 v", "PSETEX e2 100 v", "INCRBYFLOAT f 1.5", "HINCRBYFLOAT h f 1.5", "EXPIRE f -1",
                "RPUSH l a b c", "LMPOP 1 l LEFT COUNT 2", "ZADD z 1 a 2 b", "ZMPOP 1 z MAX COUNT 5", "RPUSH l2 x",
                "BLPOP l2 0", "RPUSH l3 y", "BLMOVE l3 l4 LEFT RIGHT 0", "RPUSH l5 y", "BRPOPLPUSH l5 l6 0",
                "LTRIM nokey 0 1", "SETNX c 2", "GETDEL c", "GETEX k EXAT 1", "SADD one m", "SPOP one",
                "SADD all a b", "SPOP all 5", "SET x v KEEPTTL GET", "RENAME x y", "DEL nokey", "FLUSHDB",
                "FLUSHDB");
        assertEquals(List.of("SELECT 0", "SET k 1", "PEXPIREAT k <ms> NX", "PEXPIREAT k <ms> XX", "PEXPIREAT k 99999999999000",
                "PEXPIREAT k 99999999999999 GT", "SET c 1 PXAT 99999999999999", "SET a 1 PXAT <ms>", "SET b 1", "SET a 2",
                "PEXPIREAT b <ms>", "PERSIST b", "SET e v PXAT <ms>", "SET e2 v PXAT <ms>", "SET f 1.5 KEEPTTL",
                "HSET h f 1.5", "DEL f", "RPUSH l a b c", "LPOP l 2", "ZADD z 1 a 2 b", "ZPOPMAX z 2", "RPUSH l2 x",
                "LPOP l2", "RPUSH l3 y", "LMOVE l3 l4 LEFT RIGHT", "RPUSH l5 y", "RPOPLPUSH l5 l6", "DEL c", "DEL k",
                "SADD one m", "SREM one m", "SADD all a b", "DEL all", "SET x v KEEPTTL", "RENAME x y", "FLUSHDB",
                "FLUSHDB"), got);
    }

    @Test
    void spopWithACountSmallerThanTheSetTravelsAsOneTransactionOfSrems() {
        List<String> got = run("SADD s a b c d e f g h i j", "SPOP s 3");
        assertEquals(7, got.size(), got.toString());
        assertEquals("MULTI", got.get(2));
        assertTrue(got.subList(3, 6).stream().allMatch(c -> c.startsWith("SREM s ")), got.toString());
        assertEquals("EXEC", got.get(6));
    }

    @Test
    void keysThatExpireArePropagatedAsDel() {
        run("SET gone v PX 20", "SET stays v");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.contains("DEL gone"));
        try (RawClient client = new RawClient(node.port())) {
            assertEquals(0L, client.call("EXISTS", "gone"));
            assertEquals(1L, client.call("DBSIZE"));
        }
    }

    @Test
    void aServedBlockingPopFollowsThePushThatServedIt() {
        try (RawClient waiter = new RawClient(node.port())) {
            waiter.send("BZPOPMAX", "z", "0");
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> node.server().call(() -> node.feature(BlockingCommands.class).blockedClients()) == 1);
            List<String> got = run("ZADD z 1 a 2 b");
            assertEquals("*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n", waiter.readRaw());
            assertEquals(List.of("SELECT 0", "ZADD z 1 a 2 b", "ZPOPMAX z"), got);
        }
    }
}
