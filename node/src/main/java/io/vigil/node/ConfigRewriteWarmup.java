package io.vigil.node;

import io.vigil.conf.NodeConfig;
import io.vigil.conf.RewriteOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a CONFIG REWRITE of the node's config file once, in the background, and throws the
 * result away. The first rewrite in a JVM bootstraps the record equals/hashCode method handles
 * of every typed value and loads the rewrite classes: about 100 ms, and the first rewrite usually
 * happens inside a sentinel's promotion transaction (SLAVEOF NO ONE, CONFIG REWRITE), on the
 * critical path of a failover. The render uses a fresh default config, so it neither takes the live
 * config's lock nor writes anything.
 */
public final class ConfigRewriteWarmup {
    private ConfigRewriteWarmup() {
    }

    /** Starts the render on a low-priority daemon thread after {@code delayMillis}. */
    public static void startInBackground(Path configFile, long delayMillis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(delayMillis);
                render(configFile);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | IOException e) {
                // Only a warm-up: the real CONFIG REWRITE reports its own errors.
            }
        }, "vigil-rewrite-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The rewrite of {@code configFile}'s content against default values (nothing is written). */
    static String render(Path configFile) throws IOException {
        String old = Files.exists(configFile)
                ? new String(Files.readAllBytes(configFile), StandardCharsets.ISO_8859_1) : "";
        Path dir = configFile.toAbsolutePath().getParent();
        return NodeConfig.defaults(dir == null ? Path.of("").toAbsolutePath() : dir)
                .rewrite(old, new RewriteOptions(null, List.of()));
    }
}
