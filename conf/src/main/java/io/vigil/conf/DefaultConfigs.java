package io.vigil.conf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The embedded default node config ({@code io/vigil/conf/default-node.conf}). It is comment-only on
 * purpose: vigil-node with no arguments behaves like redis-server with none and uses Redis's
 * built-in defaults ({@link NodeConfig#defaults}).
 */
public final class DefaultConfigs {
    private DefaultConfigs() {
    }

    /** The resource text. */
    public static String defaultNodeConfig() {
        try (InputStream in = DefaultConfigs.class.getResourceAsStream("default-node.conf")) {
            if (in == null) {
                throw new IllegalStateException("default-node.conf missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
