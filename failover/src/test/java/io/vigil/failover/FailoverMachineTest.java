package io.vigil.failover;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailoverMachineTest {
    @Test
    void happyPathVisitsEveryStateInOrder() {
        FailoverMachine m = new FailoverMachine();
        m.begin(3, 1000, 1500, false);
        assertEquals(FailoverState.WAIT_START, m.state());
        m.elected(1100);
        assertEquals(FailoverState.SELECT_REPLICA, m.state());
        m.selected("10.0.0.2:6379", 1100);
        assertEquals(FailoverState.SEND_REPLICAOF_NO_ONE, m.state());
        m.promotionSent(1100);
        assertEquals(FailoverState.WAIT_PROMOTION, m.state());
        m.promotionConfirmed(1200);
        assertTrue(m.state().promotionConfirmed());
        m.replicasReconfigured(1300);
        assertEquals(FailoverState.UPDATE_CONFIG, m.state());
        assertEquals("update_config", m.state().wireName());
        assertEquals(3, m.epoch());
    }

    @Test
    void illegalTransitionsThrow() {
        FailoverMachine m = new FailoverMachine();
        assertThrows(IllegalStateException.class, () -> m.elected(1));
        m.begin(1, 1, 1, false);
        assertThrows(IllegalStateException.class, () -> m.begin(2, 1, 1, false));
        assertThrows(IllegalStateException.class, () -> m.promotionConfirmed(1));
    }

    @Test
    void abortKeepsTheStartTimeSoTheNextAttemptWaitsTwiceTheTimeout() {
        FailoverTimeouts t = new FailoverTimeouts(10_000, 10_000, 10_000);
        FailoverMachine m = new FailoverMachine();
        m.begin(1, 1000, 1400, false);
        m.abort();
        assertFalse(m.inProgress());
        assertEquals(1400, m.startTimeMillis());
        assertFalse(t.mayStart(m.startTimeMillis(), 21_399));
        assertTrue(t.mayStart(m.startTimeMillis(), 21_400));
        assertEquals(21_400, t.nextAttemptAtMillis(m.startTimeMillis()));
    }

    @Test
    void abortIsImpossibleOncePromotionIsConfirmed() {
        FailoverMachine m = new FailoverMachine();
        m.begin(1, 0, 0, false);
        m.elected(0);
        m.selected("r", 0);
        m.promotionSent(0);
        m.promotionConfirmed(0);
        assertThrows(IllegalStateException.class, m::abort);
    }

    @Test
    void resetAllowsAnImmediateNewAttempt() {
        FailoverTimeouts t = new FailoverTimeouts(10_000, 10_000, 10_000);
        FailoverMachine m = new FailoverMachine();
        m.begin(1, 1000, 1000, false);
        m.reset();
        assertTrue(t.mayStart(m.startTimeMillis(), 1001));
    }

    @Test
    void electionTimeoutIsTheSmallerOfElectionAndFailoverTimeout() {
        assertEquals(3000, new FailoverTimeouts(3000, 10_000, 10_000).electionTimeoutEffectiveMillis());
        FailoverTimeouts t = new FailoverTimeouts(180_000, 10_000, 10_000);
        assertFalse(t.electionExpired(0, 10_000));
        assertTrue(t.electionExpired(0, 10_001));
    }
}
