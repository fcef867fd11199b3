package io.vigil.node.server;

import io.netty.buffer.ByteBuf;

/**
 * client-output-buffer-limit for the normal and pubsub classes, as Redis's
 * checkClientOutputBufferLimits: the hard limit closes a client as soon as its pending output
 * reaches it; the soft limit closes it once its output has stayed at or above it for more than the
 * soft seconds. Pending output is what the writer holds plus what Netty has queued and not yet
 * written to the socket (CLIENT LIST's obl + omem). Replicas have their own check in repl.
 */
public final class ClientOutputLimits {
    /** One class's limits; 0 disables a limit. */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {
        public static final Limit NONE = new Limit(0, 0, 0);

        boolean enabled() {
            return hardBytes > 0 || softBytes > 0;
        }
    }

    private volatile Limit normal = Limit.NONE;
    private volatile Limit pubsub = new Limit(32L * 1024 * 1024, 8L * 1024 * 1024, 60);

    public void normal(Limit limit) {
        normal = limit;
    }

    public Limit normal() {
        return normal;
    }

    public void pubsub(Limit limit) {
        pubsub = limit;
    }

    public Limit pubsub() {
        return pubsub;
    }

    /** True when normal clients have a limit: only then is their output measured after each read. */
    public boolean normalEnabled() {
        return normal.enabled();
    }

    /**
     * Checks a client that was just given output; closes it (dropping what it has not received)
     * when it is over its class's limit. Returns true when it was closed.
     */
    public boolean enforce(ClientSession session, long nowMillis) {
        Limit limit = switch (session.kind()) {
            case NORMAL -> normal;
            case PUBSUB -> pubsub;
            default -> null; // replicas: repl's check; the master link is never limited
        };
        if (limit == null || !limit.enabled() || session.isClosing()) {
            return false;
        }
        long used = session.writer().pendingBytes() + session.pendingOutputBytes();
        boolean hard = limit.hardBytes() > 0 && used >= limit.hardBytes();
        boolean soft = limit.softBytes() > 0 && used >= limit.softBytes();
        long nowSeconds = nowMillis / 1000;
        if (soft) {
            if (session.outputSoftLimitSinceSeconds < 0) {
                session.outputSoftLimitSinceSeconds = nowSeconds;
                soft = false; // first time the soft limit is seen reached
            } else if (nowSeconds - session.outputSoftLimitSinceSeconds <= limit.softSeconds()) {
                soft = false;
            }
        } else {
            session.outputSoftLimitSinceSeconds = -1;
        }
        if (!hard && !soft) {
            return false;
        }
        ServerLog.get().warning("Client " + session.server().clientInfo(session)
                + " scheduled to be closed ASAP for overcoming of output buffer limits.");
        // As Redis's freeClientAsync: the client is dropped, not sent what it failed to read.
        ByteBuf pending = session.writer().drain();
        if (pending != null) {
            pending.release();
        }
        session.close();
        return true;
    }
}
