package io.vigil.sentinel.embed;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WithVigilTopology}: one topology for the class, injected as a parameter. */
@WithVigilTopology(replicas = 1, sentinels = 1, masterName = "ext", downAfterMillis = 500)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VigilTopologyExtensionTest {
    static VigilTopology seen;

    @Test
    @Order(1)
    void topologyIsInjectedAndWritable(VigilTopology topology) {
        seen = topology;
        assertEquals("ext", topology.masterName());
        assertEquals(2, topology.nodes().size());
        assertEquals(1, topology.sentinelAddresses().size());
        assertTrue(Files.isDirectory(topology.directory()));
        RedisClient client = RedisClient.create(topology.sentinelUri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertEquals("OK", c.sync().set("ext-key", "v"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Order(2)
    void theClassSharesOneTopology(VigilTopology topology) {
        assertSame(seen, topology);
        assertEquals(topology.nodes().get(0), topology.master());
    }

    @AfterAll
    static void stillRunningInAfterAll() {
        // The extension closes the topology after this method; its files are still there now.
        Path dir = seen.directory();
        assertTrue(Files.isDirectory(dir));
    }
}
