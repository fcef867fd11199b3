package io.vigil.quorum;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the ballots of one epoch (sentinel.c {@code sentinelGetLeader} without its side effect:
 * casting our own vote is a separate, explicit step through {@link Voter}).
 *
 * <p>Only ballots whose epoch equals the counted epoch are counted. Ties are broken by the smaller
 * run id so that the outcome never depends on iteration order.
 */
public final class VoteTally {
    private VoteTally() {
    }

    /**
     * @param ballots  every voter's known ballot, self included (voters without a known ballot may
     *                 be absent)
     * @param epoch    the epoch being decided
     * @param voters   number of sentinels that may vote (known sentinels + 1)
     * @param quorum   the master's quorum
     */
    public static LeaderVote count(Map<String, Ballot> ballots, long epoch, int voters, int quorum) {
        Map<String, Integer> counters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int cast = 0;
        for (Ballot b : ballots.values()) {
            if (b != null && b.leader() != null && b.leaderEpoch() == epoch) {
                counters.merge(b.leader(), 1, Integer::sum);
                cast++;
            }
        }
        String winner = null;
        int max = 0;
        for (Map.Entry<String, Integer> e : counters.entrySet()) {
            if (e.getValue() > max) {
                max = e.getValue();
                winner = e.getKey();
            }
        }
        VoteResult result;
        if (winner != null && QuorumRule.elects(max, voters, quorum)) {
            result = VoteResult.WON;
        } else {
            int outstanding = Math.max(0, voters - cast);
            // Could any run id still reach both thresholds with the votes not yet cast?
            result = QuorumRule.elects(max + outstanding, voters, quorum) ? VoteResult.PENDING : VoteResult.LOST;
        }
        return new LeaderVote(winner, max, voters, quorum, result);
    }
}
