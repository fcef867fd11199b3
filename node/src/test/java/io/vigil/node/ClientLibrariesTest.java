package io.vigil.node;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Transaction;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lettuce (RESP3 through HELLO 3) and Jedis (RESP2) against a node: the everyday client paths. */
class ClientLibrariesTest {
    private static VigilNode node;
    private static RedisClient lettuce;

    @BeforeAll
    static void start() {
        node = TestNodes.start("user app on >app-pw ~* &* +@all");
        lettuce = RedisClient.create();
        lettuce.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
    }

    @AfterAll
    static void stop() {
        lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        node.close();
    }

    private static RedisURI uri() {
        return RedisURI.create("redis://127.0.0.1:" + node.port());
    }

    @Test
    void lettuceNegotiatesResp3AndRunsCommands() {
        try (StatefulRedisConnection<String, String> connection = lettuce.connect(uri())) {
            RedisCommands<String, String> redis = connection.sync();
            assertEquals("PONG", redis.ping());
            assertEquals("OK", redis.set("lettuce:k", "v"));
            assertEquals("v", redis.get("lettuce:k"));
            assertNull(redis.get("lettuce:missing"));
            String clients = redis.clientList();
            assertTrue(clients.contains(" resp=3"), clients);
            assertTrue(clients.contains(" cmd=client|list "), clients);
            assertEquals(connection.sync().clientId(), redis.clientId());
        }
    }

    @Test
    void lettuceAuthenticatesWithAnAclUser() {
        RedisURI withUser = RedisURI.builder(uri()).withAuthentication("app", "app-pw").build();
        try (StatefulRedisConnection<String, String> connection = lettuce.connect(withUser)) {
            assertEquals("app", connection.sync().aclWhoami());
        }
        RedisURI wrong = RedisURI.builder(uri()).withAuthentication("app", "nope").build();
        assertThrows(RuntimeException.class, () -> lettuce.connect(wrong).close());
    }

    @Test
    void lettucePubSubReceivesPushFrames() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> sub = lettuce.connectPubSub(uri());
             StatefulRedisConnection<String, String> pub = lettuce.connect(uri())) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    messages.add(channel + "=" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    messages.add(pattern + ":" + channel + "=" + message);
                }
            });
            sub.sync().subscribe("news");
            sub.sync().psubscribe("sport.*");
            // RESP3 subscribers may still run ordinary commands.
            assertEquals("PONG", sub.sync().ping());
            assertEquals(1L, pub.sync().publish("news", "hello"));
            assertEquals(1L, pub.sync().publish("sport.golf", "fore"));
            assertEquals("news=hello", messages.poll(5, TimeUnit.SECONDS));
            assertEquals("sport.*:sport.golf=fore", messages.poll(5, TimeUnit.SECONDS));
            assertEquals(List.of("news"), pub.sync().pubsubChannels());
        }
    }

    @Test
    void lettuceTransactionsAndWatch() {
        try (StatefulRedisConnection<String, String> a = lettuce.connect(uri());
             StatefulRedisConnection<String, String> b = lettuce.connect(uri())) {
            RedisCommands<String, String> redis = a.sync();
            redis.multi();
            redis.set("tx:a", "1");
            redis.incr("tx:a");
            TransactionResult result = redis.exec();
            assertEquals(List.of("OK", 2L), result.stream().toList());
            redis.watch("tx:a");
            b.sync().set("tx:a", "changed");
            redis.multi();
            redis.set("tx:a", "mine");
            assertTrue(redis.exec().wasDiscarded());
            assertEquals("changed", redis.get("tx:a"));
        }
    }

    @Test
    void jedisSpeaksResp2() {
        try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("jedis:k", "v"));
            assertEquals("v", jedis.get("jedis:k"));
            assertTrue(jedis.clientList().contains(" resp=2"));
            assertEquals("OK", jedis.auth("app", "app-pw"));
            assertEquals("app", jedis.aclWhoAmI());
            assertTrue(jedis.info("server").contains("redis_version:7.0.15"));
        }
    }

    @Test
    void jedisTransactionWithWatch() {
        try (Jedis a = new Jedis("127.0.0.1", node.port()); Jedis b = new Jedis("127.0.0.1", node.port())) {
            a.watch("jtx");
            b.set("jtx", "other");
            Transaction tx = a.multi();
            tx.set("jtx", "mine");
            assertNull(tx.exec());
            Transaction ok = a.multi();
            ok.set("jtx", "mine");
            ok.get("jtx");
            assertEquals(List.of("OK", "mine"), ok.exec());
        }
    }

    @Test
    void jedisPubSubInResp2() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                messages.add(channel + "=" + message);
                unsubscribe();
            }
        };
        Thread thread = new Thread(() -> {
            try (Jedis sub = new Jedis("127.0.0.1", node.port())) {
                sub.subscribe(listener, "jchannel");
            }
        });
        thread.start();
        assertTrue(subscribed.await(5, TimeUnit.SECONDS));
        try (Jedis pub = new Jedis("127.0.0.1", node.port())) {
            assertEquals(1L, pub.publish("jchannel", "hi"));
        }
        assertEquals("jchannel=hi", messages.poll(5, TimeUnit.SECONDS));
        thread.join(5000);
    }

    @Test
    void jedisClientKillByIdClosesTheOtherConnection() {
        try (Jedis admin = new Jedis("127.0.0.1", node.port()); Jedis victim = new Jedis("127.0.0.1", node.port())) {
            long id = victim.clientId();
            assertEquals(1L, admin.clientKill(new redis.clients.jedis.params.ClientKillParams()
                    .id(Long.toString(id))));
            assertThrows(RuntimeException.class, victim::ping);
        }
    }

    @Test
    void jedisWithResp3NegotiatesThroughHello() {
        var config = redis.clients.jedis.DefaultJedisClientConfig.builder()
                .protocol(redis.clients.jedis.RedisProtocol.RESP3).build();
        try (Jedis jedis = new Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1", node.port()), config)) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("j3", "v"));
            assertEquals("v", jedis.get("j3"));
            assertTrue(jedis.clientInfo().contains(" resp=3"));
        }
    }
}
