package io.vigil.tests.it;

import io.vigil.sentinel.embed.VigilTopology;
import io.vigil.tests.bench.switchover.SwitchoverWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SENTINEL FAILOVER &lt;name&gt; COORDINATED under a writer doing SET + WAIT 1 0: the master hands
 * over (FAILOVER TO, or CLIENT PAUSE WRITE and an offset wait where FAILOVER is refused), every
 * sentinel switches, the old master follows the new one, and no acknowledged write is lost. Runs
 * on vigil-nodes, and on real redis-server 7.0 nodes (skipped when not installed, unless CI=true).
 */
class CoordinatedSwitchoverTest {
    @TempDir
    Path dir;
    VigilTopology topology;
    RealRedis redis;
    VigilSentinels sentinels;

    @AfterEach
    void cleanup() throws Exception {
        if (topology != null) {
            topology.close();
        }
        if (sentinels != null) {
            sentinels.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void coordinatedSwitchoverOnVigilNodesLosesNoAcknowledgedWrite() throws Exception {
        topology = VigilTopology.builder().replicas(2).sentinels(3).downAfter(Duration.ofMillis(1000))
                .failoverTimeout(Duration.ofMillis(10_000)).directory(dir).start();
        List<Integer> sp = topology.sentinelAddresses().stream().map(InetSocketAddress::getPort).toList();
        String name = topology.masterName();
        SentinelFailoverTest.awaitDiscovered(sp, name);
        int oldMaster = topology.master().getPort();

        SwitchoverWriter.Result r = new SwitchoverWriter("127.0.0.1", sp.get(0), name, true, 2, true).run(1500, 8000);

        assertEquals("OK", r.failoverReply(), r.line());
        assertTrue(r.switched(), r.line());
        assertTrue(r.acknowledged() > 100, r.line());
        assertEquals(0, r.lost(), r.line());
        int newMaster = Integer.parseInt(r.newMaster().split(":")[1]);
        awaitAllAgree(sp, name, newMaster);
        awaitFollows(oldMaster, newMaster);
        String log = Files.readString(dir.resolve("sentinel-0.log"));
        assertTrue(log.contains("+switchover-pause master " + name), log);
        assertTrue(log.contains("+switch-master " + name + " 127.0.0.1 " + oldMaster + " 127.0.0.1 " + newMaster), log);
    }

    @Test
    void coordinatedSwitchoverOnRealRedisLosesNoAcknowledgedWrite() throws Exception {
        runOnRealRedis(false);
    }

    @Test
    void coordinatedSwitchoverFallsBackToClientPauseWhenFailoverIsRenamedAway() throws Exception {
        runOnRealRedis(true);
    }

    private void runOnRealRedis(boolean failoverRenamed) throws Exception {
        RealRedis.assumeInstalled();
        redis = new RealRedis(dir);
        sentinels = new VigilSentinels(dir);
        String name = "cs" + Long.toHexString(System.nanoTime() & 0xffffff);
        String[] extra = failoverRenamed ? new String[] {"--rename-command", "FAILOVER", ""} : new String[0];
        int m = RealRedis.freePort();
        int r1 = RealRedis.freePort();
        int r2 = RealRedis.freePort();
        redis.server(m, 0, extra);
        redis.server(r1, m, extra);
        redis.server(r2, m, extra);
        await().atMost(Duration.ofSeconds(20)).until(() -> "up".equals(SentinelFailoverTest.info(r1, "master_link_status"))
                && "up".equals(SentinelFailoverTest.info(r2, "master_link_status")));
        List<Integer> sp = List.of(RealRedis.freePort(), RealRedis.freePort(), RealRedis.freePort());
        for (int p : sp) {
            sentinels.start(p, "sentinel monitor " + name + " 127.0.0.1 " + m + " 2\n"
                    + "sentinel down-after-milliseconds " + name + " 1000\nsentinel failover-timeout " + name + " 10000\n");
        }
        SentinelFailoverTest.awaitDiscovered(sp, name);

        SwitchoverWriter.Result r = new SwitchoverWriter("127.0.0.1", sp.get(1), name, true, 2, true).run(1500, 8000);

        assertEquals("OK", r.failoverReply(), r.line());
        assertTrue(r.switched(), r.line());
        assertTrue(r.acknowledged() > 100, r.line());
        assertEquals(0, r.lost(), r.line());
        int newMaster = Integer.parseInt(r.newMaster().split(":")[1]);
        awaitAllAgree(sp, name, newMaster);
        awaitFollows(m, newMaster);
        String log = Files.readString(sentinels.log(sp.get(1)));
        assertTrue(log.contains("+switchover-pause master " + name + " 127.0.0.1 " + m + " "
                + (failoverRenamed ? "client-pause" : "failover")), log);
        assertEquals(failoverRenamed, log.contains("+switchover-fallback"), log);
    }

    private static void awaitAllAgree(List<Integer> sp, String name, int port) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sp.stream()
                .allMatch(p -> List.of("127.0.0.1", Integer.toString(port)).equals(SentinelFailoverTest.addr(p, name))));
    }

    private static void awaitFollows(int replica, int master) {
        await().atMost(Duration.ofSeconds(20)).until(() -> "slave".equals(SentinelFailoverTest.info(replica, "role"))
                && Integer.toString(master).equals(SentinelFailoverTest.info(replica, "master_port")));
    }
}
