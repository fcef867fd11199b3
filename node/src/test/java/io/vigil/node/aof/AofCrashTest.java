package io.vigil.node.aof;

import io.vigil.node.VigilNode;
import io.vigil.node.rdb.PersistenceNodes;
import io.vigil.node.rdb.RealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vigil-node process with {@code appendonly yes} and {@code appendfsync always} is killed with
 * SIGKILL while clients write; after a restart every write that was acknowledged is there.
 */
class AofCrashTest {
    @Test
    void killNineWithAppendfsyncAlwaysLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
        int port = RealRedis.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.vigil.node.aof.CrashTestNodeMain", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString(), "--save", "")
                .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicLong highestCounter = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                    return "PONG".equals(jedis.ping());
                }
            });
            Thread[] writers = new Thread[3];
            for (int w = 0; w < writers.length; w++) {
                int id = w;
                writers[w] = new Thread(() -> {
                    try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "w" + id + ":" + i;
                            String value = "value-" + i;
                            jedis.set(key, value);
                            acknowledged.put(key, value);
                            long counter = jedis.incr("counter");
                            highestCounter.accumulateAndGet(counter, Math::max);
                        }
                    } catch (RuntimeException expected) {
                        // the server died under us
                    }
                });
                writers[w].start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 600);
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no final fsync
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            stop.set(true);
            for (Thread writer : writers) {
                writer.join(10_000);
            }
        } finally {
            stop.set(true);
            process.destroyForcibly();
        }
        assertTrue(acknowledged.size() >= 600);
        VigilNode node = PersistenceNodes.start("--dir", dir.toString(), "--save", "", "--appendonly", "yes");
        try (Jedis jedis = PersistenceNodes.client(node)) {
            int missing = 0;
            for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                if (!write.getValue().equals(jedis.get(write.getKey()))) {
                    missing++;
                }
            }
            assertEquals(0, missing, "acknowledged writes lost out of " + acknowledged.size());
            assertTrue(Long.parseLong(jedis.get("counter")) >= highestCounter.get());
        } finally {
            node.close();
        }
        assertTrue(Files.readString(dir.resolve("node.log")).contains("Creating AOF incr file"),
                Files.readString(dir.resolve("node.log")));
        assertEquals(List.of(), List.of());
    }
}
