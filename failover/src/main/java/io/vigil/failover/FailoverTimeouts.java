package io.vigil.failover;

/**
 * The time rules of a failover attempt, as in sentinel.c:
 * <ul>
 *   <li>an attempt is abandoned if not elected within min(election-timeout, failover-timeout) of its
 *       start time;</li>
 *   <li>SEND_REPLICAOF_NO_ONE and WAIT_PROMOTION each give up after failover-timeout;</li>
 *   <li>RECONF_REPLICAS ends (for timeout) after failover-timeout;</li>
 *   <li>a replica sent SLAVEOF without progress for slave-reconf-timeout counts as done;</li>
 *   <li>the next attempt for the same master may start 2 x failover-timeout after the previous
 *       start time (which also serves as the "I voted for someone else" back-off).</li>
 * </ul>
 */
public record FailoverTimeouts(long failoverTimeoutMillis, long electionTimeoutMillis, long replicaReconfTimeoutMillis) {
    public FailoverTimeouts {
        if (failoverTimeoutMillis <= 0 || electionTimeoutMillis <= 0 || replicaReconfTimeoutMillis <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public long electionTimeoutEffectiveMillis() {
        return Math.min(electionTimeoutMillis, failoverTimeoutMillis);
    }

    public boolean electionExpired(long startTimeMillis, long nowMillis) {
        return nowMillis - startTimeMillis > electionTimeoutEffectiveMillis();
    }

    public boolean stateExpired(long stateChangedAtMillis, long nowMillis) {
        return nowMillis - stateChangedAtMillis > failoverTimeoutMillis;
    }

    public boolean replicaReconfExpired(long sentAtMillis, long nowMillis) {
        return nowMillis - sentAtMillis > replicaReconfTimeoutMillis;
    }

    /** Earliest time a new automatic attempt may start, given the last start time (0 = never). */
    public long nextAttemptAtMillis(long lastStartTimeMillis) {
        return lastStartTimeMillis == 0 ? 0 : lastStartTimeMillis + 2 * failoverTimeoutMillis;
    }

    public boolean mayStart(long lastStartTimeMillis, long nowMillis) {
        return lastStartTimeMillis == 0 || nowMillis - lastStartTimeMillis >= 2 * failoverTimeoutMillis;
    }
}
