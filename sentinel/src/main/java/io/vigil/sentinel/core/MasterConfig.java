package io.vigil.sentinel.core;

/**
 * The brain-owned settings of one monitored master (sentinel.conf {@code monitor},
 * {@code down-after-milliseconds}, {@code failover-timeout}, {@code parallel-syncs},
 * {@code master-reboot-down-after-period}). Scripts, auth and rename-command belong to the runtime.
 */
public record MasterConfig(String name, Address address, int quorum, long downAfterMillis, long failoverTimeoutMillis,
                           int parallelSyncs, long masterRebootDownAfterPeriodMillis) {
    public static final long DEFAULT_DOWN_AFTER_MILLIS = 30_000;
    public static final long DEFAULT_FAILOVER_TIMEOUT_MILLIS = 180_000;

    public MasterConfig {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("master name required");
        }
        if (address == null) {
            throw new IllegalArgumentException("address required");
        }
        if (quorum <= 0) {
            throw new IllegalArgumentException("Quorum must be 1 or greater.");
        }
        if (downAfterMillis <= 0 || failoverTimeoutMillis <= 0) {
            throw new IllegalArgumentException("negative or zero time parameter.");
        }
        if (parallelSyncs <= 0) {
            throw new IllegalArgumentException("parallel-syncs must be > 0");
        }
        if (masterRebootDownAfterPeriodMillis < 0) {
            throw new IllegalArgumentException("negative time parameter.");
        }
    }

    /** {@code sentinel monitor <name> <ip> <port> <quorum>} with every other setting at its default. */
    public static MasterConfig of(String name, String ip, int port, int quorum) {
        return new MasterConfig(name, new Address(ip, port), quorum, DEFAULT_DOWN_AFTER_MILLIS,
                DEFAULT_FAILOVER_TIMEOUT_MILLIS, 1, 0);
    }

    public MasterConfig withAddress(Address a) {
        return new MasterConfig(name, a, quorum, downAfterMillis, failoverTimeoutMillis, parallelSyncs,
                masterRebootDownAfterPeriodMillis);
    }

    public MasterConfig withQuorum(int q) {
        return new MasterConfig(name, address, q, downAfterMillis, failoverTimeoutMillis, parallelSyncs,
                masterRebootDownAfterPeriodMillis);
    }

    public MasterConfig withDownAfterMillis(long ms) {
        return new MasterConfig(name, address, quorum, ms, failoverTimeoutMillis, parallelSyncs,
                masterRebootDownAfterPeriodMillis);
    }

    public MasterConfig withFailoverTimeoutMillis(long ms) {
        return new MasterConfig(name, address, quorum, downAfterMillis, ms, parallelSyncs,
                masterRebootDownAfterPeriodMillis);
    }

    public MasterConfig withParallelSyncs(int n) {
        return new MasterConfig(name, address, quorum, downAfterMillis, failoverTimeoutMillis, n,
                masterRebootDownAfterPeriodMillis);
    }

    public MasterConfig withMasterRebootDownAfterPeriodMillis(long ms) {
        return new MasterConfig(name, address, quorum, downAfterMillis, failoverTimeoutMillis, parallelSyncs, ms);
    }
}
