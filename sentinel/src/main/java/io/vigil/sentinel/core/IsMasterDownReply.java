package io.vigil.sentinel.core;

/**
 * Reply to {@code SENTINEL is-master-down-by-addr}: {@code [down (0/1), leader runid or "*",
 * leader epoch]}. {@code leader} is null for {@code *}.
 */
public record IsMasterDownReply(boolean down, String leader, long leaderEpoch) {
}
