package io.vigil.failover;

/**
 * Failover states of one master, named for what the machine waits on or does next, with the
 * {@code failover-state} strings of SENTINEL MASTER (sentinel.c {@code SENTINEL_FAILOVER_STATE_*}).
 */
public enum FailoverState {
    NONE("none"),
    WAIT_START("wait_start"),
    SELECT_REPLICA("select_slave"),
    SEND_REPLICAOF_NO_ONE("send_slaveof_noone"),
    WAIT_PROMOTION("wait_promotion"),
    RECONF_REPLICAS("reconf_slaves"),
    UPDATE_CONFIG("update_config");

    private final String wireName;

    FailoverState(String wireName) {
        this.wireName = wireName;
    }

    /** The string shown as {@code failover-state} by SENTINEL MASTER(S). */
    public String wireName() {
        return wireName;
    }

    /** A failover can be aborted only before the promoted replica has confirmed its new role. */
    public boolean abortable() {
        return this == WAIT_START || this == SELECT_REPLICA || this == SEND_REPLICAOF_NO_ONE
                || this == WAIT_PROMOTION;
    }

    /**
     * From RECONF_REPLICAS on, the master's advertised address is the promoted replica's
     * (sentinel.c {@code sentinelGetCurrentMasterAddress}).
     */
    public boolean promotionConfirmed() {
        return this == RECONF_REPLICAS || this == UPDATE_CONFIG;
    }
}
