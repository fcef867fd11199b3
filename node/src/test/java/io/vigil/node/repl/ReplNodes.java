package io.vigil.node.repl;

import io.vigil.node.NodeFeature;
import io.vigil.node.NodeFeatures;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ServerSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** In-process nodes for replication tests, closed together. */
final class ReplNodes implements AutoCloseable {
    private final List<VigilNode> nodes = new ArrayList<>();

    VigilNode start() throws Exception {
        return start(r -> {
        });
    }

    VigilNode startOnPort(int port) throws Exception {
        return start(port, r -> {
        });
    }

    VigilNode start(java.util.function.Consumer<Replication> setup) throws Exception {
        return start(0, setup);
    }

    VigilNode start(int port, java.util.function.Consumer<Replication> setup) throws Exception {
        List<Function<VigilNode, NodeFeature>> features = new ArrayList<>(NodeFeatures.standard());
        features.add(TestStrings::new);
        VigilNode node = VigilNode.create(new ServerSettings(List.of("127.0.0.1"), port, 511, 0), 16, 10, features);
        Replication repl = node.feature(Replication.class);
        repl.settings().disklessSyncDelaySeconds(0);
        setup.accept(repl);
        nodes.add(node);
        node.start();
        return node;
    }

    static Replication repl(VigilNode node) {
        return node.feature(Replication.class);
    }

    /** Reads replication state on the node's loop. */
    static <T> T on(VigilNode node, java.util.concurrent.Callable<T> task) {
        return node.server().call(task);
    }

    static LinkState link(VigilNode node) {
        return on(node, () -> repl(node).linkState());
    }

    static long offset(VigilNode node) {
        return on(node, () -> repl(node).masterReplOffset());
    }

    @Override
    public void close() {
        for (VigilNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }
}
