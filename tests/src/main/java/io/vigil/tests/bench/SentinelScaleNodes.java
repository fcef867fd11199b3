package io.vigil.tests.bench;

import io.vigil.node.NodeFeatures;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ServerSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The master set of {@code scripts/bench/sentinel-scale}: N vigil-nodes in this one JVM, each on its
 * own ephemeral loopback port (distinct addresses, as distinct masters need), so that one sentinel
 * can watch hundreds of masters on a 2-core machine without hundreds of JVMs. Writes the ports, one a
 * line, to the given file once every node answers, then runs until killed.
 *
 * <p>Usage: {@code SentinelScaleNodes <count> <ports-file> [hz]} (run with the node jar on the classpath).
 */
public final class SentinelScaleNodes {
    private SentinelScaleNodes() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path portsFile = Path.of(args[1]);
        int hz = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<String> ports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            VigilNode node = VigilNode.create(new ServerSettings(List.of("127.0.0.1"), 0, 511, 0), 16, hz,
                    NodeFeatures.standard());
            node.start();
            ports.add(Integer.toString(node.port()));
        }
        Path tmp = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
        Files.write(tmp, ports);
        Files.move(tmp, portsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
