package io.vigil.sentinel.runtime;

import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.command.RespTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's own duties: state survives a restart, scripts run with Redis's arguments, logs. */
class SentinelDaemonTest {
    @TempDir
    Path dir;

    private SentinelDaemon start(Path conf) throws Exception {
        var settings = SentinelConfigLoader.load(conf, List.of("--port", "0", "--bind", "127.0.0.1"));
        return SentinelDaemon.start(settings, SentinelLog.file(dir.resolve("sentinel.log"), LogLevel.DEBUG));
    }

    @Test
    void restartKeepsIdentityEpochAndVote() throws Exception {
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "sentinel monitor m 127.0.0.1 1 2\n");
        String a = "a".repeat(40);
        String b = "b".repeat(40);
        String myId;
        SentinelDaemon d = start(conf);
        try (RespTestClient c = new RespTestClient(d.port())) {
            myId = (String) c.call("SENTINEL", "MYID");
            assertEquals(List.of(0L, a, 9L), c.call("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "1", "9", a));
        } finally {
            d.close();
        }
        d = start(conf);
        try (RespTestClient c = new RespTestClient(d.port())) {
            assertEquals(myId, c.call("SENTINEL", "MYID"));
            // One vote per epoch, even across a restart: no vote for b in epoch 9 (Redis persists the
            // leader epoch, not the leader, so it answers "*" with that epoch).
            assertEquals(List.of(0L, "*", 9L), c.call("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "1", "9", b));
            assertEquals(List.of(0L, b, 10L), c.call("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "1", "10", b));
            String info = (String) c.call("INFO", "sentinel");
            assertTrue(info.contains("sentinel_masters:1"), info);
        } finally {
            d.close();
        }
    }

    @Test
    void notificationScriptGetsEventTypeAndText() throws Exception {
        Path out = dir.resolve("calls.txt");
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$1|$2\" >> " + out + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "sentinel deny-scripts-reconfig no\nsentinel monitor m 127.0.0.1 1 2\n");
        SentinelDaemon d = start(conf);
        try (RespTestClient c = new RespTestClient(d.port())) {
            assertEquals("OK", c.call("SENTINEL", "SET", "m", "notification-script", script.toString()));
            assertEquals("OK", c.call("SENTINEL", "SET", "m", "quorum", "1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out)
                    && Files.readString(out).contains("+set|master m 127.0.0.1 1 quorum 1"));
            assertTrue(Files.readString(conf).contains("sentinel notification-script m " + script));
            // The instance map shows the script right after parallel-syncs, as Redis does.
            List<?> m = (List<?>) c.call("SENTINEL", "MASTER", "m");
            int at = m.indexOf("parallel-syncs");
            assertEquals("notification-script", m.get(at + 2));
            assertEquals(script.toString(), m.get(at + 3));
        } finally {
            d.close();
        }
    }

    @Test
    void scriptExitingWithOneIsRetried() throws Exception {
        Path out = dir.resolve("calls.txt");
        Path script = dir.resolve("fail.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$1\" >> " + out + "\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "sentinel monitor m 127.0.0.1 1 2\nsentinel notification-script m " + script + "\n");
        SentinelDaemon d = start(conf);
        try (RespTestClient c = new RespTestClient(d.port())) {
            assertEquals("OK", c.call("SENTINEL", "DEBUG", "script-retry-delay", "100"));
            assertEquals("OK", c.call("SENTINEL", "SET", "m", "quorum", "1"));
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(out)
                    && Files.readAllLines(out).stream().filter(l -> l.equals("+set")).count() >= 3);
        } finally {
            d.close();
        }
    }

    @Test
    void scriptRunningTooLongIsKilledWithScriptTimeout() throws Exception {
        Path script = dir.resolve("slow.sh");
        Files.writeString(script, "#!/bin/sh\nsleep 30\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "sentinel monitor m 127.0.0.1 1 2\nsentinel notification-script m " + script + "\n");
        SentinelDaemon d = start(conf);
        try (RespTestClient c = new RespTestClient(d.port()); RespTestClient sub = new RespTestClient(d.port())) {
            sub.call("SUBSCRIBE", "-script-timeout");
            assertEquals("OK", c.call("SENTINEL", "DEBUG", "script-max-runtime", "300"));
            assertEquals("OK", c.call("SENTINEL", "SET", "m", "quorum", "1"));
            List<?> msg = (List<?>) sub.read();
            assertEquals("-script-timeout", msg.get(1));
            assertTrue(((String) msg.get(2)).startsWith(script + " "), msg.toString());
        } finally {
            d.close();
        }
    }

    @Test
    void eventsAreLoggedInRedisFormat() throws Exception {
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "sentinel monitor m 127.0.0.1 1 2\n");
        SentinelDaemon d = start(conf);
        d.close();
        String log = Files.readString(dir.resolve("sentinel.log"));
        assertTrue(log.matches("(?s).*\\d+:X \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} # \\+monitor master m "
                + "127\\.0\\.0\\.1 1 quorum 2\n.*"), log);
        assertTrue(log.contains("# Sentinel ID is "), log);
    }
}
