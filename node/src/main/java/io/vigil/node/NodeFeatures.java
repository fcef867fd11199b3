package io.vigil.node;

import io.vigil.node.command.ConnectionCommands;
import io.vigil.node.repl.Replication;

import java.util.List;
import java.util.function.Function;

/**
 * The node's features in the order they are consulted. Order matters for refusals (Redis checks
 * OOM, then MISCONF, then NOREPLICAS, READONLY, MASTERDOWN, LOADING) and for start-up (data loads
 * before replication starts).
 */
public final class NodeFeatures {
    private NodeFeatures() {
    }

    public static List<Function<VigilNode, NodeFeature>> standard() {
        return List.of(
                ConnectionCommands::new,
                Replication::new);
    }
}
