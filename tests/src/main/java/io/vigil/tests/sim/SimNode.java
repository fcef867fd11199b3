package io.vigil.tests.sim;

import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.Inbound;
import io.vigil.sentinel.core.Outbound;
import io.vigil.sentinel.core.PingReplyKind;
import io.vigil.sentinel.core.parse.InfoParser;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Behavioural model of a Redis data node: role, replid, offset, priority, a persisted config
 * (what CONFIG REWRITE wrote), and the faults: crash, restart with its data or empty, hang
 * (SIGSTOP: connections stay, nothing is answered), LOADING after a restart, replication lag.
 * Also FAILOVER TO (Redis 6.2+: pause writes, wait for the target's offset, hand over), which can be
 * "renamed away" to exercise the CLIENT PAUSE WRITE fallback.
 */
public final class SimNode {
    final SimWorld world;
    final int group;
    final int index;
    final int netId;
    final Address address;
    final String id;
    int priority;
    boolean alive = true;
    long incarnation;
    boolean hung;
    long loadingUntil;
    boolean lagging;
    /** False: FAILOVER is refused as an unknown command (Redis before 6.2, or rename-command). */
    boolean failoverCommand = true;
    /** Writes (offset growth) paused until then, by FAILOVER TO or CLIENT PAUSE WRITE. */
    long writesPausedUntil;
    /** FAILOVER TO in progress: the target replica, and when it gives up. */
    SimNode handoverTarget;
    long handoverEndMillis;

    String runId;
    boolean master;
    Address upstream;
    boolean persistedMaster;
    Address persistedUpstream;
    long offset;
    String replid;
    boolean linkUp;
    long linkDownSince = -1;
    long syncDoneAt;
    long crashedAt = -1;
    final List<SimSentinel.Conn> subscribers = new ArrayList<>();

    SimNode(SimWorld world, int group, int index, int netId, Address address, int priority, boolean master,
            Address upstream) {
        this.world = world;
        this.group = group;
        this.index = index;
        this.netId = netId;
        this.address = address;
        this.id = "g" + group + "n" + index;
        this.priority = priority;
        this.master = master;
        this.upstream = upstream;
        this.persistedMaster = master;
        this.persistedUpstream = upstream;
        this.runId = world.hex40();
        this.replid = world.hex40();
    }

    boolean answering() {
        return alive && !hung;
    }

    boolean loading() {
        return world.now() < loadingUntil;
    }

    void crash() {
        if (!alive) {
            return;
        }
        alive = false;
        crashedAt = world.now();
        hung = false;
        writesPausedUntil = 0;
        handoverTarget = null;
        if (linkUp) {
            linkDownSince = world.now();
        }
        linkUp = false;
        world.connectionsBroken(this);
        subscribers.clear();
    }

    /** Restart with its data and config (CONFIG REWRITE'd role), or empty with the default config. */
    void restart(boolean withData, long loadingMillis) {
        if (alive) {
            crash();
        }
        alive = true;
        incarnation++;
        runId = world.hex40();
        linkUp = false;
        linkDownSince = -1;
        syncDoneAt = 0;
        if (withData) {
            master = persistedMaster;
            upstream = persistedUpstream;
            loadingUntil = world.now() + loadingMillis;
        } else {
            master = true;
            upstream = null;
            persistedMaster = true;
            persistedUpstream = null;
            offset = 0;
            replid = world.hex40();
            loadingUntil = 0;
        }
    }

    /** One replication step (every 100 ms of virtual time). */
    void replicate(SplittableRandom r) {
        if (!answering()) {
            return;
        }
        if (master) {
            if (handoverTarget != null) {
                checkHandover();
            }
            if (master && !writesPaused()) {
                offset += r.nextInt(200);
            }
            return;
        }
        SimNode u = upstream == null ? null : world.nodeAt(upstream);
        boolean ok = u != null && u != this && u.answering() && !u.loading() && !loading()
                && world.net.reachable(netId, u.netId) && world.net.reachable(u.netId, netId)
                && (u.master || u.linkUp);
        long now = world.now();
        if (ok) {
            if (!linkUp) {
                if (syncDoneAt == 0) {
                    syncDoneAt = now + 100 + r.nextInt(900);
                } else if (now >= syncDoneAt) {
                    linkUp = true;
                    linkDownSince = -1;
                    syncDoneAt = 0;
                    offset = u.offset;
                    replid = u.replid;
                }
            } else {
                offset = lagging ? Math.min(offset + r.nextInt(50), u.offset) : u.offset;
            }
        } else {
            if (linkUp) {
                linkUp = false;
                linkDownSince = now;
            }
            syncDoneAt = 0;
        }
    }

    boolean writesPaused() {
        return world.now() < writesPausedUntil;
    }

    /** FAILOVER TO: hand over once the target has every write, or give up at the timeout. */
    private void checkHandover() {
        SimNode t = handoverTarget;
        if (world.now() >= handoverEndMillis) {
            handoverTarget = null;
            writesPausedUntil = 0;
            return;
        }
        if (t.answering() && !t.master && address.equals(t.upstream) && t.linkUp && t.offset == offset
                && world.net.reachable(netId, t.netId) && world.net.reachable(t.netId, netId)) {
            // PSYNC FAILOVER: the target becomes master with the same history, this node its replica.
            world.invariants.onNodePromoted(t, null);
            t.master = true;
            t.upstream = null;
            t.replid = world.hex40();
            t.linkUp = false;
            master = false;
            upstream = t.address;
            linkUp = false;
            linkDownSince = world.now();
            syncDoneAt = 0;
            handoverTarget = null;
            writesPausedUntil = 0;
        }
    }

    /** Answer one command, or null for no reply (hung nodes never get here). */
    Inbound handle(Outbound cmd, SimSentinel from) {
        if (cmd instanceof Outbound.Ping p) {
            return new Inbound.PingReply(p.id(), loading() ? PingReplyKind.LOADING : PingReplyKind.PONG);
        }
        if (cmd instanceof Outbound.Info i) {
            String text = infoText();
            return new Inbound.InfoReply(i.id(), InfoParser.parse(text), text);
        }
        if (cmd instanceof Outbound.PublishHello h) {
            world.publish(this, h.hello().payload());
            return new Inbound.PublishOk(h.id());
        }
        if (cmd instanceof Outbound.ReplicaOf ro) {
            if (loading()) {
                return new Inbound.CommandFailed(ro.id(), "LOADING");
            }
            replicaOf(ro.newMaster(), from);
            return new Inbound.TransactionReply(ro.id(), true);
        }
        if (cmd instanceof Outbound.FailoverTo ft) {
            if (!failoverCommand) {
                return new Inbound.CommandFailed(ft.id(), "ERR unknown command 'FAILOVER'");
            }
            if (!master) {
                return new Inbound.CommandFailed(ft.id(), "ERR FAILOVER is not valid when server is a replica.");
            }
            if (handoverTarget != null) {
                return new Inbound.CommandFailed(ft.id(), "ERR FAILOVER already in progress.");
            }
            SimNode t = world.nodeAt(ft.replica());
            if (t == null || !t.alive || t.master || !address.equals(t.upstream) || !t.linkUp) {
                return new Inbound.CommandFailed(ft.id(), "ERR FAILOVER target replica is not online.");
            }
            handoverTarget = t;
            handoverEndMillis = world.now() + ft.timeoutMillis();
            writesPausedUntil = handoverEndMillis;
            return new Inbound.CommandOk(ft.id());
        }
        if (cmd instanceof Outbound.FailoverAbort fa) {
            if (handoverTarget == null) {
                return new Inbound.CommandFailed(fa.id(), "ERR No failover in progress.");
            }
            handoverTarget = null;
            writesPausedUntil = 0;
            return new Inbound.CommandOk(fa.id());
        }
        if (cmd instanceof Outbound.ClientPause cp) {
            writesPausedUntil = Math.max(writesPausedUntil, world.now() + cp.timeoutMillis());
            return new Inbound.CommandOk(cp.id());
        }
        if (cmd instanceof Outbound.ClientUnpause cu) {
            if (handoverTarget == null) {
                writesPausedUntil = 0;
            }
            return new Inbound.CommandOk(cu.id());
        }
        if (cmd instanceof Outbound.ConfigRewrite cr) {
            persistedMaster = master;
            persistedUpstream = upstream;
            return new Inbound.CommandOk(cr.id());
        }
        if (cmd instanceof Outbound.ConfigGetReplicaPriority cg) {
            return new Inbound.ReplicaPriorityReply(cg.id(), priority);
        }
        if (cmd instanceof Outbound.ScriptKill sk) {
            return new Inbound.CommandFailed(sk.id(), "NOTBUSY No scripts in execution right now.");
        }
        if (cmd instanceof Outbound.AskMasterDown a) {
            return new Inbound.CommandFailed(a.id(), "ERR unknown command 'SENTINEL'");
        }
        return null;
    }

    void replicaOf(Address newMaster, SimSentinel from) {
        if (newMaster == null) {
            if (!master) {
                SimNode u = upstream == null ? null : world.nodeAt(upstream);
                if (u != null && u.alive && u.master && u.writesPaused() && offset < u.offset) {
                    world.invariants.onSwitchoverLoss(this, u);
                }
                world.invariants.onNodePromoted(this, from);
                master = true;
                upstream = null;
                replid = world.hex40();
                linkUp = false;
            }
        } else if (master || !newMaster.equals(upstream)) {
            master = false;
            upstream = newMaster;
            linkUp = false;
            linkDownSince = world.now();
            syncDoneAt = 0;
        }
        // CONFIG REWRITE inside the transaction makes the new role survive a restart.
        persistedMaster = master;
        persistedUpstream = upstream;
    }

    String infoText() {
        StringBuilder sb = new StringBuilder(512);
        sb.append("# Server\r\nredis_version:7.0.15\r\nrun_id:").append(runId).append("\r\ntcp_port:")
                .append(address.port()).append("\r\n");
        if (loading()) {
            sb.append("loading:1\r\n");
        }
        sb.append("\r\n# Replication\r\n");
        if (master) {
            sb.append("role:master\r\n");
            List<SimNode> followers = world.followersOf(this);
            sb.append("connected_slaves:").append(followers.size()).append("\r\n");
            int i = 0;
            for (SimNode f : followers) {
                sb.append("slave").append(i++).append(":ip=").append(f.address.ip()).append(",port=")
                        .append(f.address.port()).append(",state=").append(f.linkUp ? "online" : "wait_bgsave")
                        .append(",offset=").append(f.offset).append(",lag=0\r\n");
            }
        } else {
            sb.append("role:slave\r\nmaster_host:").append(upstream.ip()).append("\r\nmaster_port:")
                    .append(upstream.port()).append("\r\nmaster_link_status:").append(linkUp ? "up" : "down")
                    .append("\r\nmaster_last_io_seconds_ago:").append(linkUp ? 0 : -1)
                    .append("\r\nmaster_sync_in_progress:0\r\nslave_read_repl_offset:").append(offset)
                    .append("\r\nslave_repl_offset:").append(offset).append("\r\n");
            if (!linkUp) {
                sb.append("master_link_down_since_seconds:")
                        .append(linkDownSince < 0 ? -1 : (world.now() - linkDownSince) / 1000).append("\r\n");
            }
            sb.append("slave_priority:").append(priority).append("\r\nslave_read_only:1\r\nreplica_announced:1\r\n")
                    .append("connected_slaves:0\r\n");
        }
        sb.append("master_replid:").append(replid).append("\r\nmaster_repl_offset:").append(offset).append("\r\n");
        return sb.toString();
    }

    @Override
    public String toString() {
        return id + "(" + address + (alive ? "" : " dead") + (hung ? " hung" : "") + " "
                + (master ? "master" : "replica-of " + upstream + (linkUp ? " up" : " down")) + " prio=" + priority
                + ")";
    }
}
