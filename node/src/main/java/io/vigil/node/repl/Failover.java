package io.vigil.node.repl;

import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.ServerLog;

/**
 * FAILOVER (Redis 6.2+'s coordinated handover): pause writes, wait until the target replica has
 * acknowledged everything, then become its replica with {@code PSYNC <replid> <offset> FAILOVER},
 * which makes it take over. Writes stay paused until that PSYNC is answered, so no acknowledged
 * write is lost. Event-loop thread only.
 */
final class Failover {
    enum State {
        NO_FAILOVER("no-failover"), WAIT_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        final String infoName;

        State(String infoName) {
            this.infoName = infoName;
        }
    }

    /** How writes are held while failing over (the kernel's CLIENT PAUSE WRITE). */
    interface WritePause {
        void pause();

        void unpause();
    }

    private final Replication repl;
    private State state = State.NO_FAILOVER;
    private String targetHost;
    private int targetPort;
    private long endMillis;
    /**
     * The master's offset when writes were paused, before the GETACK below: a replica that acked
     * it has every write. Its answer to that GETACK cannot include the GETACK's own bytes (the
     * offset moves once a command is processed), so waiting for the exact current offset would
     * wait for the next periodic ACK, up to a second of paused writes.
     */
    private long pausedAtOffset;
    private boolean force;
    private WritePause writePause;

    Failover(Replication repl) {
        this.repl = repl;
    }

    void writePause(WritePause pause) {
        this.writePause = pause;
    }

    String stateName() {
        return state.infoName;
    }

    boolean active() {
        return state != State.NO_FAILOVER;
    }

    boolean pausing() {
        return state != State.NO_FAILOVER;
    }

    boolean inProgress() {
        return state == State.IN_PROGRESS;
    }

    /** Starts a failover; returns an error text or null. */
    String start(String host, int port, boolean force, long timeoutMillis, long now) {
        if (repl.isReplica()) {
            return "ERR FAILOVER is not valid when server is a replica.";
        }
        if (repl.replicas.isEmpty()) {
            return "ERR FAILOVER requires connected replicas.";
        }
        if (state != State.NO_FAILOVER) {
            return "ERR FAILOVER already in progress.";
        }
        if (host != null) {
            ReplicaHandle target = find(host, port);
            if (target == null) {
                return "ERR FAILOVER target HOST and PORT is not a replica.";
            }
            if (target.state != ReplicaState.ONLINE) {
                return "ERR FAILOVER target replica is not online.";
            }
        }
        this.targetHost = host;
        this.targetPort = port;
        this.force = force;
        this.endMillis = timeoutMillis > 0 ? now + timeoutMillis : 0;
        if (host != null) {
            ServerLog.get().notice("FAILOVER requested to " + host + ":" + port + ".");
        } else {
            ServerLog.get().notice("FAILOVER requested to any replica.");
        }
        state = State.WAIT_FOR_SYNC;
        if (writePause != null) {
            writePause.pause();
        }
        pausedAtOffset = repl.masterReplOffset;
        repl.requestAcks();
        return null;
    }

    private ReplicaHandle find(String host, int port) {
        for (ReplicaHandle replica : repl.replicas) {
            if (replica.ip().equalsIgnoreCase(host) && replica.listeningPort == port) {
                return replica;
            }
        }
        return null;
    }

    /** FAILOVER ABORT; returns an error text or null. */
    String abortCommand() {
        if (state == State.NO_FAILOVER) {
            return "ERR No failover in progress.";
        }
        abort("Failover manually aborted");
        return null;
    }

    void abort(String reason) {
        if (state == State.NO_FAILOVER) {
            return;
        }
        if (targetHost != null) {
            ServerLog.get().notice("FAILOVER to " + targetHost + ":" + targetPort + " aborted: " + reason);
        } else {
            ServerLog.get().notice("FAILOVER to any replica aborted: " + reason);
        }
        if (state == State.IN_PROGRESS) {
            repl.becomeMaster();
        }
        clear();
    }

    private void clear() {
        state = State.NO_FAILOVER;
        targetHost = null;
        targetPort = 0;
        endMillis = 0;
        force = false;
        if (writePause != null) {
            writePause.unpause();
        }
    }

    /** An ACK arrived or time passed: is the target caught up? */
    void check() {
        if (state != State.WAIT_FOR_SYNC) {
            return;
        }
        long now = repl.node.server().nowMillis();
        if (endMillis > 0 && endMillis <= now) {
            if (force && targetHost != null) {
                ServerLog.get().notice("FAILOVER to " + targetHost + ":" + targetPort + " time out exceeded, failing over.");
                handOver();
            } else {
                abort("Replica never caught up before timeout");
            }
            return;
        }
        ReplicaHandle target = null;
        if (targetHost != null) {
            target = find(targetHost, targetPort);
        } else {
            for (ReplicaHandle replica : repl.replicas) {
                if (replica.state == ReplicaState.ONLINE && replica.ackOffset >= pausedAtOffset) {
                    target = replica;
                    targetHost = replica.ip();
                    targetPort = replica.listeningPort;
                    break;
                }
            }
        }
        if (target != null && target.ackOffset >= pausedAtOffset) {
            ServerLog.get().notice("Failover target " + targetHost + ":" + targetPort + " is synced, failing over.");
            handOver();
        }
    }

    private void handOver() {
        state = State.IN_PROGRESS;
        repl.replicaOf(targetHost, targetPort, null);
        if (repl.link != null) {
            repl.link.psyncFailover(true);
        }
    }

    /** The new master answered our PSYNC: the handover is done (or failed). */
    void psyncAnswered(boolean accepted) {
        if (state != State.IN_PROGRESS) {
            return;
        }
        if (accepted) {
            clear();
        } else {
            abort("Failover target rejected psync request");
        }
    }

    void cron(long now) {
        // No GETACK here: each one moves the offset the target has to reach; its periodic ACKs suffice.
        check();
    }

    /** Writes are refused here only when no pause mechanism is plugged in. */
    String refuse(ClientSession session, CommandSpec spec) {
        return null;
    }
}
