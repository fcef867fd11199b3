package io.vigil.node;

import io.vigil.node.server.ServerLog;
import io.vigil.node.server.ServerSettings;

import java.util.List;

/** The vigil-node process: {@code vigil-node [configfile] [--directive value ...]}. */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerLog.captureLibraryLogging();
        int port = 6379;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        VigilNode node = VigilNode.create(new ServerSettings(List.of("127.0.0.1", "-::1"), port, 511, 300), 16, 10,
                NodeFeatures.standard());
        node.start();
        ServerLog.get().notice("Ready to accept connections tcp");
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    }
}
