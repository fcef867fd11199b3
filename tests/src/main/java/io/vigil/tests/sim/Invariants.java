package io.vigil.tests.sim;

import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.core.PersistedMaster;
import io.vigil.sentinel.core.PersistedState;
import io.vigil.sentinel.core.SentinelEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Safety invariants, checked as the run goes (from each sentinel's events and persisted state,
 * and from what reaches the nodes):
 * <ol>
 *   <li>at most one leader per master per epoch;</li>
 *   <li>no sentinel votes twice for a master in one epoch, across restarts;</li>
 *   <li>a sentinel's config epoch for a master never decreases (across restarts), and one
 *       (master, config epoch) never names two addresses;</li>
 *   <li>no {@code +try-failover} without {@code +odown} at that sentinel (forced failovers
 *       excepted);</li>
 *   <li>SLAVEOF NO ONE is sent only to replicas with priority &gt; 0;</li>
 *   <li>SLAVEOF NO ONE is sent only by a sentinel that a majority of all sentinels voted for in
 *       its failover epoch;</li>
 *   <li>a replica is never promoted behind its write-paused master (a coordinated switchover
 *       loses no write).</li>
 * </ol>
 * Liveness (convergence after healing) is checked by the run itself.
 */
public final class Invariants {
    private final SimWorld world;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, String> leaders = new HashMap<>();
    private final Map<String, String> votes = new HashMap<>();
    private final Map<String, Integer> votesFor = new HashMap<>();
    private final Map<String, Long> configEpochs = new HashMap<>();
    private final Map<String, Address> addressByEpoch = new HashMap<>();
    private final Set<String> odown = new HashSet<>();
    /** Per master: epochs in which an attempt started, and epochs that elected a leader. */
    final Map<String, TreeSet<Long>> attempts = new HashMap<>();
    final Map<String, TreeSet<Long>> elected = new HashMap<>();
    int promotions;

    Invariants(SimWorld world) {
        this.world = world;
    }

    public List<String> violations() {
        return violations;
    }

    private void violation(String text) {
        String line = String.format("t=%.3f %s", (world.now() - SimWorld.START_MILLIS) / 1000.0, text);
        violations.add(line);
        world.log("VIOLATION " + line);
    }

    void onStart(SimSentinel s) {
        odown.removeIf(k -> k.startsWith(s.id + "/"));
    }

    void onKill(SimSentinel s) {
        odown.removeIf(k -> k.startsWith(s.id + "/"));
    }

    void onEvent(SimSentinel s, SentinelEvent e) {
        String master = e.masterName();
        switch (e.type()) {
            case "+odown" -> odown.add(s.id + "/" + master);
            case "-odown", "+switch-master", "+reset-master" -> odown.remove(s.id + "/" + master);
            case "+try-failover" -> {
                InstanceView v = world.masterView(s, master).orElseThrow();
                attempts.computeIfAbsent(master, k -> new TreeSet<>()).add(v.failoverEpoch());
                if (!v.hasFlag("force_failover") && !odown.contains(s.id + "/" + master)) {
                    violation(s.id + " started a failover of " + master + " without ODOWN");
                }
            }
            case "+vote-for-leader" -> {
                String[] t = e.text().split(" ");
                long epoch = Long.parseLong(t[1]);
                String key = s.id + "/" + master + "/" + epoch;
                String prev = votes.put(key, t[0]);
                if (prev != null) {
                    violation(s.id + " voted twice for " + master + " in epoch " + epoch + ": " + prev + " then " + t[0]);
                } else {
                    votesFor.merge(master + "/" + epoch + "/" + t[0].toLowerCase(), 1, Integer::sum);
                }
            }
            case "+elected-leader" -> {
                InstanceView v = world.masterView(s, master).orElseThrow();
                if (v.hasFlag("force_failover")) {
                    return;
                }
                elected.computeIfAbsent(master, k -> new TreeSet<>()).add(v.failoverEpoch());
                String prev = leaders.putIfAbsent(master + "/" + v.failoverEpoch(), s.id);
                if (prev != null && !prev.equals(s.id)) {
                    violation("two leaders for " + master + " in epoch " + v.failoverEpoch() + ": " + prev + " and " + s.id);
                }
            }
            default -> {
            }
        }
    }

    void onPersist(SimSentinel s, PersistedState state) {
        for (PersistedMaster pm : state.masters()) {
            String name = pm.config().name();
            String key = s.id + "/" + name;
            Long last = configEpochs.put(key, pm.configEpoch());
            if (last != null && pm.configEpoch() < last) {
                violation(s.id + " config epoch of " + name + " went down from " + last + " to " + pm.configEpoch());
            }
            if (pm.configEpoch() > 0) {
                Address prev = addressByEpoch.putIfAbsent(name + "/" + pm.configEpoch(), pm.config().address());
                if (prev != null && !prev.equals(pm.config().address())) {
                    violation("config epoch " + pm.configEpoch() + " of " + name + " names both " + prev + " and "
                            + pm.config().address() + " (" + s.id + ")");
                }
            }
        }
    }

    void onPromotionSent(SimSentinel s, Address target) {
        promotions++;
        SimNode node = world.nodeAt(target);
        if (node != null && node.priority == 0) {
            violation(s.id + " promoted priority-0 replica " + node);
        }
        InstanceView leaderView = null;
        for (String name : s.brain.masterNames()) {
            InstanceView v = s.brain.master(name, world.now()).orElseThrow();
            if (target.name().equals(v.promotedReplica())) {
                leaderView = v;
            }
        }
        if (leaderView == null) {
            violation(s.id + " sent SLAVEOF NO ONE to " + target + " outside a failover");
            return;
        }
        if (leaderView.hasFlag("force_failover")) {
            return;
        }
        int n = world.sentinels.size();
        int got = votesFor.getOrDefault(leaderView.name() + "/" + leaderView.failoverEpoch() + "/" + s.myId.toLowerCase(), 0);
        if (got < n / 2 + 1) {
            violation(s.id + " promoted " + target + " for " + leaderView.name() + " epoch "
                    + leaderView.failoverEpoch() + " with only " + got + "/" + n + " votes");
        }
    }

    void onSwitchoverLoss(SimNode promoted, SimNode pausedMaster) {
        violation("switchover promoted " + promoted.id + " at offset " + promoted.offset + " behind its paused master "
                + pausedMaster.id + " at " + pausedMaster.offset);
    }

    void onNodePromoted(SimNode node, SimSentinel from) {
        world.log("node " + node.id + " promoted by " + (from == null ? "?" : from.id));
    }
}
