package io.vigil.conf;

import java.util.List;

/**
 * A {@code sentinel ...} line queued for the sentinel's own parser (sentinel mode only), with where it
 * came from so the sentinel can report errors in Redis's format via {@link #error(String)}.
 *
 * @param args the words after "sentinel" (e.g. ["monitor", "mymaster", "127.0.0.1", "6379", "2"])
 * @param source the file path, "(stdin)" or "(command line)"
 * @param sourceLine 1-based line in {@code source}
 * @param redisLine the line number Redis would print
 * @param lineText the trimmed line
 */
public record SentinelDirective(List<String> args, String source, int sourceLine, int redisLine, String lineText) {
    public SentinelDirective {
        args = List.copyOf(args);
    }

    /** A fatal config error for this line, e.g. {@code error("Quorum must be 1 or greater.")}. */
    public ConfigException error(String reason) {
        return new ConfigException(ConfigException.Kind.FATAL_BLOCK, source, sourceLine, redisLine, lineText, reason);
    }
}
