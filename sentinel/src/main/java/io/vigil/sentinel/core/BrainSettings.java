package io.vigil.sentinel.core;

/**
 * Global timing constants (the SENTINEL DEBUG set of sentinel.c) plus this sentinel's identity on
 * the wire and the ranges of the randomised staggering. Immutable; build with {@link #builder()}.
 *
 * <p>Two settings are ours, not Redis's:
 * <ul>
 *   <li>{@code fastAskPeriodMillis} (100): while a master is SDOWN but not yet ODOWN, and while a
 *       vote is being collected, peers are re-asked at this period instead of ask-period. Safe:
 *       is-master-down-by-addr is idempotent for a given epoch (a voter returns its stored ballot),
 *       so asking more often changes only how soon an answer arrives.</li>
 *   <li>{@code startDelayRankStepMillis} (100) and {@code startDelayMinMillis}..{@code startDelayMaxMillis}
 *       (0..20): once ODOWN is reached and the retry gate is open, the attempt starts after
 *       rank x step plus a uniform random delay in the range. The rank is this sentinel's place,
 *       by run id, among itself and the peers that said the master is down: every sentinel ranks
 *       the same set the same way, so one starts at once and the others only after its vote
 *       requests have reached them. All sentinels reach ODOWN almost together, so without this
 *       they would all start at once and split the vote; Redis gets some staggering from its 1 s
 *       ask period and randomised timer frequency, and splits often. A sentinel that votes for a
 *       peer during the delay does not start (the 2 x failover-timeout hold-off), exactly as in
 *       Redis; if the first-ranked one is gone, the next starts one step later.</li>
 *   <li>{@code perMasterVoting} (true): a vote needs only the master's stored leader epoch to be
 *       older than the request; Redis also requires the global current epoch not to be beyond it,
 *       which makes elections abort when many masters fail at once (see
 *       {@link io.vigil.quorum.Voter#vote(long, io.vigil.quorum.Ballot, long, String, boolean)}).
 *       False restores Redis's rule.</li>
 * </ul>
 */
