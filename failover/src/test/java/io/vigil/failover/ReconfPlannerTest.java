package io.vigil.failover;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconfPlannerTest {
    private static final FailoverTimeouts T = new FailoverTimeouts(60_000, 10_000, 10_000);

    private static ReplicaReconf r(String n, ReconfStatus s, long sentAt) {
        return new ReplicaReconf(n, s, sentAt, true, false);
    }

    @Test
    void parallelSyncsBoundsReplicasReconfiguredAtOnce() {
        List<ReplicaReconf> reps = List.of(r("a", ReconfStatus.NONE, 0), r("b", ReconfStatus.NONE, 0), r("c", ReconfStatus.NONE, 0));
        assertEquals(List.of("a"), ReconfPlanner.plan(reps, 1, true, 0, 1, T).send());
        assertEquals(List.of("a", "b"), ReconfPlanner.plan(reps, 2, true, 0, 1, T).send());
        List<ReplicaReconf> busy = List.of(r("a", ReconfStatus.IN_PROGRESS, 0), r("b", ReconfStatus.NONE, 0));
        assertEquals(List.of(), ReconfPlanner.plan(busy, 1, true, 0, 1, T).send());
    }

    @Test
    void stuckReplicaCountsAsDoneAfterReconfTimeoutEvenWithOneSyncSlot() {
        List<ReplicaReconf> reps = List.of(r("a", ReconfStatus.SENT, 0), r("b", ReconfStatus.NONE, 0));
        ReconfPlan p = ReconfPlanner.plan(reps, 1, true, 0, 10_001, T);
        assertEquals(List.of("a"), p.timedOut());
        assertEquals(List.of("b"), p.send());
        assertFalse(p.done());
    }

    @Test
    void doneWhenEveryReachableReplicaIsReconfigured() {
        List<ReplicaReconf> reps = List.of(r("a", ReconfStatus.DONE, 0),
                new ReplicaReconf("down", ReconfStatus.NONE, 0, false, true));
        assertTrue(ReconfPlanner.plan(reps, 1, true, 0, 1, T).done());
    }

    @Test
    void failoverTimeoutEndsReconfWithBestEffortReplicaOf() {
        List<ReplicaReconf> reps = List.of(r("a", ReconfStatus.IN_PROGRESS, 0), r("b", ReconfStatus.NONE, 0),
                r("c", ReconfStatus.NONE, 0));
        ReconfPlan p = ReconfPlanner.plan(reps, 1, true, 0, 60_001, T);
        assertTrue(p.endForTimeout());
        assertTrue(p.done());
        assertEquals(List.of("b", "c"), p.bestEffort());
    }

    @Test
    void downPromotedReplicaBlocksTheEndOnlyUntilFailoverTimeout() {
        List<ReplicaReconf> reps = List.of(r("a", ReconfStatus.DONE, 0));
        assertFalse(ReconfPlanner.plan(reps, 1, false, 0, 1000, T).done());
        assertTrue(ReconfPlanner.plan(reps, 1, false, 0, 60_001, T).done());
    }
}
