package io.vigil.failover;

/**
 * The master-side facts the ranking rules depend on.
 *
 * @param masterSubjectivelyDown   whether the master is SDOWN here
 * @param masterDownForMillis      ms since the master became SDOWN (0 if it is not)
 * @param downAfterMillis          the master's down-after-milliseconds
 * @param pingPeriodMillis         ping-period (1000)
 * @param infoPeriodMillis         info-period (10000)
 */
public record RankingContext(boolean masterSubjectivelyDown, long masterDownForMillis, long downAfterMillis,
                             long pingPeriodMillis, long infoPeriodMillis) {
    /** INFO must be younger than this for a replica to be a candidate. */
    public long maxInfoAgeMillis() {
        return masterSubjectivelyDown ? 5 * pingPeriodMillis : 3 * infoPeriodMillis;
    }

    /** master-link-down-time must not exceed this. */
    public long maxMasterLinkDownMillis() {
        return (masterSubjectivelyDown ? masterDownForMillis : 0) + 10 * downAfterMillis;
    }
}
