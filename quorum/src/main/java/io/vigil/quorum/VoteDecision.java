package io.vigil.quorum;

/**
 * Outcome of a vote request (see {@link Voter#vote}).
 *
 * @param currentEpoch   the voter's current epoch after the request (it may have advanced)
 * @param ballot         the voter's stored ballot after the request; this is what the reply carries
 * @param granted        true when a new vote was cast by this request
 * @param epochAdvanced  true when the request raised the voter's current epoch
 */
public record VoteDecision(long currentEpoch, Ballot ballot, boolean granted, boolean epochAdvanced) {
    /** Whether anything changed that must be persisted before the reply is sent. */
    public boolean mustPersist() {
        return granted || epochAdvanced;
    }
}
