package io.vigil.tests.sim;

import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.core.KnownSentinel;
import io.vigil.sentinel.core.MasterConfig;
import io.vigil.sentinel.core.PersistedMaster;
import io.vigil.sentinel.core.PersistedState;
import io.vigil.sentinel.core.SentinelEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** The simulated deployment: scheduler, network, nodes, sentinels, invariant checker. */
public final class SimWorld {
    public static final long START_MILLIS = 1_000_000;
    final long seed;
    final Scheduler scheduler;
    final SimNetwork net;
    final SplittableRandom random;
    final WorldSpec spec;
    final List<List<SimNode>> groups = new ArrayList<>();
    final List<SimNode> nodes = new ArrayList<>();
    final List<SimSentinel> sentinels = new ArrayList<>();
    private final Map<Address, SimNode> nodesByAddress = new HashMap<>();
    private final Map<Address, SimSentinel> sentinelsByAddress = new HashMap<>();
    final Invariants invariants;
    private Consumer<String> trace;
    private final List<Consumer<EventRecord>> eventListeners = new ArrayList<>();

    /** One event as observed in the world. */
    public record EventRecord(long atMillis, SimSentinel sentinel, SentinelEvent event) {
    }

    public SimWorld(long seed, WorldSpec spec) {
        this.seed = seed;
        this.spec = spec;
        SplittableRandom root = new SplittableRandom(seed);
        this.scheduler = new Scheduler(root.nextLong(), START_MILLIS);
        this.net = new SimNetwork(scheduler, root.nextLong());
        this.random = root.split();
        this.invariants = new Invariants(this);
        int netId = 0;
        for (int g = 0; g < spec.groups(); g++) {
            List<SimNode> group = new ArrayList<>();
            Address masterAddr = nodeAddress(g, 0);
            for (int i = 0; i <= spec.replicas(); i++) {
                Address a = nodeAddress(g, i);
                SimNode n = new SimNode(this, g, i, netId++, a, i == 0 ? 100 : spec.priorityOf(i - 1), i == 0,
                        i == 0 ? null : masterAddr);
                if (i > 0) {
                    n.linkUp = true;
                    n.linkDownSince = -1;
                }
                group.add(n);
                nodes.add(n);
                nodesByAddress.put(a, n);
            }
            groups.add(group);
        }
        List<Address> sentinelAddrs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < spec.sentinels(); k++) {
            sentinelAddrs.add(new Address("10.255.255." + (k + 1), 26379));
            ids.add(hex40());
        }
        for (int k = 0; k < spec.sentinels(); k++) {
            List<PersistedMaster> masters = new ArrayList<>();
            for (int g = 0; g < spec.groups(); g++) {
                MasterConfig cfg = new MasterConfig(spec.masterName(g), nodeAddress(g, 0), spec.quorum(),
                        spec.downAfterMillis(), spec.failoverTimeoutMillis(), spec.parallelSyncs(), 0);
                List<KnownSentinel> known = new ArrayList<>();
                if (spec.preseed()) {
                    for (int o = 0; o < spec.sentinels(); o++) {
                        if (o != k) {
                            known.add(new KnownSentinel(sentinelAddrs.get(o), ids.get(o)));
                        }
                    }
                }
                masters.add(new PersistedMaster(cfg, 0, 0, List.of(), known));
            }
            PersistedState disk = new PersistedState(ids.get(k), 0, masters);
            SimSentinel s = new SimSentinel(this, k, 100_000 + k,
                    sentinelAddrs.get(k), spec.settings().toBuilder().announceIp(null).announcePort(26379).build(), disk,
                    random.nextLong());
            sentinels.add(s);
            sentinelsByAddress.put(s.address, s);
        }
    }

    static Address nodeAddress(int group, int index) {
        return new Address("10." + (group / 256) + "." + (group % 256) + "." + (index + 1), 6379);
    }

    /** Start every process and the replication clock. */
    public void start() {
        for (SimSentinel s : sentinels) {
            s.start();
        }
        scheduleReplication();
    }

    private void scheduleReplication() {
        scheduler.after(100, () -> {
            for (SimNode n : nodes) {
                n.replicate(random);
            }
            scheduleReplication();
        });
    }

    public void runFor(long millis) {
        scheduler.runUntil(scheduler.now() + millis);
    }

    public long now() {
        return scheduler.now();
    }

    public void setTrace(Consumer<String> trace) {
        this.trace = trace;
    }

    public void addEventListener(Consumer<EventRecord> l) {
        eventListeners.add(l);
    }

    void log(String line) {
        if (trace != null) {
            trace.accept(String.format("%9.3f %s", (now() - START_MILLIS) / 1000.0, line));
        }
    }

    String hex40() {
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    SimNode nodeAt(Address a) {
        return nodesByAddress.get(a);
    }

    SimSentinel sentinelAt(Address a) {
        return sentinelsByAddress.get(a);
    }

    int netIdOf(Address a) {
        SimNode n = nodesByAddress.get(a);
        if (n != null) {
            return n.netId;
        }
        SimSentinel s = sentinelsByAddress.get(a);
        return s == null ? -1 : s.netId;
    }

    boolean processAlive(Address a) {
        SimNode n = nodesByAddress.get(a);
        if (n != null) {
            return n.alive;
        }
        SimSentinel s = sentinelsByAddress.get(a);
        return s != null && s.alive;
    }

    long incarnationOf(Address a) {
        SimNode n = nodesByAddress.get(a);
        if (n != null) {
            return n.incarnation;
        }
        SimSentinel s = sentinelsByAddress.get(a);
        return s == null ? -1 : s.incarnation;
    }

    List<SimNode> followersOf(SimNode master) {
        List<SimNode> out = new ArrayList<>(2);
        for (SimNode n : groups.get(master.group)) {
            if (n != master && n.alive && !n.master && master.address.equals(n.upstream)) {
                out.add(n);
            }
        }
        return out;
    }

    void publish(SimNode node, String payload) {
        for (SimSentinel.Conn c : new ArrayList<>(node.subscribers)) {
            SimSentinel s = c.owner;
            if (!s.alive || !c.up || c.targetIncarnation != node.incarnation) {
                continue;
            }
            long gen = c.gen;
            long inc = s.incarnation;
            net.send(node.netId, s.netId, () -> s.deliver(inc, () -> {
                if (c.up && c.gen == gen) {
                    s.helloFromPubSub(payload);
                }
            }));
        }
    }

    /** A process died: peers whose packets can reach it get a RST on their connections. */
    void connectionsBroken(SimNode n) {
        breakConnectionsTo(n.address, n.netId, n.incarnation);
    }

    void connectionsBroken(SimSentinel dead) {
        breakConnectionsTo(dead.address, dead.netId, dead.incarnation);
    }

    private void breakConnectionsTo(Address a, int fromNet, long incarnation) {
        for (SimSentinel s : sentinels) {
            if (!s.alive) {
                continue;
            }
            SimSentinel.Conn c = s.conns.get(a);
            if (c == null || !c.up || c.targetIncarnation != incarnation || !net.reachable(fromNet, s.netId)) {
                continue;
            }
            long gen = c.gen;
            long inc = s.incarnation;
            net.send(fromNet, s.netId, () -> s.deliver(inc, () -> s.connectionLost(c, gen)));
        }
    }

    void onEvent(SimSentinel s, SentinelEvent e) {
        invariants.onEvent(s, e);
        if (trace != null) {
            log(s.id + " " + e.message());
        }
        if (!eventListeners.isEmpty()) {
            EventRecord r = new EventRecord(now(), s, e);
            for (Consumer<EventRecord> l : eventListeners) {
                l.accept(r);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Queries used by checks

    /** The master address this live sentinel advertises for the group, if it is alive. */
    Optional<Address> advertisedMaster(SimSentinel s, int group) {
        if (!s.alive) {
            return Optional.empty();
        }
        return s.brain.masterAddress(spec.masterName(group));
    }

    Optional<InstanceView> masterView(SimSentinel s, String name) {
        return s.alive ? s.brain.master(name, now()) : Optional.empty();
    }

    /**
     * Convergence of one group: every live sentinel advertises the same address, the node there
     * is alive and master, no failover is in progress, and every other live node of the group
     * replicates from it with its link up. Returns null when converged, else why not.
     */
    String notConverged(int group) {
        Address agreed = null;
        for (SimSentinel s : sentinels) {
            if (!s.alive) {
                continue;
            }
            Address a = advertisedMaster(s, group).orElse(null);
            if (agreed == null) {
                agreed = a;
            } else if (!agreed.equals(a)) {
                return "sentinels disagree: " + agreed + " vs " + a + " at " + s.id;
            }
            InstanceView v = masterView(s, spec.masterName(group)).orElseThrow();
            if (v.failoverState() != null) {
                return s.id + " still in failover " + v.failoverState();
            }
        }
        if (agreed == null) {
            return "no live sentinel";
        }
        SimNode m = nodeAt(agreed);
        if (m == null || !m.alive || !m.master || m.hung) {
            return "agreed master " + agreed + " is " + m;
        }
        for (SimNode n : groups.get(group)) {
            if (n == m || !n.alive) {
                continue;
            }
            if (n.master || !agreed.equals(n.upstream) || !n.linkUp) {
                return "node " + n + " does not follow " + agreed;
            }
        }
        return null;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (SimNode n : nodes) {
            sb.append("  ").append(n).append('\n');
        }
        for (SimSentinel s : sentinels) {
            sb.append("  ").append(s);
            if (s.alive) {
                sb.append(" epoch=").append(s.brain.currentEpoch()).append(s.brain.tilt() ? " TILT" : "");
                for (int g = 0; g < spec.groups() && g < 4; g++) {
                    InstanceView v = masterView(s, spec.masterName(g)).orElseThrow();
                    sb.append(" [").append(v.name()).append(' ').append(v.advertisedAddress()).append(" flags=")
                            .append(v.flags()).append(" cfg=").append(v.configEpoch()).append(" fo=")
                            .append(v.failoverState()).append(']');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
