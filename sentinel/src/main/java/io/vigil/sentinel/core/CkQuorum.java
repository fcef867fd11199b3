package io.vigil.sentinel.core;

/**
 * SENTINEL CKQUORUM: usable = 1 (self) + other sentinels not SDOWN/ODOWN; voters = other sentinels
 * + 1.
 */
public record CkQuorum(int usable, int voters, int quorum) {
    public boolean quorumReachable() {
        return usable >= quorum;
    }

    public boolean majorityReachable() {
        return usable >= voters / 2 + 1;
    }

    public boolean ok() {
        return quorumReachable() && majorityReachable();
    }

    /** The reply text without the leading '+' or '-'. */
    public String replyText() {
        if (ok()) {
            return "OK " + usable + " usable Sentinels. Quorum and failover authorization can be reached";
        }
        StringBuilder sb = new StringBuilder("NOQUORUM " + usable + " usable Sentinels. ");
        if (!quorumReachable()) {
            sb.append("Not enough available Sentinels to reach the specified quorum for this master");
        }
        if (!majorityReachable()) {
            if (!quorumReachable()) {
                sb.append(". ");
            }
            sb.append("Not enough available Sentinels to reach the majority and authorize a failover");
        }
        return sb.toString();
    }
}
