package io.vigil.tests.sim;

import java.util.List;

/**
 * Outcome of one swarm run.
 *
 * @param convergedAfterMillis  virtual ms from healing to convergence, -1 if it never converged
 */
public record RunResult(long seed, SwarmOptions options, List<String> violations, long convergedAfterMillis,
                        int faults, int promotions, long events, String finalState) {
    public boolean ok() {
        return violations.isEmpty();
    }
}
