package io.vigil.node.rdb;

import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.Jedis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server 7.0 (or redis-check-rdb) for differential tests. Tests skip when the binary
 * is missing, except in CI ({@code CI=true}) where its absence is a failure.
 */
public final class RealRedis implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private RealRedis(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The path of a Redis binary, or a skipped test (a failure in CI). */
    public static String require(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, binary);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(binary + " is required in CI but was not found on PATH");
        }
        Assumptions.abort(binary + " not found on PATH: skipping the comparison with real Redis");
        return null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts redis-server in {@code dir} loading/saving {@code dump.rdb}, with extra arguments. */
    public static RealRedis start(Path dir, String... extra) throws Exception {
        String binary = require("redis-server");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--dbfilename", "dump.rdb", "--daemonize", "no", "--save", "",
                "--appendonly", "no"));
        command.addAll(List.of(extra));
        Path log = Files.createTempFile("real-redis", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealRedis redis = new RealRedis(process, port, log);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited: " + Files.readString(log));
                }
                try (Jedis jedis = redis.client()) {
                    return "PONG".equals(jedis.ping());
                }
            });
        } catch (RuntimeException e) {
            redis.close();
            throw new AssertionError("redis-server did not start: " + Files.readString(log), e);
        }
        return redis;
    }

    public int port() {
        return port;
    }

    public Jedis client() {
        return new Jedis("127.0.0.1", port, 5000);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Runs redis-check-rdb on a file; returns its exit code and output. */
    public static CheckResult checkRdb(Path file) throws Exception {
        String binary = require("redis-check-rdb");
        Process process = new ProcessBuilder(binary, file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = process.waitFor();
        return new CheckResult(code, output);
    }

    public record CheckResult(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0 && output.contains("RDB looks OK");
        }
    }
}
