package io.vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoordinatedSwitchoverTest {
    private static final String MASTER = "master mymaster 127.0.0.1 16379";
    private static final String R0 = "slave 127.0.0.1:16380 127.0.0.1 16380 @ mymaster 127.0.0.1 16379";
    private static final Address A0 = new Address("127.0.0.1", 16380);

    private static BrainFixture ready() {
        BrainFixture f = BrainFixture.standard();
        f.peerAnswer = (p, r) -> new IsMasterDownReply(false, null, 0);
        f.advance(12_000);
        return f;
    }

    private static int indexOf(List<String> l, String s) {
        int i = l.indexOf(s);
        assertTrue(i >= 0, "missing " + s + " in " + l);
        return i;
    }

    @Test
    void failoverToHandsOverWithoutSlaveofNoOneAndSwitches() {
        BrainFixture f = ready();
        assertTrue(f.brain.failover(f.now, "mymaster", FailoverKind.COORDINATED).ok());
        assertEquals(Optional.of(FailoverKind.COORDINATED), f.brain.failoverKind("mymaster"));
        f.drain();
        f.advance(2000);
        List<String> ev = f.eventMessages();
        int a = indexOf(ev, "+selected-slave " + R0);
        int b = indexOf(ev, "+switchover-pause " + MASTER + " failover");
        int c = indexOf(ev, "+promoted-slave " + R0);
        int d = indexOf(ev, "+switchover-resume " + R0);
        int e = indexOf(ev, "+switch-master mymaster 127.0.0.1 16379 127.0.0.1 16380");
        assertTrue(a < b && b < c && c < d && d < e, ev.toString());
        List<Outbound.FailoverTo> ft = f.sentOf(Outbound.FailoverTo.class);
        assertEquals(1, ft.size());
        assertEquals(BrainFixture.M, ft.get(0).target());
        assertEquals(A0, ft.get(0).replica());
        assertEquals(List.of("FAILOVER", "TO", "127.0.0.1", "16380", "TIMEOUT", "5000"), ft.get(0).argv().get(0),
                "failover-timeout 60 s is capped to 5 s of write pause");
        assertTrue(f.sentOf(Outbound.ReplicaOf.class).stream().noneMatch(r -> r.newMaster() == null),
                "the master hands over itself: no SLAVEOF NO ONE");
        assertEquals(1, f.node(16380).configRewrites, "the new master's role survives a restart");
        assertTrue(f.node(16380).master);
        assertEquals(A0, f.node(16379).upstream);
        assertEquals(A0, f.node(16381).upstream, "the other replica is repointed as usual");
    }

    @Test
    void refusedFailoverFallsBackToClientPauseAndPromotesOnlyOnceCaughtUp() {
        BrainFixture f = ready();
        f.node(16379).supportsFailover = false;
        f.node(16379).offset = 500;
        f.node(16380).offset = 400;
        f.node(16381).offset = 300;
        f.advance(2000);
        assertTrue(f.brain.failover(f.now, "mymaster", FailoverKind.COORDINATED).ok());
        f.drain();
        f.advance(1500);
        assertTrue(f.emitted("+switchover-pause " + MASTER + " client-pause"));
        assertTrue(f.node(16379).writesPaused);
        List<Outbound.ClientPause> cp = f.sentOf(Outbound.ClientPause.class);
        assertEquals(List.of("CLIENT", "PAUSE", "65000", "WRITE"), cp.get(0).argv().get(0),
                "catch-up time plus the failover-timeout for the promotion");
        assertTrue(f.sentOf(Outbound.ReplicaOf.class).stream().noneMatch(r -> r.newMaster() == null),
                "no promotion while the replica lags");
        f.node(16380).offset = 500;
        f.advance(1000);
        assertTrue(f.emitted("+promoted-slave " + R0));
        assertTrue(f.emitted("+switch-master mymaster 127.0.0.1 16379 127.0.0.1 16380"));
        List<Outbound> toOld = f.sent.stream().filter(o -> o.target().equals(BrainFixture.M)
                && (o instanceof Outbound.ReplicaOf || o instanceof Outbound.ClientUnpause)).toList();
        assertTrue(toOld.get(0) instanceof Outbound.ReplicaOf r && A0.equals(r.newMaster()),
                "the old master is repointed before its writes resume: " + toOld);
        assertTrue(toOld.get(1) instanceof Outbound.ClientUnpause);
        assertFalse(f.node(16379).writesPaused);
        assertTrue(f.emitted("+switchover-resume " + R0));
    }

    @Test
    void handoverThatNeverHappensIsAbortedAndTheMasterStays() {
        BrainFixture f = ready();
        f.node(16379).handsOver = false;
        assertTrue(f.brain.failover(f.now, "mymaster", FailoverKind.COORDINATED).ok());
        f.drain();
        f.advance(5500);
        assertFalse(f.emitted("-failover-abort-switchover-timeout " + MASTER), "not before timeout + grace");
        f.advance(1000);
        assertTrue(f.emitted("-failover-abort-switchover-timeout " + MASTER));
        assertTrue(f.emitted("+switchover-resume " + MASTER + " aborted"));
        assertEquals(1, f.sentOf(Outbound.FailoverAbort.class).size());
        assertFalse(f.node(16379).writesPaused);
        assertEquals(0, f.count("+switch-master"));
        assertFalse(f.master().hasFlag("failover_in_progress"));
        assertEquals(BrainFixture.M, f.brain.masterAddress("mymaster").orElseThrow());
    }

    @Test
    void fallbackThatNeverCatchesUpUnpausesTheMaster() {
        BrainFixture f = ready();
        f.node(16379).supportsFailover = false;
        f.node(16379).offset = 500;
        f.node(16380).offset = 400;
        f.node(16381).offset = 400;
        f.advance(2000);
        assertTrue(f.brain.failover(f.now, "mymaster", FailoverKind.COORDINATED).ok());
        f.drain();
        f.advance(6000);
        assertTrue(f.emitted("-failover-abort-switchover-timeout " + MASTER));
        assertEquals(1, f.sentOf(Outbound.ClientUnpause.class).size());
        assertFalse(f.node(16379).writesPaused);
        assertTrue(f.sentOf(Outbound.ReplicaOf.class).stream().noneMatch(r -> r.newMaster() == null));
        assertEquals(0, f.count("+switch-master"));
    }

    @Test
    void coordinatedFailoverNeedsAReachableMaster() {
        BrainFixture f = ready();
        f.node(16379).alive = false;
        f.advance(7000);
        assertTrue(f.master().hasFlag("s_down"));
        assertTrue(f.brain.failover(f.now, "mymaster", FailoverKind.COORDINATED).error().startsWith("ERR "));
    }
}
