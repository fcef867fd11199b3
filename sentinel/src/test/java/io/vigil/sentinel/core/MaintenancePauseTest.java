package io.vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaintenancePauseTest {
    private static final String MASTER = "master mymaster 127.0.0.1 16379";

    @Test
    void pauseAndResumeEmitMaintenanceEventsAndReportTheDeadline() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        assertTrue(f.brain.pausedUntilMillis("mymaster").isEmpty());
        assertTrue(f.brain.pause(f.now, "mymaster", 60_000).ok());
        f.drain();
        assertTrue(f.emitted("+maintenance " + MASTER + " 60000"));
        assertEquals(f.now + 60_000, f.brain.pausedUntilMillis("mymaster").getAsLong());
        assertTrue(f.brain.resume(f.now, "mymaster").ok());
        f.drain();
        assertTrue(f.emitted("-maintenance " + MASTER));
        assertTrue(f.brain.pausedUntilMillis("mymaster").isEmpty());
        assertTrue(f.brain.resume(f.now, "mymaster").ok(), "resume without a pause is harmless");
        assertEquals(1, f.count("-maintenance"));
    }

    @Test
    void badPauseRequestsGetErrors() {
        BrainFixture f = BrainFixture.standard();
        assertEquals("ERR No such master with that name", f.brain.pause(f.now, "nope", 1000).error());
        assertEquals("ERR No such master with that name", f.brain.resume(f.now, "nope").error());
        assertFalse(f.brain.pause(f.now, "mymaster", 0).ok());
        assertFalse(f.brain.pause(f.now, "mymaster", -5).ok());
        assertTrue(f.brain.pausedUntilMillis("mymaster").isEmpty());
        assertTrue(f.brain.pausedUntilMillis("nope").isEmpty());
    }

    @Test
    void pausedSentinelTracksOdownButStartsNoFailoverUntilThePauseExpires() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        f.brain.pause(f.now, "mymaster", 20_000);
        f.node(16379).alive = false;
        f.advance(15_000);
        assertTrue(f.master().hasFlag("o_down"), "SDOWN/ODOWN still tracked");
        assertEquals(0, f.count("+try-failover"));
        f.advance(6000);
        assertTrue(f.emitted("-maintenance " + MASTER), "the pause expires by itself");
        assertTrue(f.brain.pausedUntilMillis("mymaster").isEmpty());
        f.advance(5000);
        assertEquals(1, f.count("+try-failover"));
        assertEquals(Optional.of(FailoverKind.AUTO), f.brain.failoverKind("mymaster"));
    }

    @Test
    void pausedSentinelGrantsNoVoteToAPeer() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        f.brain.pause(f.now, "mymaster", 60_000);
        VoteAnswer v = f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 5, f.peers.get(0));
        assertNull(v.leader());
        f.drain();
        assertEquals(0, f.count("+vote-for-leader"));
        f.brain.resume(f.now, "mymaster");
        VoteAnswer after = f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 5, f.peers.get(0));
        assertEquals(f.peers.get(0), after.leader(), "votes again once resumed");
    }

    @Test
    void manualFailoverStillWorksWhilePaused() {
        BrainFixture f = BrainFixture.standard();
        f.advance(12_000);
        f.brain.pause(f.now, "mymaster", 60_000);
        assertTrue(f.brain.failover(f.now, "mymaster").ok());
        assertEquals(Optional.of(FailoverKind.MANUAL), f.brain.failoverKind("mymaster"));
        f.drain();
        f.advance(3000);
        assertTrue(f.emitted("+switch-master mymaster 127.0.0.1 16379 127.0.0.1 16380"));
        assertEquals(Optional.of(FailoverKind.MANUAL), f.brain.failoverKind("mymaster"), "kind of the last one");
    }

    @Test
    void failoverKindIsEmptyBeforeAnyFailoverAndAutoCannotBeRequested() {
        BrainFixture f = BrainFixture.standard();
        f.advance(12_000);
        assertTrue(f.brain.failoverKind("mymaster").isEmpty());
        assertFalse(f.brain.failover(f.now, "mymaster", FailoverKind.AUTO).ok());
        assertEquals("auto", FailoverKind.AUTO.wireName());
        assertEquals("coordinated", FailoverKind.COORDINATED.wireName());
    }
}
