package io.vigil.failover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Promotion order, as sentinel.c {@code sentinelSelectSlave} / {@code compareSlavesForPromotion}:
 * excluded are replicas that are SDOWN or ODOWN, that report role:master with a priority not known
 * yet (our addition), disconnected, without a valid PING reply within
 * 5 x ping-period, with priority 0, with INFO older than {@link RankingContext#maxInfoAgeMillis},
 * or whose link to the master has been down longer than
 * {@link RankingContext#maxMasterLinkDownMillis}. The rest are ordered by lowest priority, then
 * highest replication offset, then smallest run id (case-insensitive; unknown run id last).
 */
public final class ReplicaRanking {
    private ReplicaRanking() {
    }

    public static final Comparator<ReplicaCandidate> PROMOTION_ORDER = (a, b) -> {
        if (a.priority() != b.priority()) {
            return Integer.compare(a.priority(), b.priority());
        }
        if (a.replOffset() != b.replOffset()) {
            return a.replOffset() > b.replOffset() ? -1 : 1;
        }
        if (a.runId() == null && b.runId() == null) {
            return a.name().compareTo(b.name());
        }
        if (a.runId() == null) {
            return 1;
        }
        if (b.runId() == null) {
            return -1;
        }
        int c = a.runId().compareToIgnoreCase(b.runId());
        return c != 0 ? c : a.name().compareTo(b.name());
    };

    /** The first reason excluding this replica, or null if it is a candidate. */
    public static Exclusion exclusion(ReplicaCandidate r, RankingContext ctx) {
        if (r.subjectivelyDown()) {
            return Exclusion.SUBJECTIVELY_DOWN;
        }
        if (r.objectivelyDown()) {
            return Exclusion.OBJECTIVELY_DOWN;
        }
        if (r.disconnected()) {
            return Exclusion.DISCONNECTED;
        }
        if (r.lastValidReplyAgeMillis() > 5 * ctx.pingPeriodMillis()) {
            return Exclusion.STALE_PING;
        }
        if (r.priority() == 0) {
            return Exclusion.PRIORITY_ZERO;
        }
        if (r.infoAgeMillis() > ctx.maxInfoAgeMillis()) {
            return Exclusion.STALE_INFO;
        }
        if (r.masterLinkDownMillis() > ctx.maxMasterLinkDownMillis()) {
            return Exclusion.MASTER_LINK_DOWN_TOO_LONG;
        }
        // Not in Redis: INFO shows slave_priority only for replicas, so for a replica that says
        // role:master and was never seen as a replica Redis assumes 100, and can promote a
        // priority-0 node that restarted as an empty master. The brain asks such a node
        // CONFIG GET replica-priority and keeps it out until the answer is in.
        if (r.reportsMasterWithUnknownPriority()) {
            return Exclusion.UNKNOWN_PRIORITY;
        }
        return null;
    }

    public static Ranking rank(List<ReplicaCandidate> replicas, RankingContext ctx) {
        List<ReplicaCandidate> ok = new ArrayList<>();
        Map<String, Exclusion> excluded = new LinkedHashMap<>();
        for (ReplicaCandidate r : replicas) {
            Exclusion why = exclusion(r, ctx);
            if (why == null) {
                ok.add(r);
            } else {
                excluded.put(r.name(), why);
            }
        }
        ok.sort(PROMOTION_ORDER);
        return new Ranking(ok, excluded);
    }
}
