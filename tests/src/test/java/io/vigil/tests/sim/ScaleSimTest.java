package io.vigil.tests.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A smaller version of the storm of redis/redis#4334 / #12865 (the 1,000-master run is
 * {@code scripts/sim --scale}): a third of the masters crash at once.
 */
class ScaleSimTest {
    @Test
    void zoneCrashFailsEveryMasterOverAtTheFirstOrSecondAttempt() {
        ScaleRun.Result r = ScaleRun.run(7, 150, 5, null);
        assertTrue(r.violations().isEmpty(), r.summary());
        assertEquals(r.crashed(), r.failedOver(), r.summary());
        assertTrue(r.maxRounds() <= 2, r.summary());
    }
}
