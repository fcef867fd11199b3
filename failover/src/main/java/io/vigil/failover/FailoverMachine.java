package io.vigil.failover;

/**
 * The failover state of one master, with its transitions in one place. Each transition checks the
 * state it leaves and throws {@link IllegalStateException} on an illegal move (like etcd raft's
 * panics), records the state-change time, and leaves emitting events to the caller.
 *
 * <p>{@code startTimeMillis} is Redis's {@code failover_start_time}: set (with jitter) when an
 * attempt starts, also pushed forward when this sentinel votes for another one, kept on abort, and
 * cleared by a master reset. It gates the next automatic attempt (2 x failover-timeout later).
 */
public final class FailoverMachine {
    private FailoverState state = FailoverState.NONE;
    private long epoch;
    private long startTimeMillis;
    private long stateChangedAtMillis;
    private String promoted;
    private boolean forced;

    public FailoverState state() {
        return state;
    }

    public boolean inProgress() {
        return state != FailoverState.NONE;
    }

    /** The epoch this attempt runs in (Redis {@code failover_epoch}); kept after the attempt ends. */
    public long epoch() {
        return epoch;
    }

    public long startTimeMillis() {
        return startTimeMillis;
    }

    public long stateChangedAtMillis() {
        return stateChangedAtMillis;
    }

    /** Name ({@code ip:port}) of the replica chosen for promotion, or null. */
    public String promoted() {
        return promoted;
    }

    public boolean forced() {
        return forced;
    }

    /** WAIT_START: a new attempt in {@code epoch}. {@code startTimeMillis} already carries jitter. */
    public void begin(long epoch, long nowMillis, long startTimeMillis, boolean forced) {
        require(FailoverState.NONE, "begin");
        this.epoch = epoch;
        this.startTimeMillis = startTimeMillis;
        this.forced = forced;
        this.promoted = null;
        move(FailoverState.WAIT_START, nowMillis);
    }

    public void elected(long nowMillis) {
        require(FailoverState.WAIT_START, "elected");
        move(FailoverState.SELECT_REPLICA, nowMillis);
    }

    public void selected(String replicaName, long nowMillis) {
        require(FailoverState.SELECT_REPLICA, "selected");
        this.promoted = replicaName;
        move(FailoverState.SEND_REPLICAOF_NO_ONE, nowMillis);
    }

    public void promotionSent(long nowMillis) {
        require(FailoverState.SEND_REPLICAOF_NO_ONE, "promotionSent");
        move(FailoverState.WAIT_PROMOTION, nowMillis);
    }

    public void promotionConfirmed(long nowMillis) {
        require(FailoverState.WAIT_PROMOTION, "promotionConfirmed");
        move(FailoverState.RECONF_REPLICAS, nowMillis);
    }

    public void replicasReconfigured(long nowMillis) {
        require(FailoverState.RECONF_REPLICAS, "replicasReconfigured");
        move(FailoverState.UPDATE_CONFIG, nowMillis);
    }

    /** Abort: back to NONE, keeping the start time so the next attempt waits 2 x failover-timeout. */
    public void abort() {
        if (!state.abortable()) {
            throw new IllegalStateException("cannot abort a failover in state " + state);
        }
        state = FailoverState.NONE;
        promoted = null;
        forced = false;
    }

    /** Master reset (address switch or SENTINEL RESET): no failover, may start again at once. */
    public void reset() {
        state = FailoverState.NONE;
        promoted = null;
        forced = false;
        startTimeMillis = 0;
        stateChangedAtMillis = 0;
    }

    /**
     * This sentinel voted for another sentinel: do not start an own attempt before
     * {@code startTimeMillis} + 2 x failover-timeout (sentinel.c sets failover_start_time).
     */
    public void holdOff(long startTimeMillis) {
        this.startTimeMillis = startTimeMillis;
    }

    private void require(FailoverState expected, String what) {
        if (state != expected) {
            throw new IllegalStateException(what + " in state " + state + ", expected " + expected);
        }
    }

    private void move(FailoverState next, long nowMillis) {
        state = next;
        stateChangedAtMillis = nowMillis;
    }
}
