package io.vigil.tests.sim;

import io.vigil.sentinel.core.BrainSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The storm of redis/redis#4334 and #12865: many masters watched by 5 sentinels, every master of
 * one zone (a third of them) crashing at the same instant. Every crashed master must be failed
 * over, and each election must succeed at the first or second attempt (distinct epochs tried for
 * that master up to the one that elected a leader).
 */
public final class ScaleRun {
    private ScaleRun() {
    }

    public record Result(int masters, int crashed, int failedOver, int maxRounds, int firstRound, int secondRound,
                         long lastSwitchAfterMillis, List<String> violations, long events, long cpuMillis) {
        public boolean ok() {
            return violations.isEmpty() && failedOver == crashed && maxRounds <= 2;
        }

        public String summary() {
            return String.format("scale: %d masters, %d crashed, %d failed over (%d at the first attempt, %d at the "
                            + "second), max attempts %d, all switched %.1f s after the crash, %d events, %d ms CPU, "
                            + "%d violations%s", masters, crashed, failedOver, firstRound, secondRound, maxRounds,
                    lastSwitchAfterMillis / 1000.0, events, cpuMillis, violations.size(),
                    violations.isEmpty() ? "" : ": " + violations.subList(0, Math.min(5, violations.size())));
        }
    }

    public static Result run(long seed, int masters, int sentinels, Consumer<String> progress) {
        return run(seed, masters, sentinels, true, progress);
    }

    public static Result run(long seed, int masters, int sentinels, boolean perMasterVoting, Consumer<String> progress) {
        long cpu0 = cpu();
        BrainSettings settings = BrainSettings.builder().perMasterVoting(perMasterVoting).build();
        WorldSpec spec = new WorldSpec(masters, 2, sentinels, sentinels / 2 + 1, 5000, 10_000, 1, List.of(),
                settings, true);
        SimWorld w = new SimWorld(seed, spec);
        w.net.configure(1, 3, 0, 0);
        w.start();
        w.runFor(15_000);
        List<Integer> zone = new ArrayList<>();
        for (int g = 0; g < masters; g += 3) {
            zone.add(g);
            w.groups.get(g).get(0).crash();
        }
        long crashAt = w.now();
        if (progress != null) {
            progress.accept("scale: crashed " + zone.size() + " masters at once");
        }
        long lastSwitch = -1;
        long deadline = crashAt + 120_000;
        while (w.now() < deadline) {
            w.runFor(1000);
            boolean all = true;
            for (int g : zone) {
                if (w.notConverged(g) != null) {
                    all = false;
                    break;
                }
            }
            if (all) {
                lastSwitch = w.now() - crashAt;
                break;
            }
        }
        int failedOver = 0;
        int maxRounds = 0;
        int first = 0;
        int second = 0;
        List<String> violations = new ArrayList<>(w.invariants.violations());
        for (int g : zone) {
            String name = spec.masterName(g);
            if (w.notConverged(g) == null) {
                failedOver++;
            } else if (violations.size() < 20) {
                violations.add(name + " not failed over: " + w.notConverged(g));
            }
            TreeSet<Long> attempts = w.invariants.attempts.getOrDefault(name, new TreeSet<>());
            TreeSet<Long> elected = w.invariants.elected.getOrDefault(name, new TreeSet<>());
            if (elected.isEmpty()) {
                continue;
            }
            int rounds = attempts.headSet(elected.first(), true).size();
            maxRounds = Math.max(maxRounds, rounds);
            if (rounds <= 1) {
                first++;
            } else if (rounds == 2) {
                second++;
            }
        }
        return new Result(masters, zone.size(), failedOver, maxRounds, first, second, lastSwitch, violations,
                w.scheduler.executed(), (cpu() - cpu0) / 1_000_000);
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
