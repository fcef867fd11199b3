package io.vigil.failover;

/** Why a replica was not a promotion candidate (sentinel.c {@code sentinelSelectSlave}). */
public enum Exclusion {
    SUBJECTIVELY_DOWN("replica is subjectively down"),
    OBJECTIVELY_DOWN("replica is objectively down"),
    DISCONNECTED("link to the replica is disconnected"),
    STALE_PING("no valid PING reply within 5 x ping-period"),
    PRIORITY_ZERO("replica-priority is 0"),
    STALE_INFO("INFO reply too old"),
    MASTER_LINK_DOWN_TOO_LONG("replica's link to its master has been down too long"),
    UNKNOWN_PRIORITY("replica reports role:master and its replica-priority is not known yet");

    private final String text;

    Exclusion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
