package io.vigil.sentinel.embed;

import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.conf.NodeConfig;
import io.vigil.node.NodeFeatures;
import io.vigil.node.VigilNode;
import io.vigil.node.server.RespServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/** Builds in-process vigil-nodes from redis.conf lines, with the standard features. */
final class EmbeddedNodes {
    private EmbeddedNodes() {
    }

    /**
     * Starts a node on a free port. The port is chosen before the start rather than bound as port
     * 0: a replica announces its port (REPLCONF listening-port) when its link starts, which can be
     * before the listener is bound, and the master would then list it as port 0. A port taken by
     * someone else in between makes the bind fail: another port is tried.
     */
    static VigilNode start(Path dir, List<String> lines) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(dir, freePort(), lines);
            } catch (RespServer.BindFailure e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static VigilNode start(Path dir, int port, List<String> lines) throws Exception {
        StringBuilder text = new StringBuilder();
        text.append("bind 127.0.0.1\nport ").append(port).append("\nsave \"\"\nappendonly no\n");
        // Replicas link at once: no 5 s wait for more replicas before a diskless transfer.
        text.append("repl-diskless-sync-delay 0\n");
        text.append("dir \"").append(dir).append("\"\n");
        for (String line : lines) {
            text.append(line).append('\n');
        }
        NodeConfig config = ConfigLoader.loadString(text.toString(), "(vigil-topology)",
                LoadOptions.defaults(dir), false).config();
        VigilNode node = VigilNode.create(config, NodeFeatures.standard());
        try {
            return node.start();
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }
}
