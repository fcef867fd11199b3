package io.vigil.sentinel.embed;

import io.vigil.node.server.ServerLog;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The node's log is one per JVM ({@link ServerLog}) and writes to stdout unless a file is opened.
 * While topologies run, it goes to the first topology's directory so that a user's test output (or
 * the demo's table) is not flooded; when the last topology closes, stdout is restored. A log file
 * someone else opened is left alone.
 */
final class NodeLogRedirect {
    private static int users;
    private static boolean redirected;

    private NodeLogRedirect() {
    }

    static synchronized void acquire(Path file) {
        users++;
        if (users == 1 && ServerLog.get().path().isEmpty()) {
            try {
                ServerLog.get().open(file.toString());
                redirected = true;
            } catch (IOException e) {
                redirected = false;
            }
        }
    }

    static synchronized void release() {
        users--;
        if (users == 0 && redirected) {
            redirected = false;
            try {
                ServerLog.get().open("");
            } catch (IOException ignored) {
                // stdout cannot fail to open
            }
        }
    }
}
