package io.vigil.conf;

import java.util.List;

/**
 * What loading produced: the node config, and in sentinel mode the queued {@code sentinel} lines in
 * file order (the sentinel applies them in its own order: pre-monitor keys, monitor, the rest).
 */
public record LoadResult(NodeConfig config, List<SentinelDirective> sentinelDirectives) {
    public LoadResult {
        sentinelDirectives = List.copyOf(sentinelDirectives);
    }
}
