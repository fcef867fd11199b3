package io.vigil.node.aof;

import io.vigil.conf.CommandLine;
import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.conf.NodeConfig;
import io.vigil.node.VigilNode;
import io.vigil.node.rdb.PersistenceNodes;
import io.vigil.node.server.ServerLog;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A vigil-node process for the crash test, started like {@code vigil-node --directive value ...}
 * with every data command available (the test-side stand-in for NodeMain while the standard
 * feature list is still being assembled). It runs until killed.
 */
public final class CrashTestNodeMain {
    private CrashTestNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerLog.captureLibraryLogging();
        Path cwd = Path.of("").toAbsolutePath();
        NodeConfig config = ConfigLoader.load(CommandLine.parse("vigil-node", Arrays.asList(args), cwd),
                LoadOptions.defaults(cwd)).config();
        VigilNode node = VigilNode.create(config, PersistenceNodes.features());
        node.start();
        ServerLog.get().notice("Ready to accept connections tcp");
    }
}
