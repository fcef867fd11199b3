package io.vigil.tests.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One seeded swarm run: warm-up without faults, a fault phase (crashes, restarts with or without
 * data, hangs, LOADING, partitions, sentinel kills/restarts/pauses, loss and duplication), then a
 * healed phase in which a majority of sentinels and at least one eligible replica per group are up
 * and reachable, and every group must converge within {@link SwarmOptions#livenessBoundMillis()}.
 */
public final class SwarmRun {
    private static final long WARMUP_MILLIS = 10_000;

    private final SwarmOptions o;
    private final SimWorld w;
    private final SplittableRandom r;
    private int faults;
    private final List<String> faultLog = new ArrayList<>();

    public SwarmRun(SwarmOptions options, Consumer<String> trace) {
        this.o = options;
        this.w = new SimWorld(options.seed(), options.spec());
        this.r = new SplittableRandom(options.seed() * 31 + 7);
        if (trace != null) {
            w.setTrace(trace);
        }
    }

    /** The simulated world (for post-mortem inspection). */
    public SimWorld world() {
        return w;
    }

    public static RunResult run(long seed) {
        return new SwarmRun(SwarmOptions.draw(seed), null).run();
    }

    public RunResult run() {
        w.net.configure(o.minDelayMillis(), o.maxDelayMillis(), 0, 0);
        w.start();
        w.runFor(WARMUP_MILLIS);
        w.net.setLoss(o.loss(), o.duplication());
        long faultEnd = w.now() + o.faultPhaseMillis();
        while (w.now() < faultEnd) {
            long gap = 1 + r.nextLong(2 * o.meanFaultGapMillis());
            w.runFor(Math.min(gap, faultEnd - w.now()));
            if (w.now() < faultEnd) {
                injectFault();
            }
        }
        heal();
        long healedAt = w.now();
        long deadline = healedAt + o.livenessBoundMillis();
        long converged = -1;
        String why = null;
        while (w.now() < deadline) {
            w.runFor(1000);
            why = firstNotConverged();
            if (why == null) {
                converged = w.now() - healedAt;
                w.runFor(3000); // a little longer: safety checks keep running
                break;
            }
        }
        List<String> violations = new ArrayList<>(w.invariants.violations());
        if (converged < 0) {
            violations.add("no convergence " + o.livenessBoundMillis() / 1000 + " s after healing: " + why);
        }
        String state = violations.isEmpty() ? "" : w.describe() + String.join("\n", faultLog);
        return new RunResult(o.seed(), o, violations, converged, faults, w.invariants.promotions,
                w.scheduler.executed(), state);
    }

    private String firstNotConverged() {
        for (int g = 0; g < o.groups(); g++) {
            String why = w.notConverged(g);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private void fault(String text) {
        faults++;
        faultLog.add(String.format("fault t=%.3f %s", (w.now() - SimWorld.START_MILLIS) / 1000.0, text));
        w.log("FAULT " + text);
    }

    private SimNode randomNode() {
        return w.nodes.get(r.nextInt(w.nodes.size()));
    }

    private SimSentinel randomSentinel() {
        return w.sentinels.get(r.nextInt(w.sentinels.size()));
    }

    private int randomEndpoint() {
        int total = w.nodes.size() + w.sentinels.size();
        int i = r.nextInt(total);
        return i < w.nodes.size() ? w.nodes.get(i).netId : w.sentinels.get(i - w.nodes.size()).netId;
    }

    private void injectFault() {
        if (r.nextInt(12) == 0) {
            operatorAction();
            return;
        }
        int k = r.nextInt(100);
        if (k < 18) {
            // crash whoever is master now in some group
            List<SimNode> group = w.groups.get(r.nextInt(w.groups.size()));
            for (SimNode n : group) {
                if (n.alive && n.master) {
                    n.crash();
                    fault("crash master " + n.id);
                    break;
                }
            }
        } else if (k < 26) {
            SimNode n = randomNode();
            n.crash();
            fault("crash " + n.id);
        } else if (k < 40) {
            SimNode n = randomNode();
            if (!n.alive) {
                boolean data = r.nextInt(4) != 0;
                long loading = r.nextInt(3) == 0 ? r.nextLong(8000) : 0;
                n.restart(data, loading);
                fault("restart " + n.id + (data ? " with data, loading " + loading + " ms" : " empty"));
            }
        } else if (k < 45) {
            SimNode n = randomNode();
            if (n.alive && !n.hung) {
                n.hung = true;
                long d = 1000 + r.nextLong(10_000);
                fault("hang " + n.id + " for " + d + " ms");
                w.scheduler.after(d, () -> n.hung = false);
            }
        } else if (k < 48) {
            SimNode n = randomNode();
            n.lagging = !n.lagging;
            fault((n.lagging ? "lag " : "unlag ") + n.id);
        } else if (k < 63) {
            int a = randomEndpoint();
            int b = randomEndpoint();
            if (a != b) {
                boolean sym = r.nextBoolean();
                w.net.partition(a, b, sym);
                long d = 1000 + r.nextLong(15_000);
                fault("partition " + a + (sym ? " <-> " : " -> ") + b + " for " + d + " ms");
                healLater(d);
            }
        } else if (k < 68) {
            SimSentinel s = randomSentinel();
            for (SimNode n : w.nodes) {
                w.net.partition(s.netId, n.netId, true);
            }
            for (SimSentinel p : w.sentinels) {
                if (p != s) {
                    w.net.partition(s.netId, p.netId, true);
                }
            }
            long d = 2000 + r.nextLong(15_000);
            fault("isolate " + s.id + " for " + d + " ms");
            healLater(d);
        } else if (k < 76) {
            SimSentinel s = randomSentinel();
            if (s.alive) {
                s.kill();
                fault("kill " + s.id);
            }
        } else if (k < 86) {
            SimSentinel s = randomSentinel();
            if (!s.alive) {
                s.start();
                fault("restart " + s.id + " from its persisted state");
            }
        } else if (k < 93) {
            SimSentinel s = randomSentinel();
            long d = 2500 + r.nextLong(6000);
            s.pause(d);
            fault("pause " + s.id + " for " + d + " ms");
        } else {
            double loss = r.nextDouble() * 0.2;
            w.net.setLoss(loss, o.duplication());
            long d = 1000 + r.nextLong(5000);
            fault(String.format("loss %.2f for %d ms", loss, d));
            w.scheduler.after(d, () -> w.net.setLoss(o.loss(), o.duplication()));
        }
    }

    /**
     * What an operator does meanwhile: a coordinated switchover (SENTINEL FAILOVER COORDINATED), a
     * maintenance pause on one sentinel, or FAILOVER renamed away on a node (fallback path).
     */
    private void operatorAction() {
        int k = r.nextInt(3);
        SimSentinel s = randomSentinel();
        String name = w.spec.masterName(r.nextInt(w.groups.size()));
        if (k == 2) {
            SimNode n = randomNode();
            n.failoverCommand = !n.failoverCommand;
            fault((n.failoverCommand ? "restore FAILOVER on " : "rename FAILOVER away on ") + n.id);
            return;
        }
        if (!s.alive || s.paused()) {
            return;
        }
        if (k == 0) {
            var res = s.brain.failover(w.now(), name, io.vigil.sentinel.core.FailoverKind.COORDINATED);
            fault("operator: SENTINEL FAILOVER " + name + " COORDINATED on " + s.id + " -> "
                    + (res.ok() ? "OK" : res.error()));
        } else {
            long ttl = 2000 + r.nextLong(18_000);
            s.brain.pause(w.now(), name, ttl);
            fault("operator: maintenance pause of " + name + " on " + s.id + " for " + ttl + " ms");
        }
        s.drain();
    }

    /** Partitions heal after a while; a global heal drops them all (simple and deterministic). */
    private void healLater(long d) {
        int generation = ++partitionGeneration;
        w.scheduler.after(d, () -> {
            if (generation == partitionGeneration) {
                w.net.healAll();
            }
        });
    }

    private int partitionGeneration;

    /**
     * The healed phase promises one eligible replica: a live node in role slave with priority
     * &gt; 0. If none is left, the operator restarts one (reconfigured as a replica of the address
     * the sentinels advertise, if its config says master).
     */
    private void ensureEligibleReplica(List<SimNode> group) {
        // The address the sentinels will converge to: the one with the highest config epoch.
        io.vigil.sentinel.core.Address advertised = null;
        long best = -1;
        for (SimSentinel s : w.sentinels) {
            if (s.alive) {
                var v = w.masterView(s, w.spec.masterName(group.get(0).group)).orElseThrow();
                if (v.configEpoch() > best) {
                    best = v.configEpoch();
                    advertised = v.advertisedAddress();
                }
            }
        }
        SimNode master = advertised == null ? null : w.nodeAt(advertised);
        if (master != null && master.alive && master.master) {
            return;
        }
        // Redis (and the brain) never promote a replica whose link to its master went down more
        // than 10 x down-after before the master itself went down: its data is too old. Such a
        // replica is not eligible, so the operator brings the old master back instead.
        long crashedAt = master == null || master.crashedAt < 0 ? w.now() : master.crashedAt;
        long freshSince = crashedAt - 10 * o.downAfterMillis() + 1000;
        boolean fresh = group.stream().anyMatch(x -> x.alive && x.priority > 0 && !x.master && x != master
                && (x.linkUp || x.linkDownSince >= freshSince));
        if (!fresh && master != null && !master.alive) {
            master.restart(true, 0);
            fault("heal: operator restarts the master " + master.id + " (no replica with fresh data)");
            return;
        }
        if (group.stream().anyMatch(x -> x.alive && x.priority > 0 && !x.master && x != master)) {
            return;
        }
        for (SimNode node : group) {
            if (node.priority > 0 && node != master) {
                if (node.persistedMaster && advertised != null) {
                    node.persistedMaster = false;
                    node.persistedUpstream = advertised;
                }
                node.restart(true, 0);
                fault("heal: operator restarts " + node.id + " as an eligible replica");
                return;
            }
        }
        if (master != null && !master.alive) {
            master.restart(true, 0);
            fault("heal: operator restarts the master " + master.id + " (no eligible replica exists)");
        }
    }

    private void heal() {
        partitionGeneration++;
        w.net.healAll();
        w.net.setLoss(0, 0);
        fault("heal");
        for (SimNode n : w.nodes) {
            n.hung = false;
            n.lagging = false;
        }
        int n = w.sentinels.size();
        int mayStayDead = r.nextInt((n - 1) / 2 + 1);
        int dead = 0;
        for (SimSentinel s : w.sentinels) {
            if (!s.alive) {
                if (dead < mayStayDead) {
                    dead++;
                    fault("heal: " + s.id + " stays dead");
                } else {
                    s.start();
                    fault("heal: restart " + s.id);
                }
            }
        }
        for (List<SimNode> group : w.groups) {
            for (SimNode node : group) {
                if (!node.alive && r.nextInt(10) < 7) {
                    node.restart(true, 0);
                    fault("heal: restart " + node.id + " with data");
                }
            }
            ensureEligibleReplica(group);
        }
    }
}
