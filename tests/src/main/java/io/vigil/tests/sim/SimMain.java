package io.vigil.tests.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command line for the simulation.
 * <pre>
 *   --seed N [--trace]          replay one swarm run exactly (prints options, faults, violations)
 *   --seeds K [--from S] [--threads T]
 *                               sweep seeds S..S+K-1; last line "K runs, N violations" where N is
 *                               the number of runs with at least one violation; exit 1 if N &gt; 0
 *   --scale [--masters M] [--sentinels N] [--seed N] [--redis-voting]
 *                               the zone-crash storm (default 1000 masters, 5 sentinels);
 *                               --redis-voting uses Redis's vote rule (current epoch coupling)
 *   --cost [--masters M] [--seconds S]
 *                               brain CPU cost per master per second (timed sweep)
 * </pre>
 */
public final class SimMain {
    private SimMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Long seed = null;
        long seeds = 0;
        long from = 1;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        boolean trace = false;
        boolean scale = false;
        boolean cost = false;
        boolean redisVoting = false;
        int masters = 1000;
        int sentinels = 5;
        int seconds = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--seeds" -> seeds = Long.parseLong(args[++i]);
                case "--from" -> from = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--trace" -> trace = true;
                case "--scale" -> scale = true;
                case "--cost" -> cost = true;
                case "--redis-voting" -> redisVoting = true;
                case "--masters" -> masters = Integer.parseInt(args[++i]);
                case "--sentinels" -> sentinels = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> {
                    out.println("unknown argument " + args[i]);
                    out.println("usage: sim --seed N [--trace] | --seeds K [--from S] [--threads T] | --scale [--masters M]"
                            + " | --cost [--masters M] [--seconds S]");
                    System.exit(2);
                }
            }
        }
        if (scale) {
            ScaleRun.Result r = ScaleRun.run(seed == null ? 1 : seed, masters, sentinels, !redisVoting, out::println);
            out.println(r.summary());
            System.exit(r.ok() ? 0 : 1);
        }
        if (cost) {
            BrainCost.run(masters, seconds, out);
            return;
        }
        if (seed != null) {
            SwarmOptions o = SwarmOptions.draw(seed);
            out.println("seed " + seed + " options " + o);
            RunResult r = new SwarmRun(o, trace ? out::println : null).run();
            print(out, r, true);
            out.println("1 runs, " + (r.ok() ? 0 : 1) + " violations");
            System.exit(r.ok() ? 0 : 1);
        }
        if (seeds > 0) {
            long bad = sweep(from, seeds, threads, out);
            out.println(seeds + " runs, " + bad + " violations");
            System.exit(bad == 0 ? 0 : 1);
        }
        out.println("usage: sim --seed N [--trace] | --seeds K [--from S] | --scale | --cost");
        System.exit(2);
    }

    static void print(PrintStream out, RunResult r, boolean details) {
        if (r.ok()) {
            out.printf("seed %d ok: converged %.1f s after healing, %d faults, %d promotions, %d events%n", r.seed(),
                    r.convergedAfterMillis() / 1000.0, r.faults(), r.promotions(), r.events());
            return;
        }
        out.println("seed " + r.seed() + " VIOLATION (replay: scripts/sim --seed " + r.seed() + ")");
        out.println("  options " + r.options());
        for (String v : r.violations()) {
            out.println("  " + v);
        }
        if (details) {
            out.println(r.finalState());
        }
    }

    /** Runs the seeds on a pool; prints failures as they come; returns the number of bad runs. */
    public static long sweep(long from, long count, int threads, PrintStream out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong bad = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long chunk = 256;
        try {
            for (long base = from; base < from + count; base += chunk) {
                List<Future<RunResult>> futures = new ArrayList<>();
                for (long s = base; s < Math.min(from + count, base + chunk); s++) {
                    final long seed = s;
                    futures.add(pool.submit(() -> {
                        try {
                            return SwarmRun.run(seed);
                        } catch (RuntimeException | Error e) {
                            java.io.StringWriter sw = new java.io.StringWriter();
                            e.printStackTrace(new java.io.PrintWriter(sw));
                            return new RunResult(seed, SwarmOptions.draw(seed), List.of("exception: " + sw), -1, 0, 0, 0,
                                    "");
                        }
                    }));
                }
                for (Future<RunResult> f : futures) {
                    RunResult r = f.get();
                    if (!r.ok()) {
                        bad.incrementAndGet();
                        synchronized (out) {
                            print(out, r, false);
                        }
                    }
                    long d = done.incrementAndGet();
                    if (d % 10_000 == 0) {
                        out.println("progress: " + d + " runs, " + bad.get() + " violations");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return bad.get();
    }
}
