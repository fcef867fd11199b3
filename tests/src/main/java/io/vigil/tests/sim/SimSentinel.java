package io.vigil.tests.sim;

import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.BrainSettings;
import io.vigil.sentinel.core.HelloMessage;
import io.vigil.sentinel.core.Inbound;
import io.vigil.sentinel.core.Outbound;
import io.vigil.sentinel.core.PersistedState;
import io.vigil.sentinel.core.PingReplyKind;
import io.vigil.sentinel.core.Ready;
import io.vigil.sentinel.core.SentinelBrain;
import io.vigil.sentinel.core.SentinelEvent;
import io.vigil.sentinel.core.VoteAnswer;
import io.vigil.sentinel.core.parse.HelloParser;
import io.vigil.sentinel.core.parse.IsMasterDownReplyParser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated sentinel process: the real {@link SentinelBrain} plus a driver that keeps the
 * Ready contract (persist to its simulated disk, then send), manages connections (connect,
 * reconnect once per second, RST on peer crash), and can be killed, restarted from its disk, or
 * paused (which makes its next tick trigger TILT).
 */
public final class SimSentinel {
    /** One connection (command + pub/sub when requested) to an address. */
    static final class Conn {
        final SimSentinel owner;
        final Address target;
        boolean pubsub;
        boolean up;
        boolean connecting;
        long gen;
        long targetIncarnation;

        Conn(SimSentinel owner, Address target) {
            this.owner = owner;
            this.target = target;
        }
    }

    final SimWorld world;
    final int index;
    final int netId;
    final Address address;
    final String id;
    final BrainSettings settings;
    SentinelBrain brain;
    PersistedState disk;
    boolean alive;
    long incarnation;
    long pausedUntil;
    private final ArrayDeque<Runnable> pausedQueue = new ArrayDeque<>();
    final Map<Address, Conn> conns = new HashMap<>();
    private final SplittableRandom random;
    String myId;

    SimSentinel(SimWorld world, int index, int netId, Address address, BrainSettings settings, PersistedState disk,
                long seed) {
        this.world = world;
        this.index = index;
        this.netId = netId;
        this.address = address;
        this.id = "s" + index;
        this.settings = settings;
        this.disk = disk;
        this.random = new SplittableRandom(seed);
    }

    boolean paused() {
        return world.now() < pausedUntil;
    }

    void start() {
        // A new process is never paused: the old incarnation's pause (and its resume task) died
        // with it.
        pausedUntil = 0;
        pausedQueue.clear();
        alive = true;
        incarnation++;
        brain = new SentinelBrain(settings, disk, random.split(), world.now());
        myId = brain.myId();
        world.invariants.onStart(this);
        drain();
        scheduleTick(incarnation);
    }

    void kill() {
        if (!alive) {
            return;
        }
        alive = false;
        brain = null;
        pausedQueue.clear();
        for (Conn c : conns.values()) {
            SimNode n = world.nodeAt(c.target);
            if (n != null) {
                n.subscribers.remove(c);
            }
        }
        conns.clear();
        world.connectionsBroken(this);
        world.invariants.onKill(this);
    }

    void pause(long millis) {
        if (alive) {
            pausedUntil = Math.max(pausedUntil, world.now() + millis);
            long inc = incarnation;
            world.scheduler.at(pausedUntil, () -> resume(inc));
        }
    }

    private void resume(long inc) {
        if (!alive || inc != incarnation || paused()) {
            return;
        }
        while (!pausedQueue.isEmpty() && alive && inc == incarnation) {
            pausedQueue.poll().run();
        }
    }

    /** Run {@code r} in this process (queued while paused, dropped if it died or restarted). */
    void deliver(long inc, Runnable r) {
        if (!alive || inc != incarnation) {
            return;
        }
        if (paused()) {
            pausedQueue.add(r);
            return;
        }
        r.run();
    }

