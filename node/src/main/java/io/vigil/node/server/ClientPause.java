package io.vigil.node.server;

import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE: while active, commands of normal clients wait (all of them, or only those that may
 * write or replicate: write commands, PUBLISH, EVAL, and EXEC of such commands). Replicas are never
 * paused. The held clients resume in the order they were held when the pause ends or on UNPAUSE.
 */
public final class ClientPause {
    /** What a pause holds back. */
    public enum Mode {
        WRITE, ALL
    }

    private final RespServer server;
    private Mode mode;
    private long endMillis;
    private final List<ClientSession> held = new ArrayList<>();
    private ScheduledFuture<?> timer;

    public ClientPause(RespServer server) {
        this.server = server;
    }

    public boolean active() {
        return mode != null;
    }

    public Mode mode() {
        return mode;
    }

    public long endMillis() {
        return endMillis;
    }

    /** Starts or extends the pause: the later end and the stricter mode win, as in Redis. */
    public void pause(Mode requested, long untilMillis) {
        if (mode == null || requested.ordinal() > mode.ordinal()) {
            mode = requested;
        }
        if (untilMillis > endMillis) {
            endMillis = untilMillis;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        long delay = Math.max(0, endMillis - server.nowMillis());
        timer = server.schedule(this::expireIfDue, delay + 1);
    }

    /** Ends the pause now (CLIENT UNPAUSE) and resumes the held clients. */
    public void unpause() {
        mode = null;
        endMillis = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        List<ClientSession> resumed = new ArrayList<>(held);
        held.clear();
        for (ClientSession session : resumed) {
            if (session.blockedOn() == RespServer.POSTPONED && !session.isClosing()) {
                session.unblock();
            }
        }
    }

    /** Called from the cron and the timer: ends an expired pause. */
    public void expireIfDue() {
        if (mode != null && server.nowMillis() >= endMillis) {
            unpause();
        }
    }

    /** The kernel's postpone decision (processCommand's pause check). */
    public boolean postpone(ClientSession session, CommandSpec spec) {
        if (mode == null || session.kind() == ClientKind.REPLICA) {
            return false;
        }
        if (server.nowMillis() >= endMillis) {
            unpause();
            return false;
        }
        boolean hold = mode == Mode.ALL || mayReplicate(session, spec);
        if (hold) {
            held.add(session);
        }
        return hold;
    }

    private static boolean mayReplicate(ClientSession session, CommandSpec spec) {
        if (spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE)) {
            return true;
        }
        if (spec.fullName().equals("exec")) {
            MultiState multi = session.attachment(MultiState.class);
            if (multi != null) {
                for (MultiState.Queued queued : multi.queued()) {
                    if (queued.spec().has(CommandFlag.WRITE) || queued.spec().has(CommandFlag.MAY_REPLICATE)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A held client went away. */
    public void forget(ClientSession session) {
        held.remove(session);
    }
}
