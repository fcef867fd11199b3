package io.vigil.node.repl;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server on a free loopback port for interoperability tests. Skips the test when the
 * binary is absent, unless CI=true (then it fails).
 */
final class RedisProcess implements AutoCloseable {
    private final Process process;
    final int port;
    final Path dir;
    final Path log;

    private RedisProcess(Process process, int port, Path dir, Path log) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.log = log;
    }

    static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(d, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("redis-server is required in CI but was not found on PATH");
        }
        Assumptions.abort("redis-server not found: skipping interoperability test");
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static RedisProcess start(String... extra) throws Exception {
        return startOnPort(freePort(), extra);
    }

    static RedisProcess startOnPort(int port, String... extra) throws Exception {
        String binary = binary();
        Path dir = Files.createTempDirectory("vigil-repl-redis");
        Path log = dir.resolve("redis.log");
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--daemonize", "no", "--save", "", "--appendonly", "no",
                "--logfile", log.toString(), "--repl-diskless-sync-delay", "0"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout").toFile()).start();
        RedisProcess redis = new RedisProcess(process, port, dir, log);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited");
                }
                try (RespClient c = new RespClient(port)) {
                    Object reply = c.call("PING");
                    return "PONG".equals(reply) || reply instanceof RespClient.Error e && e.text().startsWith("NOAUTH");
                }
            });
        } catch (RuntimeException e) {
            redis.close();
            throw new AssertionError("redis-server did not start", e);
        }
        return redis;
    }

    RespClient client() throws IOException {
        return new RespClient(port);
    }

    /** INFO fields of one section as a map. */
    Map<String, String> info(String section) throws IOException {
        try (RespClient c = client()) {
            return parseInfo(c.str("INFO", section));
        }
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash would. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
