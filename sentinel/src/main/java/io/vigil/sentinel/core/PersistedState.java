package io.vigil.sentinel.core;

import java.util.List;

/**
 * Everything the brain needs to survive a restart: exactly the state lines of sentinel.conf
 * ({@code myid}, {@code current-epoch}, per master {@code config-epoch}, {@code leader-epoch},
 * {@code known-replica}, {@code known-sentinel}) plus the monitored masters. The driver must make
 * a state returned by {@link Ready#persist()} durable before sending the commands of that Ready.
 *
 * @param myId          40 hex chars, or null on first start (the brain then generates one)
 */
public record PersistedState(String myId, long currentEpoch, List<PersistedMaster> masters) {
    public PersistedState {
        masters = List.copyOf(masters);
        if (myId != null && myId.length() != 40) {
            throw new IllegalArgumentException("Malformed Sentinel id in myid option.");
        }
    }

    public static PersistedState empty() {
        return new PersistedState(null, 0, List.of());
    }

    public PersistedMaster master(String name) {
        for (PersistedMaster m : masters) {
            if (m.config().name().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
