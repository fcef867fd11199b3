package io.vigil.sentinel.observe;

import io.vigil.failover.Ranking;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A probe whose answers the test sets. */
final class FakeProbe implements FailoverProbe {
    String myId = "me";
    String kind;
    Long failoverEpoch;
    long configEpoch;
    Ranking ranking;
    Long masterOffset;
    final Map<String, Long> replicaOffsets = new LinkedHashMap<>();
    final Map<String, String> peerVotes = new LinkedHashMap<>();

    @Override
    public String myId() {
        return myId;
    }

    @Override
    public Optional<String> kind(String master) {
        return Optional.ofNullable(kind);
    }

    @Override
    public OptionalLong failoverEpoch(String master) {
        return failoverEpoch == null ? OptionalLong.empty() : OptionalLong.of(failoverEpoch);
    }

    @Override
    public OptionalLong configEpoch(String master) {
        return OptionalLong.of(configEpoch);
    }

    @Override
    public Optional<Ranking> ranking(String master) {
        return Optional.ofNullable(ranking);
    }

    @Override
    public OptionalLong masterOffset(String master) {
        return masterOffset == null ? OptionalLong.empty() : OptionalLong.of(masterOffset);
    }

    @Override
    public Map<String, Long> replicaOffsets(String master) {
        return replicaOffsets;
    }

    @Override
    public Map<String, String> peerVotes(String master, long epoch) {
        return peerVotes;
    }
}
