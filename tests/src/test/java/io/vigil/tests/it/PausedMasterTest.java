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
 * A master paused with SIGSTOP for much less than down-after-milliseconds (1 s against 5 s) is not
 * even subjectively down, and nothing fails over, even for a sentinel that could fail over alone.
 */
class PausedMasterTest {
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

    private static void signal(Process p, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor();
    }

    @Test
    void shortPauseCausesNoFailover() throws Exception {
        RealRedis.assumeInstalled();
        redis = new RealRedis(dir);
        sentinels = new VigilSentinels(dir);
        String name = "vpause" + Long.toHexString(System.nanoTime() & 0xffffff);
        int m = RealRedis.freePort();
        int r = RealRedis.freePort();
        Process master = redis.server(m, 0);
        redis.server(r, m);
        await().atMost(Duration.ofSeconds(20)).until(() -> "up".equals(SentinelFailoverTest.info(r, "master_link_status")));
        int sp = RealRedis.freePort();
        sentinels.start(sp, "sentinel monitor " + name + " 127.0.0.1 " + m + " 1\nsentinel down-after-milliseconds "
                + name + " 5000\nsentinel failover-timeout " + name + " 10000\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Jedis j = new Jedis("127.0.0.1", sp)) {
                Map<String, String> mm = j.sentinelMaster(name);
                return "1".equals(mm.get("num-slaves")) && !"0".equals(mm.get("info-refresh"));
            }
        });
        signal(master, "STOP");
        Thread.sleep(1000); // the pause itself, not an assertion wait
        signal(master, "CONT");
        // Wait well past down-after for anything that would follow the pause.
        await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> true);
        String log = Files.readString(sentinels.log(sp));
        assertTrue(!log.contains("+sdown master " + name) && !log.contains("+switch-master"), log);
        assertEquals(List.of("127.0.0.1", Integer.toString(m)), SentinelFailoverTest.addr(sp, name));
        assertEquals("master", SentinelFailoverTest.roleOf(m));
    }
}
