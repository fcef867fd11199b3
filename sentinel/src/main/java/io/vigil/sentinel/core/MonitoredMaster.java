package io.vigil.sentinel.core;

import io.vigil.failover.FailoverMachine;
import io.vigil.quorum.Ballot;

import java.util.LinkedHashMap;
import java.util.Map;

/** A monitored master with its replicas (by {@code ip:port}) and peer sentinels (by run id). */
final class MonitoredMaster extends Instance {
    MasterConfig config;
    long configEpoch;
    /** This sentinel's own vote for this master (leader, leader-epoch). */
    Ballot ballot = Ballot.NONE;
    final Map<String, Instance> replicas = new LinkedHashMap<>();
    final Map<String, Instance> sentinels = new LinkedHashMap<>();
    final FailoverMachine failover = new FailoverMachine();
    /** Jittered time at which an attempt will start once ODOWN (0 = not planned). */
    long plannedStartAtMillis;
    /** When that start was first planned, and its random part. */
    long plannedFromMillis;
    long plannedJitterMillis;
    /** Early retries taken after split votes since the last successful failover (or reset). */
    int splitVoteRetries;
    boolean nextAttemptLogged;
    /** Maintenance pause: no automatic failover and no vote for a peer's until then (0 = none). */
    long pausedUntilMillis;
    /** Kind of the running failover, or of the last one (null before the first). */
    FailoverKind failoverKind;
    /** The coordinated switchover in progress, if any. */
    final Switchover switchover = new Switchover();
    PersistedMaster persistedCache;

    MonitoredMaster(MasterConfig config, long nowMillis) {
        super(InstanceKind.MASTER, config.address(), nowMillis);
        this.config = config;
        this.master = this;
        this.downAfterMillis = config.downAfterMillis();
    }
}
