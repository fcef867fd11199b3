package io.vigil.sentinel.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * A zero-latency world for one brain: one master (127.0.0.1:16379), replicas 16380.., and peer
 * sentinels whose answers the test chooses. Commands are answered right after each drain.
 */
final class BrainFixture {
    static final Address M = new Address("127.0.0.1", 16379);
    static final String MY_ID = "0000000000000000000000000000000000000000";

    /** Model of one data node. */
    static final class Node {
        final Address address;
        String runId;
        boolean master;
        Address upstream;
        boolean linkUp = true;
        int priority = 100;
        long offset = 100;
        boolean alive = true;
        PingReplyKind pingReply = PingReplyKind.PONG;
        /** Answers the transaction but does not apply SLAVEOF (a broken or read-only node). */
        boolean ignoresReplicaOf;
        /** Answers FAILOVER TO (else "unknown command", as before Redis 6.2). */
        boolean supportsFailover = true;
        /** FAILOVER TO hands over at once when the target has the master's offset. */
        boolean handsOver = true;
        boolean writesPaused;
        int configRewrites;

        Node(Address a, boolean master, Address upstream) {
            this.address = a;
            this.master = master;
            this.upstream = upstream;
            this.runId = String.format("%040x", a.port());
        }
    }

    long now = 1_000_000;
    final SentinelBrain brain;
    final Map<Address, Node> nodes = new HashMap<>();
    final List<String> peers = new ArrayList<>();
    final Map<String, Address> peerAddress = new HashMap<>();
    /** Peer answer: (peer runid, request) -> reply; default: master down, votes for the requester. */
    BiFunction<String, Outbound.AskMasterDown, IsMasterDownReply> peerAnswer;
    final Set<String> deadPeers = new HashSet<>();
    final Map<String, Long> peerVotes = new HashMap<>();
    final Map<String, String> peerLeader = new HashMap<>();
    final List<Outbound> sent = new ArrayList<>();
    final List<SentinelEvent> events = new ArrayList<>();
    final List<PersistedState> persisted = new ArrayList<>();
    boolean autoRespond = true;

    BrainFixture(int replicas, int peerCount, int quorum, BrainSettings settings, MasterConfig cfg) {
        this(replicas, peerCount, quorum, settings, cfg, MY_ID);
    }

