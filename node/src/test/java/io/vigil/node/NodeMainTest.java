package io.vigil.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vigil-node as a child process: exit codes, error texts, log lines, pidfile, signals. */
class NodeMainTest {
    @TempDir
    Path dir;

    private Process launch(String... args) throws IOException {
        return launch(List.of(), args);
    }

    private Process launch(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    private String stdout() throws IOException {
        return Files.readString(dir.resolve("stdout"));
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr"));
    }

    private static int exit(Process process) throws InterruptedException {
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "process did not exit");
        return process.exitValue();
    }

    @Test
    void versionLine() throws Exception {
        Process process = launch("--version");
        assertEquals(0, exit(process));
        assertEquals("Vigil server v=0.1.0 (Redis-compatible 7.0.15) bits=64\n", stdout());
        assertEquals("", stderr());
    }

    @Test
    void configErrorIsReportedInRedisFormatAndExitsOne() throws Exception {
        Path config = dir.resolve("bad.conf");
        Files.writeString(config, "# comment\nport abc\n");
        Process process = launch(config.toString());
        assertEquals(1, exit(process));
        String err = stderr();
        assertTrue(err.startsWith("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 2\n>>> 'port abc'\n"
                + "argument couldn't be parsed into an integer\n"), err);
        assertTrue(err.contains(config + ":2: argument couldn't be parsed into an integer"), err);
        assertEquals("", stdout());
    }

    @Test
    void badUserLineIsAConfigError() throws Exception {
        Path config = dir.resolve("users.conf");
        Files.writeString(config, "user alice on +nosuch\n");
        Process process = launch(config.toString());
        assertEquals(1, exit(process));
        assertTrue(stderr().contains("Error in user declaration '+nosuch': Unknown command or category name in ACL"),
                stderr());
    }

