package io.vigil.tests.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * vigil-sentinel as a real process (SentinelMain in a child JVM): kill -9 right after it answered a
 * vote still finds the vote, its id and epoch on disk at restart; stderr stays empty; SIGTERM exits.
 */
class SentinelProcessTest {
    @TempDir
    Path dir;
    Process process;

    @AfterEach
    void cleanup() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    private Process start(Path conf, String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vigil.sentinel.SentinelMain", conf.toString()));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
    }

    private static Object sentinel(int port, String... args) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            return render(j.sendCommand(Protocol.Command.SENTINEL, args));
        }
    }

    private static Object render(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(render(x));
            }
            return out;
        }
        return o;
    }

    private static boolean answers(int port) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            return "PONG".equals(j.ping()) && j.sendCommand(Protocol.Command.SENTINEL, "MYID") != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void simulatedCrashAfterElectionExitsWith99() throws Exception {
        RealRedis.assumeInstalled();
        try (RealRedis redis = new RealRedis(dir)) {
            int m = RealRedis.freePort();
            int r = RealRedis.freePort();
            redis.server(m, 0);
            redis.server(r, m);
            await().atMost(Duration.ofSeconds(20)).until(() -> "up".equals(SentinelFailoverTest.info(r, "master_link_status")));
            int port = RealRedis.freePort();
            Path conf = dir.resolve("crash.conf");
            Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nsentinel monitor cm 127.0.0.1 " + m + " 1\n");
            process = start(conf);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (!answers(port)) {
                    return false;
                }
                try (Jedis j = new Jedis("127.0.0.1", port)) {
                    return "1".equals(j.sentinelMaster("cm").get("num-slaves"))
                            && !"0".equals(j.sentinelReplicas("cm").get(0).get("info-refresh"));
                }
            });
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                assertEquals("OK", new String((byte[]) j.sendCommand(Protocol.Command.SENTINEL, "SIMULATE-FAILURE",
                        "CRASH-AFTER-ELECTION"), StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (Jedis j = new Jedis("127.0.0.1", port)) {
                    j.sendCommand(Protocol.Command.SENTINEL, "FAILOVER", "cm");
                }
                return true;
            });
            assertEquals(true, process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(99, process.exitValue());
            assertEquals("master", SentinelFailoverTest.roleOf(m));
        }
    }

    @Test
    void daemonLauncherIsToldOnlyOfAnAcceptedConfiguration() throws Exception {
        // scripts/vigil-sentinel --daemonize yes waits for this file or for the process to end,
        // so that a configuration error reaches the terminal with exit status 1 as in redis-sentinel.
        Path marker = dir.resolve("configured");
        String property = "-Dvigil.daemon.configured=" + marker;
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "port 26379\nsentinel bogus-directive yes\n");
        Process rejected = start(bad, property);
        assertEquals(true, rejected.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, rejected.exitValue());
        assertEquals(false, Files.exists(marker));
        int port = RealRedis.freePort();
        Path good = dir.resolve("good.conf");
        Files.writeString(good, "port " + port + "\nbind 127.0.0.1\nsentinel monitor m 127.0.0.1 6399 2\n");
        process = start(good, property);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));
    }

    @Test
    void killNineAfterAVoteKeepsVoteIdAndEpoch() throws Exception {
        int port = RealRedis.freePort();
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nsentinel monitor pm 127.0.0.1 1 2\n");
        String a = "a".repeat(40);
        String b = "b".repeat(40);
        process = start(conf);
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));
        Object myId = sentinel(port, "MYID");
        assertEquals(List.of(0L, a, 7L), sentinel(port, "is-master-down-by-addr", "127.0.0.1", "1", "7", a));
        process.destroyForcibly().waitFor();

        process = start(conf);
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));
        assertEquals(myId, sentinel(port, "MYID"));
        assertEquals(List.of(0L, "*", 7L), sentinel(port, "is-master-down-by-addr", "127.0.0.1", "1", "7", b));
        process.destroy(); // SIGTERM
        assertEquals(true, process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("", Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void aHangupAsSoonAsItAnswersReopensTheLogsInsteadOfExiting() throws Exception {
        int port = RealRedis.freePort();
        Path conf = dir.resolve("sentinel.conf");
        Path log = dir.resolve("s.log");
        Path events = dir.resolve("e.jsonl");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nlogfile " + log + "\nevent-log " + events
                + "\nsentinel monitor pm 127.0.0.1 1 2\n");
        process = start(conf);
        // logrotate may strike at any time, start-up included (the JVM's own SIGHUP action is to exit).
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                return "PONG".equals(j.ping());
            }
        });
        Files.move(log, dir.resolve("s.log.1"));
        hangup();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log));
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));
        Files.move(events, dir.resolve("e.jsonl.1"));
        hangup();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            sentinel(port, "SET", "pm", "quorum", "1");
            return Files.exists(events) && Files.readString(events).contains("quorum");
        });
        assertEquals(true, process.isAlive());
        process.destroy();
        assertEquals(true, process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("", Files.readString(dir.resolve("err.txt")));
    }

    private void hangup() throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor());
    }
}
