package io.vigil.failover;

import java.util.ArrayList;
import java.util.List;

/**
 * RECONF_REPLICAS as a pure function (sentinel.c {@code sentinelFailoverReconfNextSlave} and
 * {@code sentinelFailoverDetectEnd}). At most {@code parallelSyncs} replicas are in SENT or
 * IN_PROGRESS at once.
 *
 * <p>One deliberate difference: the slave-reconf-timeout check runs for every SENT replica before
 * the parallel-syncs window is filled. In sentinel.c the check sits inside the loop that only runs
 * while the window has room, so with parallel-syncs 1 a stuck replica holds the window until the
 * whole failover times out. Treating the stuck replica as done is what Redis intends; the replica
 * is later fixed by {@code +fix-slave-config}, so nothing unsafe follows from doing it on time.
 */
public final class ReconfPlanner {
    private ReconfPlanner() {
    }

    /**
     * @param replicas              the master's replicas except the promoted one, in a stable order
     * @param parallelSyncs         the master's parallel-syncs
     * @param promotedUsable        the promoted replica is known and not SDOWN (otherwise done only
     *                              at failover-timeout)
     * @param stateChangedAtMillis  when RECONF_REPLICAS began
     */
    public static ReconfPlan plan(List<ReplicaReconf> replicas, int parallelSyncs, boolean promotedUsable,
                                  long stateChangedAtMillis, long nowMillis, FailoverTimeouts timeouts) {
        List<String> timedOut = new ArrayList<>();
        List<String> send = new ArrayList<>();
        int inProgress = 0;
        List<ReplicaReconf> current = new ArrayList<>(replicas.size());
        for (ReplicaReconf r : replicas) {
            if (r.status() == ReconfStatus.SENT && timeouts.replicaReconfExpired(r.sentAtMillis(), nowMillis)) {
                timedOut.add(r.name());
                r = new ReplicaReconf(r.name(), ReconfStatus.DONE, r.sentAtMillis(), r.connected(), r.subjectivelyDown());
            }
            if (r.status() == ReconfStatus.SENT || r.status() == ReconfStatus.IN_PROGRESS) {
                inProgress++;
            }
            current.add(r);
        }
        for (ReplicaReconf r : current) {
            if (inProgress >= Math.max(1, parallelSyncs)) {
                break;
            }
            if (r.status() != ReconfStatus.NONE || !r.connected()) {
                continue;
            }
            send.add(r.name());
            inProgress++;
        }
        boolean endForTimeout = timeouts.stateExpired(stateChangedAtMillis, nowMillis);
        if (!promotedUsable) {
            // sentinel.c waits here without any limit while the promoted replica is SDOWN, so a
            // leader whose new master dies during reconfiguration stays in reconf_slaves for ever
            // (and, still announcing the old address, cannot vote for failing the new one over).
            // We end it at failover-timeout like any other reconfiguration: the switch to the
            // promoted replica is what the winning epoch decided; if it is dead, the normal SDOWN
            // and ODOWN path fails it over again.
            return new ReconfPlan(timedOut, send, endForTimeout, List.of(), endForTimeout);
        }
        int notDone = 0;
        for (ReplicaReconf r : current) {
            if (r.status() != ReconfStatus.DONE && !r.subjectivelyDown()) {
                notDone++;
            }
        }
        List<String> bestEffort = new ArrayList<>();
        if (endForTimeout) {
            for (ReplicaReconf r : current) {
                if (r.status() == ReconfStatus.NONE && r.connected() && !send.contains(r.name())) {
                    bestEffort.add(r.name());
                }
            }
        }
        return new ReconfPlan(timedOut, send, endForTimeout, bestEffort, endForTimeout || notDone == 0);
    }
}
