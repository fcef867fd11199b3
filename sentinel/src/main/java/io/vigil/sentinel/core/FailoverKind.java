package io.vigil.sentinel.core;

/**
 * Why a failover runs: {@code AUTO} after ODOWN and an election, {@code MANUAL} for a plain
 * SENTINEL FAILOVER, {@code COORDINATED} for SENTINEL FAILOVER &lt;name&gt; COORDINATED (the
 * zero-loss switchover of a healthy master: writes paused, replica caught up, then handover).
 */
public enum FailoverKind {
    AUTO("auto"), MANUAL("manual"), COORDINATED("coordinated");

    private final String wireName;

    FailoverKind(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in metrics labels and the API ({@code auto|manual|coordinated}). */
    public String wireName() {
        return wireName;
    }
}
