package io.vigil.sentinel.core;

/**
 * This sentinel's answer to {@code SENTINEL is-master-down-by-addr}: {@code [down, leader or "*",
 * leaderEpoch]}. Send it only after the Ready that follows the call has been persisted.
 */
public record VoteAnswer(boolean down, String leader, long leaderEpoch) {
    public String leaderOrStar() {
        return leader == null ? "*" : leader;
    }
}
