package io.vigil.tests.it;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real redis-server / redis-sentinel 7.0 child processes for end-to-end tests, on free loopback
 * ports. Tests skip when the binaries are absent, unless CI=true (then they must run).
 */
final class RealRedis implements AutoCloseable {
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    RealRedis(Path dir) {
        this.dir = dir;
    }

    static void assumeInstalled() {
        boolean present = new File("/usr/bin/redis-server").canExecute() || onPath("redis-server");
        if ("true".equals(System.getenv("CI"))) {
            if (!present) {
                throw new IllegalStateException("CI=true but redis-server is not installed");
            }
            return;
        }
        Assumptions.assumeTrue(present, "redis-server not installed");
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String p : path.split(File.pathSeparator)) {
            if (new File(p, name).canExecute()) {
                return true;
            }
        }
        return false;
    }

    static int freePort() {
        for (int i = 0; i < 200; i++) {
            int port = 20000 + ThreadLocalRandom.current().nextInt(10000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                s.setReuseAddress(true);
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** A redis-server on {@code port}; a replica of {@code masterPort} when it is above 0. */
    Process server(int port, int masterPort, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                "--logfile", dir.resolve("redis-" + port + ".log").toString()));
        if (masterPort > 0) {
            cmd.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
        }
        cmd.addAll(List.of(extra));
        return start(cmd, "redis-" + port);
    }

    /** A real redis-sentinel with the given sentinel.conf content. */
    Process sentinel(int port, String confBody) throws IOException {
        Path conf = dir.resolve("redis-sentinel-" + port + ".conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\nlogfile "
                + dir.resolve("redis-sentinel-" + port + ".log") + "\n" + confBody);
        return start(List.of("redis-sentinel", conf.toString()), "redis-sentinel-" + port);
    }

    private Process start(List<String> cmd, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** kill -9. */
    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor();
        }
    }
}
