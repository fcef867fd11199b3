package io.vigil.quorum;

/**
 * The vote a sentinel stored for one master: the run id it voted for and the epoch of that vote.
 * {@code leader} is null when no vote is known (e.g. after a restart, where only the epoch of the
 * last vote is persisted, as in sentinel.conf's {@code leader-epoch}).
 */
public record Ballot(String leader, long leaderEpoch) {
    public static final Ballot NONE = new Ballot(null, 0);

    public Ballot {
        if (leaderEpoch < 0) {
            throw new IllegalArgumentException("negative epoch " + leaderEpoch);
        }
    }

    /** Whether this ballot is a vote for {@code runId} in {@code epoch}. */
    public boolean isFor(String runId, long epoch) {
        return leader != null && leaderEpoch == epoch && leader.equalsIgnoreCase(runId);
    }
}
