package io.vigil.quorum;

/**
 * The two counting rules of Sentinel: ODOWN needs {@code quorum} sentinels agreeing that a master
 * is down; a failover leader needs a majority of every sentinel known for the master and, at the
 * same time, at least {@code quorum} votes.
 */
public final class QuorumRule {
    private QuorumRule() {
    }

    /** Votes needed for a majority of {@code voters} (Redis: {@code voters/2+1}). */
    public static int majority(int voters) {
        if (voters < 1) {
            throw new IllegalArgumentException("voters must be >= 1: " + voters);
        }
        return voters / 2 + 1;
    }

    /** Whether {@code agreeing} sentinels (self included) reach the ODOWN quorum. */
    public static boolean objectivelyDown(int agreeing, int quorum) {
        return agreeing >= quorum;
    }

    /** Whether {@code votes} elect a leader among {@code voters} sentinels with this quorum. */
    public static boolean elects(int votes, int voters, int quorum) {
        return votes >= majority(voters) && votes >= quorum;
    }
}
