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

class PubSubCommandsTest {
    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void resp2SubscribersGetArraysAndTheSubscribedContextRule() {
        node = TestNodes.start();
        try (RawClient sub = new RawClient(node.port()); RawClient pub = new RawClient(node.port())) {
            sub.send("SUBSCRIBE", "a", "b");
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", sub.readRaw());
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n", sub.readRaw());
            assertEquals("*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:3\r\n", sub.callRaw("PSUBSCRIBE", "n*"));
            assertEquals(":1\r\n", pub.callRaw("PUBLISH", "a", "hello"));
            assertEquals("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$5\r\nhello\r\n", sub.readRaw());
            assertEquals(":1\r\n", pub.callRaw("PUBLISH", "news", "x"));
            assertEquals("*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$1\r\nx\r\n", sub.readRaw());
            assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", sub.callRaw("PING"));
            assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                    + "are allowed in this context\r\n", sub.callRaw("GET", "x"));
            sub.send("UNSUBSCRIBE");
            assertEquals("*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:2\r\n", sub.readRaw());
            assertEquals("*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n", sub.readRaw());
            assertEquals("*3\r\n$12\r\npunsubscribe\r\n$2\r\nn*\r\n:0\r\n", sub.callRaw("PUNSUBSCRIBE"));
            assertEquals("+PONG\r\n", sub.callRaw("PING"));
        }
    }

    @Test
    void resp3SubscribersGetPushFramesAndMayRunAnyCommand() {
        node = TestNodes.start();
        try (RawClient sub = new RawClient(node.port()); RawClient pub = new RawClient(node.port())) {
            sub.call("HELLO", "3");
            assertEquals(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", sub.callRaw("SUBSCRIBE", "a"));
            pub.call("PUBLISH", "a", "m");
            assertEquals(">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n", sub.readRaw());
            assertEquals("_\r\n", sub.callRaw("GET", "nothing"));
            assertEquals("+PONG\r\n", sub.callRaw("PING"));
        }
    }

    @Test
    void pubsubIntrospection() {
        node = TestNodes.start();
        try (RawClient sub = new RawClient(node.port()); RawClient a = new RawClient(node.port())) {
            sub.send("SUBSCRIBE", "news.1", "news.2", "other");
            for (int i = 0; i < 3; i++) {
                sub.read();
            }
            sub.call("PSUBSCRIBE", "x*");
            assertEquals(List.of("news.1", "news.2"), sorted(a.call("PUBSUB", "CHANNELS", "news.*")));
            assertEquals(3, ((List<?>) a.call("PUBSUB", "CHANNELS")).size());
            assertEquals("*4\r\n$6\r\nnews.1\r\n:1\r\n$4\r\nnone\r\n:0\r\n", a.callRaw("PUBSUB", "NUMSUB", "news.1", "none"));
            assertEquals(":1\r\n", a.callRaw("PUBSUB", "NUMPAT"));
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n",
                    a.callRaw("PUBSUB", "CHANNELS", "a", "b"));
            String stats = (String) a.call("INFO", "stats");
            assertEquals(true, stats.contains("pubsub_channels:3\r\npubsub_patterns:1\r\n"), stats);
        }
    }

    private static List<String> sorted(Object reply) {
        List<String> list = new ArrayList<>();
        for (Object item : (List<?>) reply) {
            list.add((String) item);
        }
        Collections.sort(list);
        return list;
    }

    @Test
    void publishGoesToReplicationButNotToTheAof() {
        node = TestNodes.start();
        List<String> replication = Collections.synchronizedList(new ArrayList<>());
        List<String> aof = Collections.synchronizedList(new ArrayList<>());
        node.server().call(() -> {
            node.propagation().addSink(argv -> replication.add(text(argv)));
            node.propagation().addSink(new PropagationSink() {
                @Override
                public void append(byte[][] argv) {
                    aof.add(text(argv));
                }

                @Override
                public boolean takesReplicationOnly() {
                    return false;
                }
            });
            return null;
        });
        try (RawClient a = new RawClient(node.port())) {
            a.call("PUBLISH", "ch", "msg");
            await().until(() -> replication.size() >= 2);
            assertEquals(List.of("SELECT 0", "PUBLISH ch msg"), replication);
            assertEquals(List.of(), aof);
        }
    }

    private static String text(byte[][] argv) {
        StringBuilder line = new StringBuilder();
        for (byte[] arg : argv) {
            line.append(line.length() == 0 ? "" : " ").append(new String(arg, StandardCharsets.UTF_8));
        }
        return line.toString();
    }
}
