package io.vigil.failover;

/**
 * One replica (other than the promoted one) as seen during RECONF_REPLICAS.
 *
 * @param name              {@code ip:port}
 * @param status            reconfiguration progress
 * @param sentAtMillis      when SLAVEOF was sent (meaningful when status is SENT)
 * @param connected         link connected
 * @param subjectivelyDown  SDOWN flag
 */
public record ReplicaReconf(String name, ReconfStatus status, long sentAtMillis, boolean connected,
                            boolean subjectivelyDown) {
}
