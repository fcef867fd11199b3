package io.vigil.tests.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sentinel left alone (its two peers stopped) sees the master go down and, with quorum 1, even
 * reaches ODOWN and tries, but can never be elected by a majority of the three it knows: the
 * master address does not change and the replica is not promoted. The nodes require a password,
 * so discovering the replica also proves AUTH with auth-pass on the sentinel's links.
 */
class MinorityTest {
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

    static String roleWithAuth(int port) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.auth("s3cret");
            return (String) j.role().get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Test
    void minorityNeverFailsOver() throws Exception {
        RealRedis.assumeInstalled();
        redis = new RealRedis(dir);
        sentinels = new VigilSentinels(dir);
        String name = "vmin" + Long.toHexString(System.nanoTime() & 0xffffff);
        int m = RealRedis.freePort();
        int r = RealRedis.freePort();
        Process master = redis.server(m, 0, "--requirepass", "s3cret", "--masterauth", "s3cret");
        redis.server(r, m, "--requirepass", "s3cret", "--masterauth", "s3cret");
        await().atMost(Duration.ofSeconds(20)).until(() -> "slave".equals(roleWithAuth(r)));
        String body = "sentinel monitor " + name + " 127.0.0.1 " + m + " 1\nsentinel down-after-milliseconds " + name
                + " 1000\nsentinel failover-timeout " + name + " 5000\nsentinel auth-pass " + name + " s3cret\n";
        int[] sp = {RealRedis.freePort(), RealRedis.freePort(), RealRedis.freePort()};
        var d0 = sentinels.start(sp[0], body);
        var d1 = sentinels.start(sp[1], body);
        var d2 = sentinels.start(sp[2], body);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Jedis j = new Jedis("127.0.0.1", sp[0])) {
                Map<String, String> mm = j.sentinelMaster(name);
                return "2".equals(mm.get("num-other-sentinels")) && "1".equals(mm.get("num-slaves"));
            }
        });
        d1.close();
        d2.close();
        RealRedis.kill9(master);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Files.readString(sentinels.log(sp[0])).contains("-failover-abort-not-elected master " + name));
        assertEquals(List.of("127.0.0.1", Integer.toString(m)), SentinelFailoverTest.addr(sp[0], name));
        assertEquals("slave", roleWithAuth(r));
        String log = Files.readString(sentinels.log(sp[0]));
        assertTrue(log.contains("+odown master " + name) && !log.contains("+switch-master"), log);
        assertTrue(d0.port() > 0);
    }
}