    @Test
    void bindFailureIsLoggedAsRedisDoesAndExitsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Process process = launch("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "");
            assertEquals(1, exit(process));
            String log = stdout();
            assertTrue(log.contains("# Warning: Could not create server TCP listening socket 127.0.0.1:" + port
                    + ": bind: Address already in use\n"), log);
            assertTrue(log.contains("# Failed listening on port " + port + " (TCP), aborting.\n"), log);
        }
    }

    @Test
    void runsWritesPidfileLogsAndExitsCleanlyOnSigterm() throws Exception {
        int port = TestNodes.freePort();
        Path log = dir.resolve("node.log");
        Path pid = dir.resolve("node.pid");
        Path config = dir.resolve("node.conf");
        Files.writeString(config, "port " + port + "\nbind 127.0.0.1\nsave \"\"\nlogfile " + log + "\npidfile " + pid
                + "\nlazyfree-lazy-eviction yes\nenable-debug-command local\n");
        Process process = launch(config.toString());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (RawClient client = new RawClient(port)) {
                return "+PONG\r\n".equals(client.callRaw("PING"));
            }
        });
        assertEquals(process.pid() + "\n", Files.readString(pid));
        String started = Files.readString(log);
        for (String line : List.of("# oO0OoO0OoO0Oo Vigil is starting oO0OoO0OoO0Oo", "# Configuration loaded",
                "* Running mode=standalone, port=" + port + ".", "# Server initialized",
                "Config directive 'lazyfree-lazy-eviction' is accepted but has no effect in Vigil (ignored)",
                "* Ready to accept connections")) {
            assertTrue(started.contains(line), "missing '" + line + "' in\n" + started);
        }
        assertTrue(started.matches("(?s)\\d+:C \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} # oO0Oo.*"), started);
        // SIGHUP reopens the log file (log rotation).
        Path rotated = dir.resolve("node.log.1");
        Files.move(log, rotated);
        Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
        assertEquals(0, hup.waitFor());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (RawClient client = new RawClient(port)) {
                client.call("DEBUG", "LOG", "after-rotation");
            }
            return Files.exists(log) && Files.readString(log).contains("DEBUG LOG: after-rotation");
        });
        process.destroy();
        assertEquals(0, exit(process));
        String ended = Files.readString(log);
        assertTrue(ended.contains("# Received SIGTERM scheduling shutdown..."), ended);
        assertTrue(ended.contains("# User requested shutdown..."), ended);
        assertTrue(ended.contains("* Removing the pid file."), ended);
        assertTrue(ended.endsWith("# Redis is now ready to exit, bye bye...\n"), ended);
        assertFalse(Files.exists(pid));
        assertEquals("", stdout(), "with a logfile nothing goes to stdout");
        assertEquals("", stderr(), "nothing goes to stderr");
    }

    @Test
    void shutdownCommandExitsZeroAndConfigFromStdin() throws Exception {
        int port = TestNodes.freePort();
        Process process = launch("-", "--save", "");
        process.getOutputStream().write(("port " + port + "\nbind 127.0.0.1\n").getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (RawClient client = new RawClient(port)) {
                return "+PONG\r\n".equals(client.callRaw("PING"));
            }
        });
        try (RawClient client = new RawClient(port)) {
            client.send("SHUTDOWN", "NOSAVE");
            assertTrue(client.closedByServer());
        }
        assertEquals(0, exit(process));
        assertTrue(stdout().contains("# Redis is now ready to exit, bye bye..."), stdout());
        assertEquals("", stderr());
    }

    /**
     * A load error found after the node started serving (past the first load slice) is as fatal
     * as one found before: redis-server exits 1, and so must vigil-node (it used to exit 0 through
     * the SHUTDOWN path). The dump is big enough for its load to outlast the first slice, and its
     * checksum, checked at the very end, is wrong.
     */
    @Test
    void loadErrorAfterStartExitsOne() throws Exception {
        writeDumpWithWrongChecksum(dir.resolve("dump.rdb"), 500_000);
        int port = TestNodes.freePort();
        Process process = launch("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--dir", dir.toString());
        int status = exit(process);
        String log = stdout();
        assertEquals(1, status, log);
        assertTrue(log.contains("# Fatal error loading the DB: Wrong RDB checksum"), "[" + log + "][" + stderr() + "]");
        assertFalse(log.contains("Redis is now ready to exit, bye bye..."), log);
        assertEquals("", stderr());
    }

    /**
     * An RDB of {@code keys} 64-byte strings whose trailing checksum is wrong (non-zero, so it is
     * checked), written directly: saving that many keys through a node takes far longer.
     */
    private static void writeDumpWithWrongChecksum(Path file, int keys) throws IOException {
        try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.write("REDIS0010".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[]{(byte) 0xFE, 0});
            byte[] value = "v".repeat(64).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < keys; i++) {
                byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
                out.write(0); // string
                out.write(key.length); // 6-bit length
                out.write(key);
                out.write(0x40 | (value.length >> 8)); // 14-bit length
                out.write(value.length & 0xFF);
                out.write(value);
            }
            out.write(0xFF);
            out.write(new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        }
    }

    /**
     * The launcher daemonizes the way redis-server does, after the configuration is read: the node
     * tells it so through a file, which a rejected configuration never creates.
     */
    @Test
    void daemonLauncherIsToldOnlyOfAnAcceptedConfiguration() throws Exception {
        Path marker = dir.resolve("configured");
        String property = "-D" + NodeMain.CONFIGURED_PROPERTY + "=" + marker;
        Process rejected = launch(List.of(property), "--port", "abc");
        assertEquals(1, exit(rejected));
        assertFalse(Files.exists(marker));
        int port = TestNodes.freePort();
        Process accepted = launch(List.of(property), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(marker));
            // SIGTERM is handled once the node runs (before that it kills, as it does redis-server).
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (RawClient client = new RawClient(port)) {
                    return "+PONG\r\n".equals(client.callRaw("PING"));
                }
            });
        } finally {
            accepted.destroy();
        }
        assertEquals(0, exit(accepted));
    }

    @Test
    void helpGoesToStderr() throws Exception {
        Process process = launch("--help");
        assertEquals(1, exit(process));
        assertTrue(stderr().startsWith("Usage: ./vigil-node [/path/to/redis.conf] [options] [-]"), stderr());
        assertTrue(new File(dir.toFile(), "stdout").length() == 0);
    }
}
