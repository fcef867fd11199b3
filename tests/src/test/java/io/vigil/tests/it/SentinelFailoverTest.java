package io.vigil.tests.it;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three vigil-sentinels supervising a real redis-server 7.0 master with two real replicas: kill -9
 * of the master gives one +switch-master, every sentinel agrees on the promoted replica, the other
 * replica follows it, clients (Jedis JedisSentinelPool, lettuce sentinel RedisURI) follow, and the
 * old master is turned into a replica when it comes back.
 */
class SentinelFailoverTest {
    @TempDir
    Path dir;
    RealRedis redis;
    VigilSentinels sentinels;
    RedisClient lettuce;

    @AfterEach
    void cleanup() throws Exception {
        if (lettuce != null) {
            lettuce.shutdown();
        }
        if (sentinels != null) {
            sentinels.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Until every sentinel knows the master's two replicas and the two other sentinels. */
    static void awaitDiscovered(List<Integer> sentinelPorts, String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int p : sentinelPorts) {
                try (Jedis j = new Jedis("127.0.0.1", p)) {
                    Map<String, String> mm = j.sentinelMaster(name);
                    if (!"2".equals(mm.get("num-other-sentinels")) || !"2".equals(mm.get("num-slaves"))) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    static List<String> addr(int sentinelPort, String name) {
        try (Jedis j = new Jedis("127.0.0.1", sentinelPort)) {
            return j.sentinelGetMasterAddrByName(name);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    static String info(int port, String field) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            for (String l : j.info("replication").split("\r\n")) {
                if (l.startsWith(field + ":")) {
                    return l.substring(field.length() + 1);
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    @Test
    void killedMasterIsReplacedAndComesBackAsReplica() throws Exception {
        RealRedis.assumeInstalled();
        redis = new RealRedis(dir);
        sentinels = new VigilSentinels(dir);
        String name = "vfo" + Long.toHexString(System.nanoTime() & 0xffffff);
        int m = RealRedis.freePort();
        int r1 = RealRedis.freePort();
        int r2 = RealRedis.freePort();
        Process master = redis.server(m, 0);
        redis.server(r1, m);
        redis.server(r2, m);
        await().atMost(Duration.ofSeconds(20)).until(() -> "up".equals(info(r1, "master_link_status"))
                && "up".equals(info(r2, "master_link_status")));
        int[] sp = {RealRedis.freePort(), RealRedis.freePort(), RealRedis.freePort()};
        Path calls = dir.resolve("reconfig-calls.txt");
        Path script = dir.resolve("reconfig.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + calls + "\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int p : sp) {
            sentinels.start(p, "sentinel monitor " + name + " 127.0.0.1 " + m + " 2\n"
                    + "sentinel down-after-milliseconds " + name + " 1000\nsentinel failover-timeout " + name + " 10000\n"
                    + "sentinel client-reconfig-script " + name + " " + script + "\n");
        }
        awaitDiscovered(java.util.Arrays.stream(sp).boxed().toList(), name);

        // Clients: Jedis pool and a lettuce sentinel URI, plus a +switch-master subscriber.
        JedisSentinelPool pool = new JedisSentinelPool(name, Set.of("127.0.0.1:" + sp[0], "127.0.0.1:" + sp[1]));
        assertEquals(new HostAndPort("127.0.0.1", m), pool.getCurrentHostMaster());
        lettuce = RedisClient.create(RedisURI.Builder.sentinel("127.0.0.1", sp[2], name)
                .withSentinel("127.0.0.1", sp[1]).withTimeout(Duration.ofSeconds(5)).build());
        try (StatefulRedisConnection<String, String> c = lettuce.connect()) {
            c.sync().set("k", "before");
        }
        StatefulRedisMasterReplicaConnection<String, String> mr = MasterReplica.connect(lettuce, StringCodec.UTF8,
                RedisURI.Builder.sentinel("127.0.0.1", sp[1], name).withTimeout(Duration.ofSeconds(2)).build());
        mr.setReadFrom(ReadFrom.UPSTREAM);
        mr.sync().set("k", "mr-before");
        List<String> switches = new CopyOnWriteArrayList<>();
        RedisClient sub = RedisClient.create("redis://127.0.0.1:" + sp[0]);
        StatefulRedisPubSubConnection<String, String> ps = sub.connectPubSub();
        ps.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                switches.add(message);
            }
        });
        ps.sync().subscribe("+switch-master");

        RealRedis.kill9(master);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> a = addr(sp[0], name);
            return a.size() == 2 && !a.get(1).equals(Integer.toString(m))
                    && a.equals(addr(sp[1], name)) && a.equals(addr(sp[2], name));
        });
        int promoted = Integer.parseInt(addr(sp[0], name).get(1));
        // redis-cli users see the same answer.
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(sp[2]), "SENTINEL",
                "get-master-addr-by-name", name).redirectErrorStream(true).start();
        assertEquals("127.0.0.1\n" + promoted + "\n", new String(cli.getInputStream().readAllBytes()));
        cli.waitFor();
        int other = promoted == r1 ? r2 : r1;
        await().atMost(Duration.ofSeconds(10)).until(() -> !switches.isEmpty());
        assertEquals(name + " 127.0.0.1 " + m + " 127.0.0.1 " + promoted, switches.get(0));
        assertEquals("master", roleOf(promoted));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.toString(promoted).equals(info(other, "master_port"))
                && "up".equals(info(other, "master_link_status")));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.getCurrentHostMaster().getPort() == promoted);
        try (Jedis j = pool.getResource()) {
            j.set("k", "jedis-after");
        }
        try (StatefulRedisConnection<String, String> c = lettuce.connect()) {
            c.sync().set("k", "lettuce-after");
            assertEquals("lettuce-after", c.sync().get("k"));
        }
        // lettuce MasterReplica refreshes its topology from the sentinel events (about 5 s later).
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            mr.sync().set("k", "mr-after");
            return mr.sync().info("server").contains("tcp_port:" + promoted);
        });
        mr.close();
        // client-reconfig-script: <name> <leader|observer> start <from-ip> <from-port> <to-ip> <to-port>.
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(calls)
                && Files.readString(calls).contains(name + " leader start 127.0.0.1 " + m + " 127.0.0.1 " + promoted));
        pool.close();
        ps.close();
        sub.shutdown();

        // The old master returns as a master and is converted into a replica of the promoted one.
        redis.server(m, 0);
        await().atMost(Duration.ofSeconds(40)).until(() -> "slave".equals(roleOf(m))
                && Integer.toString(promoted).equals(info(m, "master_port")));
        String log = Files.readString(sentinels.log(sp[0]));
        assertTrue(log.matches("(?s).*\\d+:X \\d\\d \\w{3} \\d{4} [0-9:.]+ # \\+switch-master " + name + " .*"), log);
    }

    static String roleOf(int port) {
        return info(port, "role");
    }
}