    /** As above, with this sentinel's run id (peers are 000..abc0, 000..abc1, ...). */
    BrainFixture(int replicas, int peerCount, int quorum, BrainSettings settings, MasterConfig cfg, String myId) {
        Node m = new Node(M, true, null);
        nodes.put(M, m);
        List<Address> reps = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Address a = new Address("127.0.0.1", 16380 + i);
            nodes.put(a, new Node(a, false, M));
            reps.add(a);
        }
        List<KnownSentinel> ks = new ArrayList<>();
        for (int p = 0; p < peerCount; p++) {
            String id = String.format("%040x", 0xabc0 + p);
            peers.add(id);
            Address a = new Address("127.0.0.1", 26380 + p);
            peerAddress.put(id, a);
            ks.add(new KnownSentinel(a, id));
        }
        peerAnswer = (peer, req) -> {
            // votes like a real peer: first request per epoch wins
            String leader = null;
            long epoch = 0;
            if (req.runId() != null) {
                Long last = peerVotes.get(peer);
                if (last == null || last < req.epoch()) {
                    peerVotes.put(peer, req.epoch());
                    peerLeader.put(peer, req.runId());
                }
                leader = peerLeader.get(peer);
                epoch = peerVotes.get(peer);
            }
            return new IsMasterDownReply(true, leader, epoch);
        };
        MasterConfig c = cfg.withQuorum(quorum);
        brain = new SentinelBrain(settings, new PersistedState(myId, 0, List.of(
                new PersistedMaster(c, 0, 0, reps, ks))), new SplittableRandom(1), now);
        drain();
    }

    static MasterConfig defaultConfig() {
        return new MasterConfig("mymaster", M, 2, 5000, 60_000, 1, 0);
    }

    static BrainSettings defaultSettings() {
        return BrainSettings.builder().announceIp("127.0.0.1").announcePort(26379).startDelayMillis(0, 0).build();
    }

    static BrainFixture standard() {
        return new BrainFixture(2, 2, 2, defaultSettings(), defaultConfig());
    }

    Node node(int port) {
        return nodes.get(new Address("127.0.0.1", port));
    }

    /** Drain the brain and answer what it sent (recursively, zero latency). */
    void drain() {
        for (int round = 0; round < 50; round++) {
            Ready r = brain.ready();
            r.persist().ifPresent(persisted::add);
            events.addAll(r.events());
            sent.addAll(r.commands());
            if (r.commands().isEmpty() || !autoRespond) {
                return;
            }
            for (Outbound o : r.commands()) {
                Inbound in = answer(o);
                if (in != null) {
                    brain.step(now, in);
                }
            }
        }
    }

    private Inbound answer(Outbound o) {
        Node n = nodes.get(o.target());
        String peer = null;
        for (Map.Entry<String, Address> e : peerAddress.entrySet()) {
            if (e.getValue().equals(o.target())) {
                peer = e.getKey();
            }
        }
        if (o instanceof Outbound.Connect c) {
            boolean up = n != null ? n.alive : peer != null && !deadPeers.contains(peer);
            return up ? new Inbound.LinkUp(c.target()) : null;
        }
        if (o instanceof Outbound.Reconnect c) {
            boolean up = n != null ? n.alive : peer != null && !deadPeers.contains(peer);
            return up ? new Inbound.LinkUp(c.target()) : null;
        }
        if (peer != null) {
            if (deadPeers.contains(peer)) {
                return null;
            }
            if (o instanceof Outbound.Ping p) {
                return new Inbound.PingReply(p.id(), PingReplyKind.PONG);
            }
            if (o instanceof Outbound.PublishHello h) {
                return new Inbound.PublishOk(h.id());
            }
            if (o instanceof Outbound.AskMasterDown a) {
                IsMasterDownReply rep = peerAnswer.apply(peer, a);
                return rep == null ? null : new Inbound.AskReply(a.id(), rep);
            }
            return null;
        }
        if (n == null || !n.alive) {
            return null;
        }
        if (o instanceof Outbound.Ping p) {
            return new Inbound.PingReply(p.id(), n.pingReply);
        }
        if (o instanceof Outbound.Info i) {
            return new Inbound.InfoReply(i.id(), info(n), "raw");
        }
        if (o instanceof Outbound.PublishHello h) {
            return new Inbound.PublishOk(h.id());
        }
        if (o instanceof Outbound.ReplicaOf ro) {
            if (n.ignoresReplicaOf) {
                return new Inbound.TransactionReply(ro.id(), false);
            }
            if (ro.newMaster() == null) {
                n.master = true;
                n.upstream = null;
            } else {
                n.master = false;
                n.upstream = ro.newMaster();
                n.linkUp = true;
            }
            return new Inbound.TransactionReply(ro.id(), true);
        }
        if (o instanceof Outbound.FailoverTo ft) {
            if (!n.supportsFailover) {
                return new Inbound.CommandFailed(ft.id(), "ERR unknown command 'FAILOVER'");
            }
            Node target = nodes.get(ft.replica());
            n.writesPaused = true;
            if (n.handsOver && target != null && target.offset == n.offset) {
                n.master = false;
                n.upstream = target.address;
                n.writesPaused = false;
                target.master = true;
                target.upstream = null;
            }
            return new Inbound.CommandOk(ft.id());
        }
        if (o instanceof Outbound.FailoverAbort fa) {
            n.writesPaused = false;
            return new Inbound.CommandOk(fa.id());
        }
        if (o instanceof Outbound.ClientPause cp) {
            n.writesPaused = true;
            return new Inbound.CommandOk(cp.id());
        }
        if (o instanceof Outbound.ClientUnpause cu) {
            n.writesPaused = false;
            return new Inbound.CommandOk(cu.id());
        }
        if (o instanceof Outbound.ConfigRewrite cr) {
            n.configRewrites++;
            return new Inbound.CommandOk(cr.id());
        }
        if (o instanceof Outbound.ConfigGetReplicaPriority cg) {
            return new Inbound.ReplicaPriorityReply(cg.id(), n.priority);
        }
        return null;
    }

    InfoReport info(Node n) {
        if (n.master) {
            List<Address> reps = new ArrayList<>();
            for (Node o : nodes.values()) {
                if (!o.master && n.address.equals(o.upstream) && o.alive) {
                    reps.add(o.address);
                }
            }
            reps.sort(null);
            return new InfoReport(n.runId, Role.MASTER, reps, null, 0, false, null, 100, 0, true, n.offset);
        }
        return new InfoReport(n.runId, Role.SLAVE, List.of(), n.upstream.ip(), n.upstream.port(), n.linkUp,
                n.linkUp ? null : 5L, n.priority, n.offset, true);
    }

    /** Advance time by {@code millis}, ticking every 100 ms. */
    void advance(long millis) {
        long end = now + millis;
        while (now < end) {
            now = Math.min(end, now + 100);
            brain.tick(now);
            drain();
        }
    }

    void step(Inbound in) {
        brain.step(now, in);
        drain();
    }

    List<String> eventMessages() {
        return events.stream().map(SentinelEvent::message).toList();
    }

    List<String> eventTypes() {
        return events.stream().map(SentinelEvent::type).toList();
    }

    boolean emitted(String message) {
        return eventMessages().contains(message);
    }

    int count(String type) {
        return (int) events.stream().filter(e -> e.type().equals(type)).count();
    }

    <T extends Outbound> List<T> sentOf(Class<T> kind) {
        return sent.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    InstanceView master() {
        return brain.master("mymaster", now).orElseThrow();
    }
}
