package io.vigil.quorum;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuorumRuleTest {
    @Test
    void majorityIsHalfPlusOne() {
        assertEquals(1, QuorumRule.majority(1));
        assertEquals(2, QuorumRule.majority(2));
        assertEquals(2, QuorumRule.majority(3));
        assertEquals(3, QuorumRule.majority(4));
        assertEquals(3, QuorumRule.majority(5));
        assertThrows(IllegalArgumentException.class, () -> QuorumRule.majority(0));
    }

    @Test
    void electionNeedsBothMajorityAndQuorum() {
        assertTrue(QuorumRule.elects(3, 5, 3));
        assertFalse(QuorumRule.elects(3, 5, 4), "quorum above majority must bind");
        assertFalse(QuorumRule.elects(2, 5, 1), "a low quorum never lowers the majority");
    }

    @Test
    void odownNeedsQuorumReports() {
        assertTrue(QuorumRule.objectivelyDown(2, 2));
        assertFalse(QuorumRule.objectivelyDown(1, 2));
    }
}
