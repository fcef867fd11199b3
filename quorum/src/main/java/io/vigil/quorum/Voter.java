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

    /** Redis's rule: a vote also needs {@code currentEpoch <= requestEpoch}. */
    public static VoteDecision vote(long currentEpoch, Ballot stored, long requestEpoch, String candidate) {
        return vote(currentEpoch, stored, requestEpoch, candidate, false);
    }

    /**
     * @param perMasterEpochs  when true, drop Redis's extra condition {@code currentEpoch <= E}.
     *     That condition couples unrelated masters through the one global epoch: when many masters
     *     fail together (redis/redis#12865, #4334) every request raises each voter's epoch, so the
     *     requests for the other masters, made with lower epochs a moment earlier, are refused and
     *     the elections abort. One vote per (master, epoch) needs only the stored ballot's epoch to
     *     grow, which this rule keeps; config epochs still come from the global counter, so they
     *     stay unique and ordered.
     */
    public static VoteDecision vote(long currentEpoch, Ballot stored, long requestEpoch, String candidate,
                                    boolean perMasterEpochs) {
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
        if (stored.leaderEpoch() < requestEpoch && (perMasterEpochs || currentEpoch <= requestEpoch)) {
            return new VoteDecision(currentEpoch, new Ballot(candidate, requestEpoch), true, advanced);
        }
        return new VoteDecision(currentEpoch, stored, false, advanced);
    }
}