    private void scheduleTick(long inc) {
        // Redis re-randomises its timer to 10..19 Hz after each run so sentinels drift apart.
        world.scheduler.after(50 + random.nextInt(51), () -> {
            if (!alive || inc != incarnation) {
                return;
            }
            if (paused()) {
                world.scheduler.at(pausedUntil, () -> {
                    if (alive && inc == incarnation) {
                        tickNow(inc);
                    }
                });
                return;
            }
            tickNow(inc);
        });
    }

    private void tickNow(long inc) {
        if (paused()) {
            scheduleTick(inc);
            return;
        }
        brain.tick(world.now());
        drain();
        if (alive && inc == incarnation) {
            scheduleTick(inc);
        }
    }

    void step(Inbound in) {
        brain.step(world.now(), in);
        drain();
    }

    /** The Ready contract: persist first, then publish events, then send. */
    void drain() {
        if (brain == null) {
            return;
        }
        Ready r = brain.ready();
        if (r.persist().isPresent()) {
            disk = r.persist().get();
            world.invariants.onPersist(this, disk);
        }
        for (SentinelEvent e : r.events()) {
            world.onEvent(this, e);
        }
        for (Outbound o : r.commands()) {
            send(o);
        }
        if (r.crash()) {
            kill();
        }
    }

    private void send(Outbound o) {
        if (o instanceof Outbound.Connect c) {
            Conn conn = conns.computeIfAbsent(c.target(), a -> new Conn(this, a));
            conn.pubsub |= c.pubsub();
            if (!conn.up && !conn.connecting) {
                tryConnect(conn);
            }
            return;
        }
        if (o instanceof Outbound.Disconnect d) {
            Conn conn = conns.remove(d.target());
            if (conn != null) {
                closeConn(conn);
            }
            return;
        }
        if (o instanceof Outbound.Reconnect r) {
            Conn conn = conns.get(r.target());
            if (conn != null) {
                closeConn(conn);
                tryConnect(conn);
            }
            return;
        }
        Conn conn = conns.get(o.target());
        if (conn == null || !conn.up) {
            return; // the brain will notice through its timers
        }
        if (o instanceof Outbound.ReplicaOf ro && ro.newMaster() == null) {
            world.invariants.onPromotionSent(this, ro.target());
        }
        if (o instanceof Outbound.FailoverTo ft) {
            world.invariants.onPromotionSent(this, ft.replica());
        }
        Outbound out = o;
        if (o instanceof Outbound.PublishHello h && h.ipFromLink()) {
            out = new Outbound.PublishHello(h.id(), h.target(), h.hello().withSentinelIp(address.ip()), false);
        }
        final Outbound msg = out;
        final long gen = conn.gen;
        final long inc = incarnation;
        SimNode node = world.nodeAt(o.target());
        if (node != null) {
            world.net.send(netId, node.netId, () -> nodeReceives(node, conn, gen, inc, msg));
            return;
        }
        SimSentinel peer = world.sentinelAt(o.target());
        if (peer != null) {
            world.net.send(netId, peer.netId, () -> peerReceives(peer, conn, gen, inc, msg));
        }
    }

    private void nodeReceives(SimNode node, Conn conn, long gen, long inc, Outbound msg) {
        if (!node.alive || node.incarnation != conn.targetIncarnation) {
            if (node.alive) {
                // The node restarted: the old connection gets a RST.
                world.net.send(node.netId, netId, () -> deliver(inc, () -> connectionLost(conn, gen)));
            }
            return;
        }
        if (node.hung) {
            return;
        }
        Inbound reply = node.handle(msg, this);
        if (reply != null) {
            world.net.send(node.netId, netId, () -> deliver(inc, () -> {
                if (conn.up && conn.gen == gen) {
                    step(reply);
                }
            }));
        }
    }

    private void peerReceives(SimSentinel peer, Conn conn, long gen, long inc, Outbound msg) {
        if (!peer.alive || peer.incarnation != conn.targetIncarnation) {
            if (peer.alive) {
                world.net.send(peer.netId, netId, () -> deliver(inc, () -> connectionLost(conn, gen)));
            }
            return;
        }
        long peerInc = peer.incarnation;
        peer.deliver(peerInc, () -> {
            Inbound reply = peer.answer(msg);
            if (reply != null) {
                world.net.send(peer.netId, netId, () -> deliver(inc, () -> {
                    if (conn.up && conn.gen == gen) {
                        step(reply);
                    }
                }));
            }
        });
    }

