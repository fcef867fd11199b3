package io.vigil.sentinel.observe;

import io.vigil.failover.Ranking;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The brain reads the tracker needs at the moments events are emitted (on the event loop). An
 * interface so that the tracker is tested with plain event sequences.
 */
public interface FailoverProbe {
    /** This sentinel's id. */
    String myId();

    /** {@code auto}, {@code manual} or {@code coordinated} for the master's running failover. */
    Optional<String> kind(String master);

    /** The epoch of the master's running failover, or empty when unknown. */
    OptionalLong failoverEpoch(String master);

    /** The sentinel's current epoch. */
    default OptionalLong currentEpoch() {
        return OptionalLong.empty();
    }

    /** The master's config epoch (the failover epoch that produced its current address). */
    OptionalLong configEpoch(String master);

    Optional<Ranking> ranking(String master);

    /** master_repl_offset from the master's last INFO, when one was received. */
    OptionalLong masterOffset(String master);

    /** Every known replica's offset ({@code ip:port} to slave_repl_offset). */
    Map<String, Long> replicaOffsets(String master);

    /** The other sentinels' votes known for this master and epoch (sentinel id to leader). */
    Map<String, String> peerVotes(String master, long epoch);

    /** A probe that knows nothing (tests, or before the brain exists). */
    FailoverProbe NONE = new FailoverProbe() {
        @Override
        public String myId() {
            return null;
        }

        @Override
        public Optional<String> kind(String master) {
            return Optional.empty();
        }

        @Override
        public OptionalLong failoverEpoch(String master) {
            return OptionalLong.empty();
        }

        @Override
        public OptionalLong configEpoch(String master) {
            return OptionalLong.empty();
        }

        @Override
        public Optional<Ranking> ranking(String master) {
            return Optional.empty();
        }

        @Override
        public OptionalLong masterOffset(String master) {
            return OptionalLong.empty();
        }

        @Override
        public Map<String, Long> replicaOffsets(String master) {
            return Map.of();
        }

        @Override
        public Map<String, String> peerVotes(String master, long epoch) {
            return Map.of();
        }
    };
}
