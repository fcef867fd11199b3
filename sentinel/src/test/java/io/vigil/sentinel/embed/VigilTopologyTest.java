package io.vigil.sentinel.embed;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded topology is a real one: a lettuce sentinel client follows a failover of it. */
class VigilTopologyTest {
    @Test
    void lettuceFollowsFailoverAfterKillMaster() {
        Path dir;
        RedisClient client = null;
        try (VigilTopology topology = VigilTopology.builder().replicas(2).sentinels(3)
                .downAfter(Duration.ofMillis(500)).failoverTimeout(Duration.ofSeconds(10)).start()) {
            dir = topology.directory();
            InetSocketAddress first = topology.master();
            assertEquals(topology.nodes().get(0), first);
            assertEquals(3, topology.sentinelAddresses().size());
            assertEquals("mymaster", topology.masterName());

            RedisURI uri = RedisURI.create(topology.sentinelUri());
            uri.setTimeout(Duration.ofSeconds(2));
            client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set("k", "before");
                assertEquals("before", c.sync().get("k"));
            }

            assertEquals(first, topology.killMaster());
            assertFalse(topology.nodes().contains(first));
            InetSocketAddress promoted = topology.awaitFailover(Duration.ofSeconds(30));
            assertNotEquals(first, promoted);
            assertTrue(topology.nodes().contains(promoted));
            assertEquals(promoted, topology.master());

            RedisClient lettuce = client;
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (StatefulRedisConnection<String, String> c = lettuce.connect()) {
                    c.sync().set("k", "after");
                    // Replicated before the kill, so the promoted replica had it; the write went to it.
                    return "after".equals(c.sync().get("k"))
                            && c.sync().info("server").contains("tcp_port:" + promoted.getPort());
                }
            });
        } finally {
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
        assertFalse(Files.exists(dir), "close() deletes the temporary directory");
    }
}
