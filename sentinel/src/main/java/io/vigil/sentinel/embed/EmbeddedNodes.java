package io.vigil.sentinel.embed;

import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.conf.NodeConfig;
import io.vigil.node.NodeFeature;
import io.vigil.node.NodeFeatures;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ServerSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds in-process vigil-nodes from redis.conf lines, with the standard features. Data command
 * families that exist in the node module but are not yet listed in {@link NodeFeatures#standard()}
 * (String and generic key commands) are added by name, so the topology answers SET/GET whichever
 * the node module's state; once they are standard nothing is added twice.
 */
final class EmbeddedNodes {
    private static final String[] DATA_FEATURES = {
            "io.vigil.node.command.StringCommands",
            "io.vigil.node.command.KeyCommands",
    };
    private static List<Function<VigilNode, NodeFeature>> features;

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
            } catch (io.vigil.node.server.RespServer.BindFailure e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
        VigilNode node = VigilNode.create(config, features());
        try {
            return node.start();
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    static synchronized List<Function<VigilNode, NodeFeature>> features() {
        if (features != null) {
            return features;
        }
        List<Function<VigilNode, NodeFeature>> list = new ArrayList<>(NodeFeatures.standard());
        VigilNode probe = VigilNode.create(new ServerSettings(List.of("127.0.0.1"), 0, 511, 0), 16, 10, list);
        boolean hasSet = probe.commands().lookup("set") != null;
        probe.server().closeAsync();
        if (!hasSet) {
            for (String name : DATA_FEATURES) {
                Function<VigilNode, NodeFeature> factory = reflective(name);
                if (factory != null) {
                    list.add(factory);
                }
            }
        }
        features = List.copyOf(list);
        return features;
    }

    private static Function<VigilNode, NodeFeature> reflective(String className) {
        try {
            var constructor = Class.forName(className).asSubclass(NodeFeature.class).getConstructor(VigilNode.class);
            return node -> {
                try {
                    return constructor.newInstance(node);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }
}