public record BrainSettings(
        String announceIp,
        int announcePort,
        long pingPeriodMillis,
        long infoPeriodMillis,
        long fastInfoPeriodMillis,
        long askPeriodMillis,
        long fastAskPeriodMillis,
        long publishPeriodMillis,
        long tiltTriggerMillis,
        long tiltPeriodMillis,
        long replicaReconfTimeoutMillis,
        long minLinkReconnectPeriodMillis,
        long electionTimeoutMillis,
        long maxDesyncMillis,
        long startDelayMinMillis,
        long startDelayMaxMillis,
        long startDelayRankStepMillis,
        int maxPendingCommandsPerLink,
        boolean perMasterVoting) {

    public BrainSettings {
        if (startDelayMinMillis < 0 || startDelayMaxMillis < startDelayMinMillis) {
            throw new IllegalArgumentException("bad start delay range");
        }
        if (startDelayRankStepMillis < 0) {
            throw new IllegalArgumentException("bad start delay rank step");
        }
        if (maxDesyncMillis < 1) {
            throw new IllegalArgumentException("maxDesyncMillis must be >= 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.announceIp = announceIp;
        b.announcePort = announcePort;
        b.pingPeriodMillis = pingPeriodMillis;
        b.infoPeriodMillis = infoPeriodMillis;
        b.fastInfoPeriodMillis = fastInfoPeriodMillis;
        b.askPeriodMillis = askPeriodMillis;
        b.fastAskPeriodMillis = fastAskPeriodMillis;
        b.publishPeriodMillis = publishPeriodMillis;
        b.tiltTriggerMillis = tiltTriggerMillis;
        b.tiltPeriodMillis = tiltPeriodMillis;
        b.replicaReconfTimeoutMillis = replicaReconfTimeoutMillis;
        b.minLinkReconnectPeriodMillis = minLinkReconnectPeriodMillis;
        b.electionTimeoutMillis = electionTimeoutMillis;
        b.maxDesyncMillis = maxDesyncMillis;
        b.startDelayMinMillis = startDelayMinMillis;
        b.startDelayMaxMillis = startDelayMaxMillis;
        b.startDelayRankStepMillis = startDelayRankStepMillis;
        b.maxPendingCommandsPerLink = maxPendingCommandsPerLink;
        b.perMasterVoting = perMasterVoting;
        return b;
    }

    /** Defaults are Redis 7.0's. */
    public static final class Builder {
        private String announceIp;
        private int announcePort = 26379;
        private long pingPeriodMillis = 1000;
        private long infoPeriodMillis = 10_000;
        private long fastInfoPeriodMillis = 1000;
        private long askPeriodMillis = 1000;
        private long fastAskPeriodMillis = 100;
        private long publishPeriodMillis = 2000;
        private long tiltTriggerMillis = 2000;
        private long tiltPeriodMillis = 30_000;
        private long replicaReconfTimeoutMillis = 10_000;
        private long minLinkReconnectPeriodMillis = 15_000;
        private long electionTimeoutMillis = 10_000;
        private long maxDesyncMillis = 1000;
        private long startDelayMinMillis = 0;
        private long startDelayMaxMillis = 20;
        private long startDelayRankStepMillis = 100;
        private int maxPendingCommandsPerLink = 100;
        private boolean perMasterVoting = true;

        /** Address put in hello messages; null means "the local address of the link" (runtime fills it). */
        public Builder announceIp(String v) { announceIp = v; return this; }
        /** Port put in hello messages (announce-port, else the sentinel's own port). */
        public Builder announcePort(int v) { announcePort = v; return this; }
        public Builder pingPeriodMillis(long v) { pingPeriodMillis = v; return this; }
        public Builder infoPeriodMillis(long v) { infoPeriodMillis = v; return this; }
        public Builder fastInfoPeriodMillis(long v) { fastInfoPeriodMillis = v; return this; }
        public Builder askPeriodMillis(long v) { askPeriodMillis = v; return this; }
        public Builder fastAskPeriodMillis(long v) { fastAskPeriodMillis = v; return this; }
        public Builder publishPeriodMillis(long v) { publishPeriodMillis = v; return this; }
        public Builder tiltTriggerMillis(long v) { tiltTriggerMillis = v; return this; }
        public Builder tiltPeriodMillis(long v) { tiltPeriodMillis = v; return this; }
        public Builder replicaReconfTimeoutMillis(long v) { replicaReconfTimeoutMillis = v; return this; }
        public Builder minLinkReconnectPeriodMillis(long v) { minLinkReconnectPeriodMillis = v; return this; }
        public Builder electionTimeoutMillis(long v) { electionTimeoutMillis = v; return this; }
        public Builder maxDesyncMillis(long v) { maxDesyncMillis = v; return this; }
        public Builder startDelayMillis(long min, long max) { startDelayMinMillis = min; startDelayMaxMillis = max; return this; }
        /** Extra start delay per rank (0 = unranked: only the random range). */
        public Builder startDelayRankStepMillis(long v) { startDelayRankStepMillis = v; return this; }
        public Builder maxPendingCommandsPerLink(int v) { maxPendingCommandsPerLink = v; return this; }
        public Builder perMasterVoting(boolean v) { perMasterVoting = v; return this; }

        public BrainSettings build() {
            return new BrainSettings(announceIp, announcePort, pingPeriodMillis, infoPeriodMillis, fastInfoPeriodMillis,
                    askPeriodMillis, fastAskPeriodMillis, publishPeriodMillis, tiltTriggerMillis, tiltPeriodMillis,
                    replicaReconfTimeoutMillis, minLinkReconnectPeriodMillis, electionTimeoutMillis, maxDesyncMillis,
                    startDelayMinMillis, startDelayMaxMillis, startDelayRankStepMillis, maxPendingCommandsPerLink,
                    perMasterVoting);
        }
    }
}
