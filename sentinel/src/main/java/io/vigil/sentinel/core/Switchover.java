package io.vigil.sentinel.core;

/**
 * State of one coordinated (zero-loss) switchover, kept beside the failover machine, which sits in
 * WAIT_PROMOTION for the whole handover (brain-internal, mutable).
 *
 * <p>Preferred path: {@code FAILOVER TO} on the master, which pauses writes, waits for the replica
 * and hands over by itself. Fallback when FAILOVER is refused: {@code CLIENT PAUSE WRITE} on the
 * master, poll INFO until the replica's slave_repl_offset reaches the paused master's
 * master_repl_offset, then the usual SLAVEOF NO ONE; the old master is repointed and unpaused once
 * the replica reports role:master.
 */
final class Switchover {
    enum Phase {
        /** Not a coordinated failover, or finished. */
        NONE,
        /** FAILOVER TO sent, no reply yet. */
        HANDOVER_SENT,
        /** FAILOVER TO accepted: the master pauses writes and hands over by itself. */
        HANDOVER,
        /** CLIENT PAUSE WRITE sent, no reply yet. */
        PAUSE_SENT,
        /** Writes paused: waiting for the replica's offset to reach the master's. */
        CATCH_UP,
        /** Caught up: SLAVEOF NO ONE sent to the replica, the master still paused. */
        PROMOTING
    }

    Phase phase = Phase.NONE;
    /** Pending id of FAILOVER TO or CLIENT PAUSE. */
    long requestId;
    /** The master's master_repl_offset read after the pause took effect (-1 = not yet). */
    long pausedMasterOffset = -1;
    /** Past this time the switchover is abandoned (unless the handover already happened). */
    long deadlineMillis;
    /** The timeout given to the master (FAILOVER TO TIMEOUT, CLIENT PAUSE). */
    long timeoutMillis;
    /** Whether writes were reported paused (+switchover-pause emitted). */
    boolean paused;

    boolean active() {
        return phase != Phase.NONE;
    }

    /** The fallback (CLIENT PAUSE) path, whose pause this sentinel must lift itself. */
    boolean clientPaused() {
        return phase == Phase.PAUSE_SENT || phase == Phase.CATCH_UP || phase == Phase.PROMOTING;
    }

    void clear() {
        phase = Phase.NONE;
        requestId = 0;
        pausedMasterOffset = -1;
        deadlineMillis = 0;
        timeoutMillis = 0;
        paused = false;
    }
}
