package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keyspace notifications: Redis's channels, event names, order and class flags. */
class KeyspaceEventsTest {
    private VigilNode node;

    @BeforeEach
    void start() {
        node = TestNodes.start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource({"KEA, AKE", "An, A", "Kn, nK", "KEn, nKE", "g$lshzxetd, A", "Ez, zE", "K$x, $xK", "Km, Km", "'', ''"})
    void flagsPrintInRedisOrder(String flags, String printed) {
        assertEquals(printed, KeyspaceEvents.format(KeyspaceEvents.parse(flags)));
    }

    @Test
    void unknownClassesAreRefused() {
        assertEquals(-1, KeyspaceEvents.parse("KEq"));
        KeyspaceEvents events = new KeyspaceEvents(node);
        assertEquals(false, events.setFlags("z?"));
    }

    /** Publishes a PING on the subscriber so that every message before it has arrived. */
    private static List<String> drain(RawClient subscriber) {
        subscriber.send("PING");
        List<String> messages = new ArrayList<>();
        while (true) {
            Object message = subscriber.read();
            List<?> parts = (List<?>) message;
            if ("pong".equals(parts.get(0))) {
                return messages;
            }
            messages.add(parts.get(2) + " " + parts.get(3));
        }
    }

    @Test
    void commandsPublishTheirEventsOnBothChannels() {
        try (RawClient client = new RawClient(node.port()); RawClient subscriber = new RawClient(node.port())) {
            client.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            subscriber.call("PSUBSCRIBE", "__key*__:*");
            client.call("SET", "k", "v", "EX", "100");
            client.call("RPUSH", "l", "a");
            client.call("LPOP", "l");
            client.call("HSET", "h", "f", "v");
            client.call("ZADD", "z", "1", "m");
            client.call("RENAME", "z", "z2");
            client.call("INCRBY", "n", "2");
            assertEquals(List.of(
                    "__keyspace@0__:k set", "__keyevent@0__:set k",
                    "__keyspace@0__:k expire", "__keyevent@0__:expire k",
                    "__keyspace@0__:l rpush", "__keyevent@0__:rpush l",
                    "__keyspace@0__:l lpop", "__keyevent@0__:lpop l",
                    "__keyspace@0__:l del", "__keyevent@0__:del l",
                    "__keyspace@0__:h hset", "__keyevent@0__:hset h",
                    "__keyspace@0__:z zadd", "__keyevent@0__:zadd z",
                    "__keyspace@0__:z rename_from", "__keyevent@0__:rename_from z",
                    "__keyspace@0__:z2 rename_to", "__keyevent@0__:rename_to z2",
                    "__keyspace@0__:n incrby", "__keyevent@0__:incrby n"), drain(subscriber));
        }
    }

    @Test
    void onlyEnabledClassesArePublishedAndNewAndMissAreOptIn() {
        try (RawClient client = new RawClient(node.port()); RawClient subscriber = new RawClient(node.port())) {
            client.call("CONFIG", "SET", "notify-keyspace-events", "Elnm");
            subscriber.call("PSUBSCRIBE", "__key*__:*");
            client.call("SET", "s", "v");
            client.call("LPUSH", "l", "a");
            client.call("GET", "missing");
            client.call("SELECT", "3");
            client.call("RPUSH", "l", "b");
            assertEquals(List.of("__keyevent@0__:new s", "__keyevent@0__:new l", "__keyevent@0__:lpush l",
                    "__keyevent@0__:keymiss missing",
                    "__keyevent@3__:new l", "__keyevent@3__:rpush l"), drain(subscriber));
        }
    }

    @Test
    void expiredKeysPublishExpired() {
        try (RawClient client = new RawClient(node.port()); RawClient subscriber = new RawClient(node.port())) {
            client.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
            subscriber.call("SUBSCRIBE", "__keyevent@0__:expired");
            client.call("SET", "k", "v", "PX", "10");
            Object message = subscriber.read();
            assertEquals(List.of("message", "__keyevent@0__:expired", "k"), message);
        }
    }
}
