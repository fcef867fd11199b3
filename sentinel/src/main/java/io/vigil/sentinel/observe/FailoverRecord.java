package io.vigil.sentinel.observe;

import java.util.List;
import java.util.Map;

/**
 * One failover attempt of this sentinel, as the tracker derived it. Times are the daemon's clock
 * (wall clock at start, advancing monotonically) in ms; absent moments are null.
 *
 * @param id                   {@code <master>:<epoch>}, the same on every sentinel of the group
 * @param kind                 {@code auto}, {@code manual} or {@code coordinated}
 * @param detectedAtMillis     the master's +sdown (for a manual failover: its start)
 * @param startedAtMillis      +try-failover
 * @param result               {@code in_progress}, {@code ok}, {@code timeout} or {@code aborted}
 * @param reason               why it did not end ok ({@code not-elected}, {@code no-good-slave},
 *                             {@code slave-timeout}, {@code timeout}, {@code superseded},
 *                             {@code reset}, {@code removed}); null when ok or in progress
 * @param chosenReplica        {@code ip:port} of the selected replica, or null
 * @param excluded             replicas the ranking excluded at selection, with reasons
 * @param masterOffset         master_repl_offset from the master's last INFO at selection, or null
 * @param promotedOffset       the chosen replica's offset at selection, or null
 * @param writeLossWindowBytes a lower bound of the writes lost: the highest offset this sentinel
 *                             saw (master's last INFO or any replica) minus the chosen replica's
 * @param phaseMillis          detect (sdown to odown), odown (odown to try), elect, select,
 *                             promote, reconfig: only the phases whose both ends were seen
 * @param leader               the elected leader's id (this sentinel when it won), or null
 * @param votes                sentinel id to the leader it voted for in this epoch, as known here
 */
public record FailoverRecord(String id, String master, String kind, long epoch, long detectedAtMillis,
                             Long odownAtMillis, long startedAtMillis, Long electedAtMillis,
                             Long selectedAtMillis, Long promotedAtMillis, Long endedAtMillis, String result,
                             String reason, String chosenReplica, List<ExcludedReplica> excluded,
                             Long masterOffset, Long promotedOffset, Long writeLossWindowBytes,
                             Map<String, Long> phaseMillis, String leader, Map<String, String> votes) {
    public static final String IN_PROGRESS = "in_progress";
    public static final String OK = "ok";
    public static final String TIMEOUT = "timeout";
    public static final String ABORTED = "aborted";

    public FailoverRecord {
        excluded = List.copyOf(excluded);
        phaseMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseMillis));
        votes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(votes));
    }

    public boolean inProgress() {
        return IN_PROGRESS.equals(result);
    }

    /** From detection to the end, or null while in progress. */
    public Long durationMillis() {
        return endedAtMillis == null ? null : endedAtMillis - detectedAtMillis;
    }
}
