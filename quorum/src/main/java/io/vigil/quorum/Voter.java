package io.vigil.quorum;

/**
 * The one-vote-per-epoch rule (sentinel.c {@code sentinelVoteLeader}), as a pure function.
 *
 * <p>A request (epoch E, candidate R) first raises the current epoch to E if E is larger. A new
 * vote is cast only when the stored ballot is older than E and the current epoch is not beyond E;
 * otherwise the stored ballot is returned unchanged. Because the stored ballot's epoch only grows
 * and a vote is cast only for an epoch strictly larger than it, at most one vote exists per epoch,
 * provided the caller persists the decision before replying ({@link VoteDecision#mustPersist}).
 */
public final class Voter {
    private Voter() {
    }

    public static VoteDecision vote(long currentEpoch, Ballot stored, long requestEpoch, String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            throw new IllegalArgumentException("candidate run id required");
        }
        if (requestEpoch < 0) {
            return new VoteDecision(currentEpoch, stored, false, false);
        }
        boolean advanced = false;
        if (requestEpoch > currentEpoch) {
            currentEpoch = requestEpoch;
            advanced = true;
        }
        if (stored.leaderEpoch() < requestEpoch && currentEpoch <= requestEpoch) {
            return new VoteDecision(currentEpoch, new Ballot(candidate, currentEpoch), true, advanced);
        }
        return new VoteDecision(currentEpoch, stored, false, advanced);
    }
}
