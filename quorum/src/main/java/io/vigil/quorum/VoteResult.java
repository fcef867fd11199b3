package io.vigil.quorum;

/** Whether a candidate is elected: WON with enough votes, PENDING while it still could be. */
public enum VoteResult {
    WON,
    PENDING,
    LOST
}
