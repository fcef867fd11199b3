package io.vigil.failover;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Result of ranking: candidates best first, and every excluded replica with the first reason that
 * excluded it (kept so that "why was nothing promoted?" can be answered later).
 */
public record Ranking(List<ReplicaCandidate> candidates, Map<String, Exclusion> excluded) {
    public Ranking {
        candidates = List.copyOf(candidates);
        excluded = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(excluded));
    }

    public Optional<ReplicaCandidate> best() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }
}
