package io.vigil.tests.it;

import io.vigil.node.NodeFeatures;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real redis-sentinel 7.0 processes supervising vigil-nodes (one master, two replicas, in
 * this JVM): when the master dies they promote a vigil replica, repoint the other one, all answer
 * the same address, and the old master, back on its port, is turned into a replica of the new one.
 */
class RedisSentinelOverVigilNodesTest {
    @TempDir
    Path dir;
    RealRedis redis;
    final List<VigilNode> nodes = new ArrayList<>();

    @AfterEach
    void cleanup() throws Exception {
        for (VigilNode n : nodes) {
            try {
                n.close();
            } catch (RuntimeException alreadyClosed) {
                // closed by the test itself
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    private VigilNode node(int port) throws Exception {
        VigilNode n = VigilNode.create(new ServerSettings(List.of("127.0.0.1"), port, 511, 0), 16, 10,
                NodeFeatures.standard());
        nodes.add(n);
        return n.start();
    }

    private static void replicaOf(int replica, int master) {
        try (Jedis j = new Jedis("127.0.0.1", replica, 15_000)) {
            assertEquals("OK", j.replicaof("127.0.0.1", master));
        }
    }

    @Test
    void realSentinelsFailOverVigilNodesAndReconvertTheOldMaster() throws Exception {
        RealRedis.assumeInstalled();
        redis = new RealRedis(dir);
        String name = "rsv" + Long.toHexString(System.nanoTime() & 0xffffff);
        int m = RealRedis.freePort();
        int r1 = RealRedis.freePort();
        int r2 = RealRedis.freePort();
        VigilNode master = node(m);
        node(r1);
        node(r2);
        replicaOf(r1, m);
        replicaOf(r2, m);
        await().atMost(Duration.ofSeconds(20)).until(() -> "up".equals(SentinelFailoverTest.info(r1, "master_link_status"))
                && "up".equals(SentinelFailoverTest.info(r2, "master_link_status")));
        try (Jedis j = new Jedis("127.0.0.1", m, 15_000)) {
            j.set("before", "failover");
        }
        int[] sp = {RealRedis.freePort(), RealRedis.freePort(), RealRedis.freePort()};
        String body = "sentinel monitor " + name + " 127.0.0.1 " + m + " 2\n"
                + "sentinel down-after-milliseconds " + name + " 1000\n"
                + "sentinel failover-timeout " + name + " 3000\n";
        for (int p : sp) {
            redis.sentinel(p, body);
        }
        // Every sentinel knows both vigil replicas (from the master's INFO) and the two other sentinels.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int p : sp) {
                try (Jedis j = new Jedis("127.0.0.1", p)) {
                    Map<String, String> mm = j.sentinelMaster(name);
                    if (!"2".equals(mm.get("num-other-sentinels")) || !"2".equals(mm.get("num-slaves"))) {
                        return false;
                    }
                } catch (RuntimeException notYet) {
                    return false;
                }
            }
            return true;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> getOn(r1, "before") != null && getOn(r2, "before") != null);

        master.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> a = SentinelFailoverTest.addr(sp[0], name);
            return a.size() == 2 && !a.get(1).equals(Integer.toString(m))
                    && a.equals(SentinelFailoverTest.addr(sp[1], name)) && a.equals(SentinelFailoverTest.addr(sp[2], name));
        });
        int promoted = Integer.parseInt(SentinelFailoverTest.addr(sp[0], name).get(1));
        assertTrue(promoted == r1 || promoted == r2, "promoted " + promoted);
        int other = promoted == r1 ? r2 : r1;
        assertEquals("master", SentinelFailoverTest.roleOf(promoted));
        assertEquals("failover", getOn(promoted, "before"));
        try (Jedis j = new Jedis("127.0.0.1", promoted, 15_000)) {
            assertEquals("OK", j.set("after", "failover"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.toString(promoted).equals(SentinelFailoverTest.info(other, "master_port"))
                && "up".equals(SentinelFailoverTest.info(other, "master_link_status")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "failover".equals(getOn(other, "after")));
        // get-master-addr-by-name answers the promoted replica from reconf-slaves on; +switch-master follows.
        Path log = dir.resolve("redis-sentinel-" + sp[0] + ".log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log)
                .contains("+switch-master " + name + " 127.0.0.1 " + m + " 127.0.0.1 " + promoted));

        // The old master comes back empty, as a master, on its port: the sentinels turn it into a replica.
        node(m);
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> "slave".equals(SentinelFailoverTest.roleOf(m))
                    && Integer.toString(promoted).equals(SentinelFailoverTest.info(m, "master_port"))
                    && "up".equals(SentinelFailoverTest.info(m, "master_link_status")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("old master not converted; sentinel log:\n" + Files.readString(log), e);
        }
        assertEquals("failover", getOn(m, "after"));
        for (int p : sp) {
            assertNotEquals(List.of("127.0.0.1", Integer.toString(m)), SentinelFailoverTest.addr(p, name));
        }
    }

    private static String getOn(int port, String key) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            return j.get(key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
