package io.vigil.node.repl;

import io.vigil.node.server.ClientSession;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * WAIT numreplicas timeout: clients parked until enough replicas acknowledged the offset of
 * their last write, or the timeout. Event-loop thread only.
 */
final class WaitQueue {
    /** The stream offset right after the client's last write (Redis's c->woff). */
    static final class WriteOffset {
        long offset;
    }

    private record Waiter(ClientSession session, long target, long needed, long deadlineMillis) {
    }

    private final Replication repl;
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean ackRequested;

    WaitQueue(Replication repl) {
        this.repl = repl;
    }

    /** The client's write-offset slot, created on first use. */
    static WriteOffset writeOffset(ClientSession session) {
        WriteOffset woff = session.attachment(WriteOffset.class);
        if (woff == null) {
            woff = new WriteOffset();
            session.attach(WriteOffset.class, woff);
        }
        return woff;
    }

    static long lastWrite(ClientSession session) {
        WriteOffset woff = session.attachment(WriteOffset.class);
        return woff == null ? 0 : woff.offset;
    }

    /** Online replicas that acknowledged at least {@code offset}. */
    int acked(long offset) {
        int count = 0;
        for (ReplicaHandle replica : repl.replicas) {
            if (replica.state == ReplicaState.ONLINE && replica.ackOffset >= offset) {
                count++;
            }
        }
        return count;
    }

    void add(ClientSession session, long target, long needed, long deadlineMillis) {
        session.block(this);
        waiters.add(new Waiter(session, target, needed, deadlineMillis));
        requestAckSoon();
    }

    /** One GETACK per event-loop turn, however many clients started waiting in it. */
    void requestAckSoon() {
        if (!ackRequested) {
            ackRequested = true;
            repl.eventLoop().execute(() -> {
                ackRequested = false;
                repl.requestAcks();
            });
        }
    }

    void check() {
        if (waiters.isEmpty()) {
            return;
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            int count = acked(waiter.target);
            if (count >= waiter.needed) {
                it.remove();
                reply(waiter, count);
            }
        }
    }

    void cron(long now) {
        if (waiters.isEmpty()) {
            return;
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.deadlineMillis > 0 && now >= waiter.deadlineMillis) {
                it.remove();
                reply(waiter, acked(waiter.target));
            }
        }
    }

    private static void reply(Waiter waiter, int count) {
        if (waiter.session.isClosing()) {
            return;
        }
        waiter.session.writer().integer(count);
        waiter.session.unblock();
        waiter.session.flushSoon();
    }

    void closed(ClientSession session) {
        waiters.removeIf(w -> w.session == session);
    }

    /** The node became a replica: blocked WAITs end with Redis's UNBLOCKED error. */
    void failAll() {
        List<Waiter> all = new ArrayList<>(waiters);
        waiters.clear();
        for (Waiter waiter : all) {
            if (!waiter.session.isClosing()) {
                waiter.session.writer().error("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
                waiter.session.unblock();
                waiter.session.flushSoon();
            }
        }
    }
}
