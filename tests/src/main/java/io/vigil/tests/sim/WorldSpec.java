package io.vigil.tests.sim;

import io.vigil.sentinel.core.BrainSettings;

import java.util.List;

/**
 * Shape of a simulated deployment: {@code groups} masters each with {@code replicas} replicas, all
 * watched by {@code sentinels} sentinels. {@code priorities} gives replica-priority per replica
 * index (missing entries are 100). With {@code preseed} every sentinel starts knowing the others
 * (known-sentinel lines), otherwise they discover each other through hellos.
 */
public record WorldSpec(int groups, int replicas, int sentinels, int quorum, long downAfterMillis,
                        long failoverTimeoutMillis, int parallelSyncs, List<Integer> priorities,
                        BrainSettings settings, boolean preseed) {
    public int priorityOf(int replicaIndex) {
        return replicaIndex < priorities.size() ? priorities.get(replicaIndex) : 100;
    }

    public String masterName(int group) {
        return groups == 1 ? "mymaster" : "m" + group;
    }
}
