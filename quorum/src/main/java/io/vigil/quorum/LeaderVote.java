package io.vigil.quorum;

/**
 * Result of counting the votes of one epoch for one master.
 *
 * @param winner  the run id with the most votes, or null when nobody has any vote
 * @param votes   votes of {@code winner}
 * @param voters  sentinels counted as voters (every sentinel known for the master, self included)
 * @param quorum  the master's configured quorum
 * @param result  WON when {@code winner} has a majority of voters and at least quorum votes;
 *                LOST when nobody can reach that any more with the votes not yet cast;
 *                PENDING otherwise
 */
public record LeaderVote(String winner, int votes, int voters, int quorum, VoteResult result) {
    /** The elected leader, or null. */
    public String leader() {
        return result == VoteResult.WON ? winner : null;
    }
}
