package io.vigil.sentinel.observe;

import io.vigil.failover.Exclusion;
import io.vigil.failover.Ranking;
import io.vigil.failover.ReplicaCandidate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.vigil.sentinel.observe.Events.master;
import static io.vigil.sentinel.observe.Events.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailoverTrackerTest {
    private final FakeProbe probe = new FakeProbe();
    private final FailoverTracker tracker = new FailoverTracker(probe);
    private final List<FailoverRecord> done = new ArrayList<>();

    {
        tracker.onCompleted(done::add);
    }

    private static ReplicaCandidate candidate(int port, long offset) {
        return new ReplicaCandidate("127.0.0.1:" + port, "r" + port, 100, offset, false, false, false, 0, 0, 0, false);
    }

    /** The event sequence of an automatic failover led by this sentinel, 100 ms per step. */
    private void autoFailover() {
        tracker.onEvent(1000, master("+sdown"));
        tracker.onEvent(1100, master("+odown", "#quorum 2/2"));
        tracker.onEvent(1200, Events.newEpoch(7));
        probe.failoverEpoch = 7L;
        tracker.onEvent(1200, master("+try-failover"));
        tracker.onEvent(1300, Events.vote("me", 7));
        probe.peerVotes.put("peer1", "me");
        tracker.onEvent(1400, master("+elected-leader"));
        tracker.onEvent(1400, master("+failover-state-select-slave"));
        probe.ranking = new Ranking(List.of(candidate(6380, 900)), Map.of("127.0.0.1:6381", Exclusion.STALE_INFO));
        probe.masterOffset = 1000L;
        probe.replicaOffsets.put("127.0.0.1:6380", 900L);
        probe.replicaOffsets.put("127.0.0.1:6381", 950L);
        tracker.onEvent(1500, replica("+selected-slave", 6380));
        tracker.onEvent(1500, replica("+failover-state-send-slaveof-noone", 6380));
        tracker.onEvent(1500, replica("+failover-state-wait-promotion", 6380));
        tracker.onEvent(1700, replica("+promoted-slave", 6380));
        tracker.onEvent(1700, master("+failover-state-reconf-slaves"));
        tracker.onEvent(1700, replica("+slave-reconf-sent", 6381));
        tracker.onEvent(2000, replica("+slave-reconf-done", 6381));
        tracker.onEvent(2100, master("+failover-end"));
    }

    @Test
    void automaticFailoverBecomesOneOkRecordWithPhases() {
        autoFailover();
        assertEquals(1, done.size());
        FailoverRecord r = done.get(0);
        assertEquals("mymaster:7", r.id());
        assertEquals("auto", r.kind());
        assertEquals(7, r.epoch());
        assertEquals(FailoverRecord.OK, r.result());
        assertNull(r.reason());
        assertEquals(1000, r.detectedAtMillis());
        assertEquals(1100L, r.odownAtMillis());
        assertEquals(1200, r.startedAtMillis());
        assertEquals(1400L, r.electedAtMillis());
        assertEquals(1500L, r.selectedAtMillis());
        assertEquals(1700L, r.promotedAtMillis());
        assertEquals(2100L, r.endedAtMillis());
        assertEquals(1100L, r.durationMillis());
        assertEquals(Map.of("detect", 100L, "odown", 100L, "elect", 200L, "select", 100L, "promote", 200L,
                "reconfig", 400L), r.phaseMillis());
        assertEquals(List.of("detect", "odown", "elect", "select", "promote", "reconfig"),
                List.copyOf(r.phaseMillis().keySet()));
        assertEquals("me", r.leader());
        assertEquals(Map.of("me", "me", "peer1", "me"), r.votes());
    }

    @Test
    void selectionKeepsChosenReplicaExclusionsAndLossWindow() {
        autoFailover();
        FailoverRecord r = tracker.last("mymaster").orElseThrow();
        assertEquals("127.0.0.1:6380", r.chosenReplica());
        assertEquals(List.of(new ExcludedReplica("127.0.0.1:6381", "stale_info", "INFO reply too old")), r.excluded());
        assertEquals(1000L, r.masterOffset());
        assertEquals(900L, r.promotedOffset());
        assertEquals(100L, r.writeLossWindowBytes());
    }

    @Test
    void lossWindowFallsBackToTheMostAdvancedReplicaWithoutMasterInfo() {
        tracker.onEvent(0, master("+try-failover"));
        tracker.onEvent(0, master("+elected-leader"));
        probe.ranking = new Ranking(List.of(candidate(6380, 900)), Map.of());
        probe.replicaOffsets.put("127.0.0.1:6380", 900L);
        probe.replicaOffsets.put("127.0.0.1:6381", 1200L);
        tracker.onEvent(10, replica("+selected-slave", 6380));
        FailoverRecord r = tracker.current("mymaster").orElseThrow();
        assertNull(r.masterOffset());
        assertEquals(300L, r.writeLossWindowBytes());
    }

    @Test
    void inProgressAttemptIsCurrentUntilItEnds() {
        tracker.onEvent(1000, master("+sdown"));
        tracker.onEvent(1100, master("+odown", "#quorum 2/2"));
        probe.failoverEpoch = 3L;
        tracker.onEvent(1200, master("+try-failover"));
        FailoverRecord r = tracker.current("mymaster").orElseThrow();
        assertTrue(r.inProgress());
        assertNull(r.durationMillis());
        assertEquals("mymaster:3", tracker.last("mymaster").orElseThrow().id());
        assertTrue(tracker.completed().isEmpty());
    }

    @Test
    void lostElectionIsAnAbortedRecordAndCountsAsLost() {
        tracker.onEvent(1000, master("+sdown"));
        tracker.onEvent(1100, master("+odown", "#quorum 2/2"));
        probe.failoverEpoch = 4L;
        tracker.onEvent(1200, master("+try-failover"));
        tracker.onEvent(1200, Events.vote("me", 4));
        probe.peerVotes.put("p1", "p2");
        probe.peerVotes.put("p2", "p2");
        tracker.onEvent(5000, master("-failover-abort-not-elected"));
        FailoverRecord r = done.get(0);
        assertEquals(FailoverRecord.ABORTED, r.result());
        assertEquals("not-elected", r.reason());
        assertEquals("p2", r.leader());
        assertEquals(0, tracker.electionsWon());
        assertEquals(1, tracker.electionsLost());
        assertTrue(tracker.current("mymaster").isEmpty());
        // a retry of the same outage keeps the original detection time
        probe.failoverEpoch = 5L;
        tracker.onEvent(9000, master("+try-failover"));
        assertEquals(1000, tracker.current("mymaster").orElseThrow().detectedAtMillis());
    }

    @Test
    void abortReasonsComeFromTheEventName() {
        tracker.onEvent(0, master("+try-failover"));
        tracker.onEvent(1, master("+elected-leader"));
        tracker.onEvent(2, master("-failover-abort-no-good-slave"));
        tracker.onEvent(3, master("+try-failover"));
        tracker.onEvent(4, master("+elected-leader"));
        tracker.onEvent(5, replica("+selected-slave", 6380));
        tracker.onEvent(6, master("-failover-abort-slave-timeout"));
        assertEquals(List.of("no-good-slave", "slave-timeout"), done.stream().map(FailoverRecord::reason).toList());
        assertEquals(2, tracker.electionsWon());
    }

    @Test
    void failoverWithoutOdownIsManual() {
        tracker.onEvent(500, master("+try-failover"));
        FailoverRecord r = tracker.current("mymaster").orElseThrow();
        assertEquals("manual", r.kind());
        assertEquals(500, r.detectedAtMillis());
        assertNull(r.odownAtMillis());
        tracker.onEvent(600, master("+elected-leader"));
        tracker.onEvent(700, master("+failover-end"));
        assertFalse(done.get(0).phaseMillis().containsKey("detect"));
        assertEquals(100L, done.get(0).phaseMillis().get("elect"));
    }

    @Test
    void kindFromTheBrainWins() {
        probe.kind = "coordinated";
        tracker.onEvent(0, master("+try-failover"));
        assertEquals("coordinated", tracker.current("mymaster").orElseThrow().kind());
    }

    @Test
    void endForTimeoutGivesTimeoutResult() {
        tracker.onEvent(0, master("+try-failover"));
        tracker.onEvent(1, master("+elected-leader"));
        tracker.onEvent(2, replica("+selected-slave", 6380));
        tracker.onEvent(3, replica("+promoted-slave", 6380));
        tracker.onEvent(9, master("+failover-end-for-timeout"));
        tracker.onEvent(9, master("+failover-end"));
        assertEquals(FailoverRecord.TIMEOUT, done.get(0).result());
        assertEquals("timeout", done.get(0).reason());
    }

    @Test
    void recoveredMasterDoesNotLeakDetectionIntoTheNextFailover() {
        tracker.onEvent(100, master("+sdown"));
        tracker.onEvent(200, master("-sdown"));
        tracker.onEvent(900, master("+try-failover"));
        FailoverRecord r = tracker.current("mymaster").orElseThrow();
        assertEquals(900, r.detectedAtMillis());
        assertEquals("manual", r.kind());
    }

    @Test
    void resetAndRemoveAbortTheRunningAttempt() {
        tracker.onEvent(0, master("+try-failover"));
        tracker.onEvent(1, master("+reset-master"));
        tracker.onEvent(2, master("+try-failover"));
        tracker.onEvent(3, master("-monitor"));
        assertEquals(List.of("reset", "removed"), done.stream().map(FailoverRecord::reason).toList());
        assertTrue(tracker.last("mymaster").isEmpty());
    }

    @Test
    void replicaSdownIsNotMasterDetection() {
        tracker.onEvent(100, replica("+sdown", 6380));
        tracker.onEvent(900, master("+try-failover"));
        assertEquals(900, tracker.current("mymaster").orElseThrow().detectedAtMillis());
    }

    @Test
    void tiltEntriesAreCounted() {
        tracker.onEvent(0, Events.text("+tilt", "#tilt mode entered"));
        tracker.onEvent(1, Events.text("-tilt", "#tilt mode exited"));
        tracker.onEvent(2, Events.text("+tilt", "#tilt mode entered"));
        assertEquals(2, tracker.tiltCount());
    }

    @Test
    void completedRingIsBoundedAndNewestLast() {
        for (int i = 0; i < FailoverTracker.COMPLETED_CAPACITY + 5; i++) {
            probe.failoverEpoch = (long) i + 1;
            tracker.onEvent(i, master("+try-failover"));
            tracker.onEvent(i, master("-failover-abort-not-elected"));
        }
        List<FailoverRecord> c = tracker.completed();
        assertEquals(FailoverTracker.COMPLETED_CAPACITY, c.size());
        assertEquals("mymaster:" + (FailoverTracker.COMPLETED_CAPACITY + 5), c.get(c.size() - 1).id());
    }

    @Test
    void touchedByGivesTheRecordOfTheLastEventOnly() {
        tracker.onEvent(0, master("+try-failover"));
        var end = master("+failover-end");
        tracker.onEvent(1, end);
        assertEquals(FailoverRecord.OK, tracker.touchedBy(end).orElseThrow().result());
        var other = master("+sdown");
        tracker.onEvent(2, other);
        assertTrue(tracker.touchedBy(end).isEmpty());
        assertTrue(tracker.touchedBy(other).isEmpty());
    }

    @Test
    void coordinatedLossWindowIsTakenAtTheHandover() {
        probe.kind = "coordinated";
        tracker.onEvent(0, master("+try-failover"));
        tracker.onEvent(1, master("+elected-leader"));
        probe.ranking = new Ranking(List.of(candidate(6380, 900)), Map.of());
        probe.masterOffset = 1000L;
        probe.replicaOffsets.put("127.0.0.1:6380", 900L);
        tracker.onEvent(2, replica("+selected-slave", 6380));
        assertEquals(100L, tracker.current("mymaster").orElseThrow().writeLossWindowBytes());
        // writes paused, the replica caught up, then promoted
        tracker.onEvent(3, master("+switchover-pause"));
        probe.masterOffset = 1200L;
        probe.replicaOffsets.put("127.0.0.1:6380", 1200L);
        tracker.onEvent(4, replica("+promoted-slave", 6380));
        FailoverRecord r = tracker.current("mymaster").orElseThrow();
        assertEquals(0L, r.writeLossWindowBytes());
        assertEquals(1200L, r.masterOffset());
        assertEquals("coordinated", r.kind());
    }
}
