package io.vigil.failover;

/**
 * What the ranking needs to know about one replica, as seen by this sentinel at one instant.
 *
 * @param name                      {@code ip:port}
 * @param runId                     run_id from INFO, or null when unknown (sorts last)
 * @param priority                  slave_priority from INFO (100 until INFO is seen)
 * @param replOffset                slave_repl_offset from INFO
 * @param subjectivelyDown          SDOWN flag
 * @param objectivelyDown           ODOWN flag
 * @param disconnected              link disconnected
 * @param lastValidReplyAgeMillis   ms since the last valid PING reply
 * @param infoAgeMillis             ms since the last INFO reply (Long.MAX_VALUE if never)
 * @param masterLinkDownMillis      master-link-down-time from INFO (0 when the link is up)
 * @param reportsMasterWithUnknownPriority  its last INFO said role:master and no INFO of it as a
 *                                  replica (with slave_priority) was ever seen
 */
public record ReplicaCandidate(String name, String runId, int priority, long replOffset,
                               boolean subjectivelyDown, boolean objectivelyDown, boolean disconnected,
                               long lastValidReplyAgeMillis, long infoAgeMillis, long masterLinkDownMillis,
                               boolean reportsMasterWithUnknownPriority) {
}
