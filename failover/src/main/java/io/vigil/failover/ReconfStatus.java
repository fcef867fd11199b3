package io.vigil.failover;

/** Reconfiguration progress of one replica during RECONF_REPLICAS (flags reconf_sent/inprog/done). */
public enum ReconfStatus {
    NONE,
    SENT,
    IN_PROGRESS,
    DONE
}
