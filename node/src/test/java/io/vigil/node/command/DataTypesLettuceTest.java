package io.vigil.node.command;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data types through lettuce in RESP2 and RESP3 (maps, sets, doubles, nested score pairs, blocking pops). */
class DataTypesLettuceTest {
    private static VigilNode node;

    @BeforeAll
    static void start() {
        node = TestNodes.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void awaitBlocked() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(
                () -> node.server().call(() -> node.feature(BlockingCommands.class).blockedClients()) == 1);
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
    void everyTypeRoundTrips(ProtocolVersion protocol) throws Exception {
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        String p = protocol.name() + ":";
        try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create("redis://127.0.0.1:" + node.port()));
             StatefulRedisConnection<String, String> other = client.connect(RedisURI.create("redis://127.0.0.1:" + node.port()))) {
            RedisCommands<String, String> redis = connection.sync();
            assertEquals("OK", redis.set(p + "s", "v", SetArgs.Builder.ex(100).nx()));
            assertNull(redis.set(p + "s", "w", SetArgs.Builder.nx()));
            assertEquals(10.6, Double.parseDouble(redis.incrbyfloat(p + "f", 10.6).toString()));
            assertEquals(3L, redis.hset(p + "h", Map.of("a", "1", "b", "2", "c", "3")));
            assertEquals(Map.of("a", "1", "b", "2", "c", "3"), redis.hgetall(p + "h"));
            assertEquals(4L, redis.sadd(p + "set", "1", "2", "3", "x"));
            assertEquals(Set.of("1", "2", "3", "x"), redis.smembers(p + "set"));
            assertEquals(3L, redis.zadd(p + "z", ScoredValue.just(1.5, "a"), ScoredValue.just(2, "b"), ScoredValue.just(0.1, "c")));
            assertEquals(List.of(ScoredValue.just(0.1, "c"), ScoredValue.just(1.5, "a"), ScoredValue.just(2, "b")),
                    redis.zrangeWithScores(p + "z", 0, -1));
            assertEquals(1.5, redis.zscore(p + "z", "a"));
            assertEquals(List.of("a", "b"), redis.zrangebyscore(p + "z", Range.create(1, 3)));
            assertEquals(ScoredValue.just(2, "b"), redis.zpopmax(p + "z"));
            assertEquals(3L, redis.rpush(p + "l", "x", "y", "z"));
            assertEquals(List.of("x", "y", "z"), redis.lrange(p + "l", 0, -1));
            KeyValue<String, List<String>> popped = redis.lmpop(LMPopArgs.Builder.left().count(2), p + "l");
            assertEquals(List.of("x", "y"), popped.getValue());

            RedisFuture<KeyValue<String, String>> waiting = other.async().blpop(5, p + "queue");
            awaitBlocked();
            redis.rpush(p + "queue", "job");
            assertEquals(KeyValue.just(p + "queue", "job"), waiting.get(5, TimeUnit.SECONDS));
            RedisFuture<KeyValue<String, ScoredValue<String>>> zwaiting = other.async().bzpopmin(5, p + "zq");
            awaitBlocked();
            redis.zadd(p + "zq", 4.25, "m");
            assertEquals(KeyValue.just(p + "zq", ScoredValue.just(4.25, "m")), zwaiting.get(5, TimeUnit.SECONDS));
            assertNull(redis.blpop(0.05, p + "empty"));
            assertTrue(redis.ttl(p + "s") > 90);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
