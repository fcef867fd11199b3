package io.vigil.tests.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Nodes with INFO and CONFIG renamed: the sentinel's rename-command map is applied to everything it
 * sends, so it still reads INFO (discovers the replica, sees its role) from the renamed command.
 */
class RenameCommandTest {
    @TempDir
    Path dir;
    RealRedis redis;
    VigilSentinels sentinels;

    @AfterEach
    void cleanup() throws Exception {
        if (sentinels != null) {
            sentinels.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void renamedInfoIsUsedToDiscoverReplicas() throws Exception {
        RealRedis.assumeInstalled();
        redis = new RealRedis(dir);
        sentinels = new VigilSentinels(dir);
        String name = "vren" + Long.toHexString(System.nanoTime() & 0xffffff);
        int m = RealRedis.freePort();
        int r = RealRedis.freePort();
        String[] renames = {"--rename-command", "INFO", "SECRETINFO", "--rename-command", "CONFIG", "SECRETCONFIG"};
        redis.server(m, 0, renames);
        redis.server(r, m, renames);
        int sp = RealRedis.freePort();
        sentinels.start(sp, "sentinel monitor " + name + " 127.0.0.1 " + m + " 1\n"
                + "sentinel rename-command " + name + " INFO SECRETINFO\n"
                + "sentinel rename-command " + name + " config SECRETCONFIG\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Jedis j = new Jedis("127.0.0.1", sp)) {
                Map<String, String> mm = j.sentinelMaster(name);
                if (!"1".equals(mm.get("num-slaves")) || "0".equals(mm.get("info-refresh"))) {
                    return false;
                }
                return j.sentinelReplicas(name).get(0).get("role-reported").equals("slave")
                        && !"0".equals(j.sentinelReplicas(name).get(0).get("info-refresh"));
            }
        });
        // SENTINEL INFO-CACHE: [name, [[ms, master INFO], [ms, replica INFO]]], unknown names skipped.
        try (Jedis j = new Jedis("127.0.0.1", sp)) {
            java.util.List<?> cache = (java.util.List<?>) j.sendCommand(Protocol.Command.SENTINEL,
                    "INFO-CACHE", name, "nosuch");
            org.junit.jupiter.api.Assertions.assertEquals(2, cache.size());
            org.junit.jupiter.api.Assertions.assertEquals(name, new String((byte[]) cache.get(0)));
            java.util.List<?> entries = (java.util.List<?>) cache.get(1);
            org.junit.jupiter.api.Assertions.assertEquals(2, entries.size());
            String masterInfo = new String((byte[]) ((java.util.List<?>) entries.get(0)).get(1));
            org.junit.jupiter.api.Assertions.assertTrue(masterInfo.contains("role:master"), masterInfo);
        }
        // Hellos carry the local address, then announce-ip/port as soon as SENTINEL CONFIG SET changes them.
        java.util.List<String> hellos = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + m);
        try (var ps = client.connectPubSub()) {
            ps.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    hellos.add(message);
                }
            });
            ps.sync().subscribe("__sentinel__:hello");
            await().atMost(Duration.ofSeconds(10)).until(() -> hellos.stream().anyMatch(
                    h -> h.startsWith("127.0.0.1," + sp + ",") && h.contains("," + name + ",127.0.0.1," + m + ",0")));
            try (Jedis j = new Jedis("127.0.0.1", sp)) {
                j.sendCommand(Protocol.Command.SENTINEL, "CONFIG", "SET", "announce-ip", "10.1.2.3");
                j.sendCommand(Protocol.Command.SENTINEL, "CONFIG", "SET", "announce-port", "12345");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hellos.stream().anyMatch(
                    h -> h.startsWith("10.1.2.3,12345,")));
        } finally {
            client.shutdown();
        }
    }
}