    /** This sentinel answering a peer's command (the fake PUBLISH, SENTINEL is-master-down-by-addr, PING). */
    Inbound answer(Outbound msg) {
        long now = world.now();
        if (msg instanceof Outbound.Ping p) {
            return new Inbound.PingReply(p.id(), PingReplyKind.PONG);
        }
        if (msg instanceof Outbound.PublishHello h) {
            Optional<HelloMessage> parsed = HelloParser.parse(h.hello().payload());
            if (parsed.isPresent()) {
                brain.step(now, new Inbound.Hello(parsed.get()));
                drain();
            }
            return new Inbound.PublishOk(h.id());
        }
        if (msg instanceof Outbound.AskMasterDown a) {
            VoteAnswer v = brain.isMasterDownByAddr(now, a.master().ip(), a.master().port(), a.epoch(),
                    a.runId() == null ? "*" : a.runId());
            drain(); // persist the vote before the reply leaves
            List<Object> wire = new ArrayList<>(3);
            wire.add(v.down() ? 1L : 0L);
            wire.add(v.leaderOrStar());
            wire.add(v.leaderEpoch());
            return IsMasterDownReplyParser.parse(wire).<Inbound>map(r -> new Inbound.AskReply(a.id(), r))
                    .orElse(new Inbound.CommandFailed(a.id(), "malformed"));
        }
        return new Inbound.CommandFailed(msg.id(), "ERR unknown command");
    }

    /** A hello published on a node we are subscribed to. */
    void helloFromPubSub(String payload) {
        HelloParser.parse(payload).ifPresent(h -> step(new Inbound.Hello(h)));
    }

    private void tryConnect(Conn conn) {
        conn.connecting = true;
        long gen = ++conn.gen;
        long inc = incarnation;
        long rtt = world.net.delay() + world.net.delay();
        world.scheduler.after(rtt, () -> deliver(inc, () -> {
            if (conns.get(conn.target) != conn || conn.gen != gen) {
                return;
            }
            conn.connecting = false;
            int targetNet = world.netIdOf(conn.target);
            boolean targetUp = world.processAlive(conn.target);
            if (targetUp && targetNet >= 0 && world.net.reachable(netId, targetNet)
                    && world.net.reachable(targetNet, netId)) {
                conn.up = true;
                conn.targetIncarnation = world.incarnationOf(conn.target);
                SimNode n = world.nodeAt(conn.target);
                if (n != null && conn.pubsub) {
                    n.subscribers.add(conn);
                }
                step(new Inbound.LinkUp(conn.target));
            } else {
                // Redis retries a failed link at most once per ping-period.
                world.scheduler.after(1000, () -> deliver(inc, () -> {
                    if (conns.get(conn.target) == conn && !conn.up && !conn.connecting) {
                        tryConnect(conn);
                    }
                }));
            }
        }));
    }

    private void closeConn(Conn conn) {
        conn.up = false;
        conn.connecting = false;
        conn.gen++;
        SimNode n = world.nodeAt(conn.target);
        if (n != null) {
            n.subscribers.remove(conn);
        }
    }

    /** RST received on a connection. */
    void connectionLost(Conn conn, long gen) {
        if (conns.get(conn.target) != conn || conn.gen != gen || !conn.up) {
            return;
        }
        closeConn(conn);
        step(new Inbound.LinkDown(conn.target));
        long inc = incarnation;
        world.scheduler.after(1000, () -> deliver(inc, () -> {
            if (conns.get(conn.target) == conn && !conn.up && !conn.connecting) {
                tryConnect(conn);
            }
        }));
    }

    @Override
    public String toString() {
        return id + (alive ? "" : " dead") + (paused() ? " paused" : "");
    }
}
