package io.vigil.node;

import io.vigil.node.command.AclCommands;
import io.vigil.node.command.BitmapCommands;
import io.vigil.node.command.BlockingCommands;
import io.vigil.node.command.ClientCommand;
import io.vigil.node.command.CommandCommand;
import io.vigil.node.command.ConfigCommand;
import io.vigil.node.command.ConnectionCommands;
import io.vigil.node.command.DebugCommand;
import io.vigil.node.command.DumpCommands;
import io.vigil.node.command.GeoCommands;
import io.vigil.node.command.HashCommands;
import io.vigil.node.command.HyperLogLogCommands;
import io.vigil.node.command.InfoCommand;
import io.vigil.node.command.KeyCommands;
import io.vigil.node.command.KeyspaceEvents;
import io.vigil.node.command.ListCommands;
import io.vigil.node.command.PersistenceCommands;
import io.vigil.node.command.PubSubCommands;
import io.vigil.node.command.ServerCommands;
import io.vigil.node.command.SetCommands;
import io.vigil.node.command.SortCommands;
import io.vigil.node.command.SortedSetCommands;
import io.vigil.node.command.StringCommands;
import io.vigil.node.command.TransactionCommands;
import io.vigil.node.metrics.NodeMetrics;
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
                AclCommands::new,
                ConnectionCommands::new,
                ClientCommand::new,
                TransactionCommands::new,
                PubSubCommands::new,
                KeyspaceEvents::new,
                StringCommands::new,
                BitmapCommands::new,
                HyperLogLogCommands::new,
                KeyCommands::new,
                HashCommands::new,
                ListCommands::new,
                SetCommands::new,
                SortedSetCommands::new,
                SortCommands::new,
                GeoCommands::new,
                BlockingCommands::new,
                DumpCommands::new,
                InfoCommand::new,
                ServerCommands::new,
                CommandCommand::new,
                ConfigCommand::new,
                DebugCommand::new,
                PersistenceCommands::new,
                Replication::new,
                // Last: its HTTP listener opens once the data is loaded and replication started.
                NodeMetrics::new);
    }
}
