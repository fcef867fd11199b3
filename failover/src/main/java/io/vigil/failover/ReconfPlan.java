package io.vigil.failover;

import java.util.List;

/**
 * What to do in one RECONF_REPLICAS step.
 *
 * @param timedOut        replicas sent SLAVEOF too long ago: count them as done
 *                        ({@code -slave-reconf-sent-timeout})
 * @param send            replicas to send SLAVEOF to now ({@code +slave-reconf-sent})
 * @param endForTimeout   RECONF_REPLICAS exceeded failover-timeout ({@code +failover-end-for-timeout})
 * @param bestEffort      on timeout: connected replicas never sent SLAVEOF ({@code +slave-reconf-sent-be})
 * @param done            every reachable replica is reconfigured: go to UPDATE_CONFIG
 */
public record ReconfPlan(List<String> timedOut, List<String> send, boolean endForTimeout, List<String> bestEffort,
                         boolean done) {
}
