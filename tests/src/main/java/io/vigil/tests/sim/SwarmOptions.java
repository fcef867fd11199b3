package io.vigil.tests.sim;

import io.vigil.sentinel.core.BrainSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Every knob of one swarm run, drawn from its seed (and printed, so a run can be read and replayed). */
public record SwarmOptions(long seed, int sentinels, int quorum, int groups, int replicas, List<Integer> priorities,
                           long downAfterMillis, long failoverTimeoutMillis, int parallelSyncs, boolean preseed,
                           long minDelayMillis, long maxDelayMillis, double loss, double duplication,
                           long faultPhaseMillis, long meanFaultGapMillis, long tiltPeriodMillis,
                           long startDelayMaxMillis) {

    public static SwarmOptions draw(long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int sentinels = r.nextBoolean() ? 3 : 5;
        if (r.nextInt(8) == 0) {
            sentinels = 4;
        }
        int majority = sentinels / 2 + 1;
        int quorum = Math.max(1, majority - r.nextInt(2));
        int replicas = 1 + r.nextInt(4);
        List<Integer> prios = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            int p = r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(3) * 50;
            prios.add(p);
        }
        long minDelay = 1 + r.nextInt(3);
        long maxDelay = minDelay + r.nextInt(r.nextBoolean() ? 5 : 40);
        return new SwarmOptions(seed, sentinels, quorum, r.nextInt(4) == 0 ? 2 : 1, replicas, prios,
                1000 + r.nextInt(5) * 1000L, 3000 + r.nextInt(5) * 3000L, 1 + r.nextInt(2), r.nextBoolean(),
                minDelay, maxDelay, r.nextInt(3) == 0 ? r.nextDouble() * 0.03 : 0,
                r.nextInt(3) == 0 ? r.nextDouble() * 0.03 : 0, 20_000 + r.nextInt(5) * 10_000L,
                1000 + r.nextInt(5) * 1000L, r.nextBoolean() ? 5000 : 30_000, 100 + r.nextInt(4) * 100L);
    }

    public WorldSpec spec() {
        BrainSettings settings = BrainSettings.builder().tiltPeriodMillis(tiltPeriodMillis)
                .startDelayMillis(0, startDelayMaxMillis).build();
        return new WorldSpec(groups, replicas, sentinels, quorum, downAfterMillis, failoverTimeoutMillis, parallelSyncs,
                priorities, settings, preseed);
    }

    /** Virtual time allowed for convergence after healing. */
    public long livenessBoundMillis() {
        return 30_000 + tiltPeriodMillis + 10 * failoverTimeoutMillis + 5 * downAfterMillis;
    }
}
