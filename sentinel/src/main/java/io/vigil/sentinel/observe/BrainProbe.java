package io.vigil.sentinel.observe;

import io.vigil.failover.Ranking;
import io.vigil.sentinel.core.InfoCacheEntry;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.core.SentinelBrain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link FailoverProbe} over a live brain. Must be called on the daemon's event loop, as every
 * brain read. The master's offset is not part of the brain's master view, so it is read from the
 * master's cached INFO text (SENTINEL INFO-CACHE's data).
 */
public final class BrainProbe implements FailoverProbe {
    private final Supplier<SentinelBrain> brain;
    private final LongSupplier clock;

    public BrainProbe(Supplier<SentinelBrain> brain, LongSupplier clock) {
        this.brain = brain;
        this.clock = clock;
    }

    @Override
    public String myId() {
        SentinelBrain b = brain.get();
        return b == null ? null : b.myId();
    }

    @Override
    public OptionalLong currentEpoch() {
        SentinelBrain b = brain.get();
        return b == null ? OptionalLong.empty() : OptionalLong.of(b.currentEpoch());
    }

    private Optional<InstanceView> master(String name) {
        SentinelBrain b = brain.get();
        return b == null || name == null ? Optional.empty() : b.master(name, clock.getAsLong());
    }

    @Override
    public Optional<String> kind(String master) {
        SentinelBrain b = brain.get();
        return b == null ? Optional.empty() : b.failoverKind(master).map(k -> k.wireName());
    }

    @Override
    public OptionalLong failoverEpoch(String master) {
        return master(master).filter(v -> v.failoverEpoch() > 0)
                .map(v -> OptionalLong.of(v.failoverEpoch())).orElse(OptionalLong.empty());
    }

    @Override
    public OptionalLong configEpoch(String master) {
        return master(master).map(v -> OptionalLong.of(v.configEpoch())).orElse(OptionalLong.empty());
    }

    @Override
    public Optional<Ranking> ranking(String master) {
        SentinelBrain b = brain.get();
        return b == null ? Optional.empty() : b.ranking(master, clock.getAsLong());
    }

    @Override
    public OptionalLong masterOffset(String master) {
        SentinelBrain b = brain.get();
        if (b == null) {
            return OptionalLong.empty();
        }
        List<InfoCacheEntry> l = b.infoCache(clock.getAsLong(), List.of(master)).get(master);
        if (l == null || l.isEmpty()) {
            return OptionalLong.empty();
        }
        return InfoText.longField(l.get(0).infoText(), "master_repl_offset");
    }

    @Override
    public Map<String, Long> replicaOffsets(String master) {
        SentinelBrain b = brain.get();
        Map<String, Long> out = new LinkedHashMap<>();
        if (b != null) {
            for (InstanceView r : b.replicas(master, clock.getAsLong()).orElse(List.of())) {
                out.put(r.name(), r.replOffset());
            }
        }
        return out;
    }

    @Override
    public Map<String, String> peerVotes(String master, long epoch) {
        SentinelBrain b = brain.get();
        Map<String, String> out = new LinkedHashMap<>();
        if (b != null) {
            for (InstanceView s : b.sentinels(master, clock.getAsLong()).orElse(List.of())) {
                if (s.votedLeader() != null && s.votedLeaderEpoch() == epoch) {
                    out.put(s.name(), s.votedLeader());
                }
            }
        }
        return out;
    }
}
