package io.vigil.sentinel.core;

import java.util.List;

/**
 * The state lines of one master in sentinel.conf: {@code monitor} (with the current address: the
 * promoted replica's once a failover reached reconf-slaves) and non-default settings,
 * {@code config-epoch}, {@code leader-epoch}, {@code known-replica} and {@code known-sentinel}.
 * While a failover is past promotion the promoted replica's own address is replaced in
 * {@code knownReplicas} by the old master address, as Redis's rewrite does.
 */
public record PersistedMaster(MasterConfig config, long configEpoch, long leaderEpoch, List<Address> knownReplicas,
                              List<KnownSentinel> knownSentinels) {
    public PersistedMaster {
        knownReplicas = List.copyOf(knownReplicas);
        knownSentinels = List.copyOf(knownSentinels);
    }

    public static PersistedMaster fresh(MasterConfig config) {
        return new PersistedMaster(config, 0, 0, List.of(), List.of());
    }
}
