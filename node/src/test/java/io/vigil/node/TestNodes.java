package io.vigil.node;

import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.conf.NodeConfig;
import io.vigil.node.server.ServerSettings;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Shared helpers for node tests: in-process nodes on a free loopback port, and the real Redis tools
 * (skipped when absent, required when CI=true).
 */
public final class TestNodes {
    private TestNodes() {
    }

    /** A node with the standard features on 127.0.0.1 and an ephemeral port, started. */
    public static VigilNode start() {
        try {
            return VigilNode.create(new ServerSettings(List.of("127.0.0.1"), 0, 511, 0), 16, 10, features()).start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A node configured by redis.conf lines (plus {@code bind 127.0.0.1}, {@code port 0} and
     * {@code save ""} unless given), started.
     */
    public static VigilNode start(String... configLines) {
        StringBuilder text = new StringBuilder("bind 127.0.0.1\nport 0\nsave \"\"\n");
        try {
            // A config makes persistence active: keep its files out of the build directory.
            Path dir = java.nio.file.Files.createTempDirectory("vigil-node-test");
            dir.toFile().deleteOnExit();
            text.append("dir ").append(dir).append('\n');
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String line : configLines) {
            text.append(line).append('\n');
        }
        try {
            NodeConfig config = ConfigLoader.loadString(text.toString(), "(test)",
                    LoadOptions.defaults(Path.of("").toAbsolutePath()), false).config();
            return VigilNode.create(config, features()).start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The standard features, as the process runs them. */
    /** Appends every command the node propagates (what replicas and the AOF get) to {@code into}, as space-joined text. */
    public static void recordPropagation(VigilNode node, List<String> into) {
        node.server().call(() -> {
            node.propagation().addSink(argv -> {
                StringBuilder text = new StringBuilder();
                for (byte[] arg : argv) {
                    text.append(text.length() == 0 ? "" : " ").append(new String(arg, java.nio.charset.StandardCharsets.UTF_8));
                }
                into.add(text.toString());
            });
            return null;
        });
    }

    public static List<Function<VigilNode, NodeFeature>> features() {
        return new ArrayList<>(NodeFeatures.standard());
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The path of a Redis tool (redis-server, redis-cli, redis-check-rdb). The calling test is
     * skipped when it is missing, and fails when CI=true.
     */
    public static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(name + " is required in CI but was not found on PATH");
        }
        Assumptions.abort(name + " not found on PATH: skipping");
        return null;
    }
}
