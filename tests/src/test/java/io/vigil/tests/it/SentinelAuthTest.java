package io.vigil.tests.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sentinels protected by requirepass talk to each other with sentinel-pass: ODOWN needs the
 * peers' is-master-down-by-addr answers and the election their votes, so a failover after kill -9
 * proves the sentinel-to-sentinel AUTH. Unauthenticated clients get Redis's NOAUTH error.
 */
class SentinelAuthTest {
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

    static List<String> addr(int port, String name) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.auth("spw");
            return j.sentinelGetMasterAddrByName(name);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Test
    void protectedSentinelsStillAgreeAndFailOver() throws Exception {
        RealRedis.assumeInstalled();
        redis = new RealRedis(dir);
        sentinels = new VigilSentinels(dir);
        String name = "vauth" + Long.toHexString(System.nanoTime() & 0xffffff);
        int m = RealRedis.freePort();
        int r = RealRedis.freePort();
        Process master = redis.server(m, 0);
        redis.server(r, m);
        await().atMost(Duration.ofSeconds(20)).until(() -> "up".equals(SentinelFailoverTest.info(r, "master_link_status")));
        int[] sp = {RealRedis.freePort(), RealRedis.freePort(), RealRedis.freePort()};
        for (int p : sp) {
            sentinels.start(p, "requirepass spw\nsentinel sentinel-pass spw\nsentinel monitor " + name + " 127.0.0.1 " + m
                    + " 2\nsentinel down-after-milliseconds " + name + " 1000\nsentinel failover-timeout " + name + " 10000\n");
        }
        try (Jedis j = new Jedis("127.0.0.1", sp[0])) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.sentinelMasters());
            assertEquals("NOAUTH Authentication required.", e.getMessage());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int p : sp) {
                try (Jedis j = new Jedis("127.0.0.1", p)) {
                    j.auth("spw");
                    Map<String, String> mm = j.sentinelMaster(name);
                    if (!"2".equals(mm.get("num-other-sentinels")) || !"1".equals(mm.get("num-slaves"))) {
                        return false;
                    }
                }
            }
            return true;
        });
        RealRedis.kill9(master);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int p : sp) {
                if (!List.of("127.0.0.1", Integer.toString(r)).equals(addr(p, name))) {
                    return false;
                }
            }
            return true;
        });
        assertTrue(java.nio.file.Files.readString(sentinels.log(sp[0])).contains("+odown master " + name)
                || java.nio.file.Files.readString(sentinels.log(sp[1])).contains("+odown master " + name)
                || java.nio.file.Files.readString(sentinels.log(sp[2])).contains("+odown master " + name));
    }
}
