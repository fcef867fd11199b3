package io.vigil.sentinel.observe;

import io.vigil.failover.Exclusion;
import io.vigil.failover.Ranking;
import io.vigil.failover.ReplicaCandidate;
import io.vigil.sentinel.core.SentinelEvent;
import io.vigil.sentinel.runtime.SentinelEventListener;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Derives one {@link FailoverRecord} per failover attempt of this sentinel from its event stream
 * (+sdown, +odown, +try-failover, +elected-leader, +selected-slave, +promoted-slave,
 * +failover-end, -failover-abort-*...) plus reads of the brain through a {@link FailoverProbe} at
 * the moments that matter (the ranking and offsets at +selected-slave, the votes at election).
 *
 * <p>Only attempts this sentinel started (+try-failover) become records: a sentinel that merely
 * observes a peer's failover sees +switch-master through +config-update-from and counts nothing,
 * so that summing a group's metrics does not count one failover three times.
 *
 * <p>Events arrive on the event loop; readers (HTTP, metrics) call from any thread, hence the
 * synchronized methods and immutable snapshots.
 */
public final class FailoverTracker implements SentinelEventListener {
    /** How many completed records are kept. */
    public static final int COMPLETED_CAPACITY = 200;

    private final FailoverProbe probe;
    private final Map<String, MasterTrack> tracks = new HashMap<>();
    private final ArrayDeque<FailoverRecord> completed = new ArrayDeque<>();
    private final List<Consumer<FailoverRecord>> completedListeners = new CopyOnWriteArrayList<>();
    private long electionsWon;
    private long electionsLost;
    private long tiltCount;
    private long lastNewEpoch;
    private SentinelEvent touchedEvent;
    private FailoverRecord touchedRecord;

    public FailoverTracker(FailoverProbe probe) {
        this.probe = probe;
    }

    /** Per-master state: the pending detection and the running attempt. */
    private static final class MasterTrack {
        Long sdownAt;
        Long odownAt;
        String myVote;
        long myVoteEpoch;
        Attempt current;
        FailoverRecord last;
    }

    /** The mutable form of a record while the attempt runs. */
    private static final class Attempt {
        String master;
        String kind;
        long epoch;
        long detectedAt;
        Long odownAt;
        long startedAt;
        Long electedAt;
        Long selectedAt;
        Long promotedAt;
        Long endedAt;
        String result = FailoverRecord.IN_PROGRESS;
        String reason;
        String chosen;
        List<ExcludedReplica> excluded = List.of();
        Long masterOffset;
        Long promotedOffset;
        Long lossWindow;
        boolean timedOut;
        String leader;
        Map<String, String> votes = new LinkedHashMap<>();

        FailoverRecord snapshot() {
            Map<String, Long> phases = new LinkedHashMap<>();
            phase(phases, "detect", odownAt == null ? null : detectedAt, odownAt);
            phase(phases, "odown", odownAt, odownAt == null ? null : startedAt);
            phase(phases, "elect", startedAt, electedAt);
            phase(phases, "select", electedAt, selectedAt);
            phase(phases, "promote", selectedAt, promotedAt);
            phase(phases, "reconfig", promotedAt, endedAt);
            return new FailoverRecord(master + ":" + epoch, master, kind, epoch, detectedAt, odownAt, startedAt,
                    electedAt, selectedAt, promotedAt, endedAt, result, reason, chosen, excluded, masterOffset,
                    promotedOffset, lossWindow, phases, leader, votes);
        }

        private static void phase(Map<String, Long> phases, String name, Long from, Long to) {
            if (from != null && to != null) {
                phases.put(name, Math.max(0, to - from));
            }
        }
    }

    // ------------------------------------------------------------------------ reads

    /** The running attempt for this master. */
    public synchronized Optional<FailoverRecord> current(String master) {
        MasterTrack t = tracks.get(master);
        return t == null || t.current == null ? Optional.empty() : Optional.of(t.current.snapshot());
    }

    /** The running attempt if any, else the last completed one, for this master. */
    public synchronized Optional<FailoverRecord> last(String master) {
        MasterTrack t = tracks.get(master);
        if (t == null) {
            return Optional.empty();
        }
        return t.current != null ? Optional.of(t.current.snapshot()) : Optional.ofNullable(t.last);
    }

    /** Completed records of every master, oldest first (bounded). */
    public synchronized List<FailoverRecord> completed() {
        return List.copyOf(completed);
    }

    /** Elections this sentinel won (+elected-leader). */
    public synchronized long electionsWon() {
        return electionsWon;
    }

    /** Elections this sentinel lost (-failover-abort-not-elected). */
    public synchronized long electionsLost() {
        return electionsLost;
    }

    /** Times TILT was entered. */
    public synchronized long tiltCount() {
        return tiltCount;
    }

    /** Called (on the event loop) with each record when it completes, whatever its result. */
    public void onCompleted(Consumer<FailoverRecord> listener) {
        completedListeners.add(listener);
    }

    /**
     * The record the given event (the last one processed) belongs to, as it stands after it: the
     * JSON event log, registered after the tracker, uses it for failover ids and details.
     */
    public synchronized Optional<FailoverRecord> touchedBy(SentinelEvent e) {
        return e == touchedEvent ? Optional.ofNullable(touchedRecord) : Optional.empty();
    }

    // ------------------------------------------------------------------------ event stream

    @Override
    public void onEvent(long atMillis, SentinelEvent e) {
        FailoverRecord done;
        synchronized (this) {
            touchedEvent = e;
            touchedRecord = null;
            done = apply(atMillis, e);
        }
        if (done != null) {
            for (Consumer<FailoverRecord> l : completedListeners) {
                l.accept(done);
            }
        }
    }

    /** Applies one event; returns the record it completed, if any. */
    private FailoverRecord apply(long at, SentinelEvent e) {
        String type = e.type();
        String master = e.masterName();
        boolean aboutMaster = e.text().startsWith("master ");
        switch (type) {
            case "+tilt" -> tiltCount++;
            case "+new-epoch" -> {
                try {
                    lastNewEpoch = Long.parseLong(e.text().trim());
                } catch (NumberFormatException ignored) {
                    // not an epoch: nothing to learn
                }
            }
            default -> {
            }
        }
        if (master == null) {
            return null;
        }
        MasterTrack t = tracks.computeIfAbsent(master, k -> new MasterTrack());
        Attempt a = t.current;
        switch (type) {
            case "+sdown" -> {
                if (aboutMaster) {
                    t.sdownAt = at;
                    t.odownAt = null;
                }
            }
            case "-sdown" -> {
                if (aboutMaster) {
                    t.sdownAt = null;
                    t.odownAt = null;
                }
            }
            case "+odown" -> {
                if (aboutMaster) {
                    t.odownAt = at;
                    if (t.sdownAt == null) {
                        t.sdownAt = at;
                    }
                }
            }
            case "-odown" -> {
                if (aboutMaster) {
                    t.odownAt = null;
                }
            }
            case "+vote-for-leader" -> {
                String[] w = e.text().trim().split(" ");
                if (w.length >= 2) {
                    t.myVote = w[0];
                    t.myVoteEpoch = parseLong(w[1], 0);
                }
            }
            case "+try-failover" -> {
                FailoverRecord superseded = a == null ? null : finish(t, at, FailoverRecord.ABORTED, "superseded");
                t.current = start(t, master, at);
                touched(t.current);
                return superseded;
            }
            case "+elected-leader" -> {
                electionsWon++;
                if (a != null) {
                    a.electedAt = at;
                    a.leader = probe.myId();
                    a.votes = votes(t, master, a.epoch);
                    touched(a);
                }
            }
            case "-failover-abort-not-elected" -> {
                electionsLost++;
                if (a != null) {
                    a.votes = votes(t, master, a.epoch);
                    a.leader = leaderOf(a.votes);
                    return finish(t, at, FailoverRecord.ABORTED, "not-elected");
                }
            }
            case "+selected-slave" -> {
                if (a != null) {
                    selected(a, master, replicaName(e.text()), at);
                    touched(a);
                }
            }
            case "+promoted-slave" -> {
                if (a != null) {
                    a.promotedAt = at;
                    if ("coordinated".equals(a.kind)) {
                        // The master was alive and paused until now: what counts is the gap at the
                        // handover, not at selection (when it was still taking writes).
                        offsetsAtHandover(a, master);
                    }
                    touched(a);
                }
            }
            case "+failover-end-for-timeout" -> {
                if (a != null) {
                    a.timedOut = true;
                    touched(a);
                }
            }
            case "+failover-end" -> {
                if (a != null) {
                    return a.timedOut ? finish(t, at, FailoverRecord.TIMEOUT, "timeout")
                            : finish(t, at, FailoverRecord.OK, null);
                }
            }
            case "+reset-master" -> {
                t.sdownAt = null;
                t.odownAt = null;
                if (a != null) {
                    return finish(t, at, FailoverRecord.ABORTED, "reset");
                }
            }
            case "-monitor" -> {
                FailoverRecord r = a == null ? null : finish(t, at, FailoverRecord.ABORTED, "removed");
                tracks.remove(master);
                return r;
            }
            case "+config-update-from" -> {
                // A peer's newer configuration replaced ours while our attempt ran.
                if (a != null) {
                    return finish(t, at, FailoverRecord.ABORTED, "superseded");
                }
            }
            default -> {
                if (type.startsWith("-failover-abort-") && a != null) {
                    return finish(t, at, FailoverRecord.ABORTED, type.substring("-failover-abort-".length()));
                }
                if (a != null && (type.startsWith("+failover-state-") || type.startsWith("+slave-reconf-")
                        || type.startsWith("-slave-reconf-") || type.startsWith("+switchover-"))) {
                    touched(a);
                }
            }
        }
        return null;
    }

    private Attempt start(MasterTrack t, String master, long at) {
        Attempt a = new Attempt();
        a.master = master;
        a.startedAt = at;
        OptionalLong ep = probe.failoverEpoch(master);
        a.epoch = ep.isPresent() ? ep.getAsLong() : lastNewEpoch;
        // Until the brain tells the kind, a failover that did not follow ODOWN was requested.
        a.kind = probe.kind(master).orElse(t.odownAt == null ? "manual" : "auto");
        boolean manual = !"auto".equals(a.kind) || t.odownAt == null;
        a.odownAt = manual ? null : t.odownAt;
        a.detectedAt = !manual && t.sdownAt != null ? t.sdownAt : at;
        return a;
    }

    private void selected(Attempt a, String master, String chosen, long at) {
        a.selectedAt = at;
        a.chosen = chosen;
        Optional<Ranking> ranking = probe.ranking(master);
        List<ExcludedReplica> ex = new ArrayList<>();
        Long chosenOffset = null;
        if (ranking.isPresent()) {
            for (Map.Entry<String, Exclusion> x : ranking.get().excluded().entrySet()) {
                ex.add(new ExcludedReplica(x.getKey(), x.getValue().name().toLowerCase(Locale.ROOT), x.getValue().text()));
            }
            for (ReplicaCandidate c : ranking.get().candidates()) {
                if (c.name().equals(chosen)) {
                    chosenOffset = c.replOffset();
                }
            }
        }
        Map<String, Long> offsets = probe.replicaOffsets(master);
        if (chosenOffset == null) {
            chosenOffset = offsets.get(chosen);
        }
        a.excluded = ex;
        OptionalLong mo = probe.masterOffset(master);
        a.masterOffset = mo.isPresent() ? mo.getAsLong() : null;
        a.promotedOffset = chosenOffset;
        if (chosenOffset != null) {
            long highest = mo.isPresent() ? mo.getAsLong() : chosenOffset;
            for (long o : offsets.values()) {
                highest = Math.max(highest, o);
            }
            a.lossWindow = Math.max(0, highest - chosenOffset);
        }
    }

    private void offsetsAtHandover(Attempt a, String master) {
        OptionalLong mo = probe.masterOffset(master);
        Long replica = a.chosen == null ? null : probe.replicaOffsets(master).get(a.chosen);
        if (mo.isPresent()) {
            a.masterOffset = mo.getAsLong();
        }
        if (replica != null) {
            a.promotedOffset = replica;
        }
        if (a.masterOffset != null && a.promotedOffset != null) {
            a.lossWindow = Math.max(0, a.masterOffset - a.promotedOffset);
        }
    }

    private Map<String, String> votes(MasterTrack t, String master, long epoch) {
        Map<String, String> v = new LinkedHashMap<>();
        String me = probe.myId();
        if (me != null && t.myVote != null && t.myVoteEpoch == epoch) {
            v.put(me, t.myVote);
        }
        v.putAll(probe.peerVotes(master, epoch));
        return v;
    }

    /** The candidate most voted for, ties to the first seen. */
    private static String leaderOf(Map<String, String> votes) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (String l : votes.values()) {
            n.merge(l, 1, Integer::sum);
        }
        String best = null;
        int bestN = 0;
        for (Map.Entry<String, Integer> x : n.entrySet()) {
            if (x.getValue() > bestN) {
                best = x.getKey();
                bestN = x.getValue();
            }
        }
        return best;
    }

    private FailoverRecord finish(MasterTrack t, long at, String result, String reason) {
        Attempt a = t.current;
        a.endedAt = at;
        a.result = result;
        a.reason = reason;
        FailoverRecord r = a.snapshot();
        t.current = null;
        t.last = r;
        if (!FailoverRecord.ABORTED.equals(result)) {
            // The master was replaced: its detection is over. After an abort it is still down and
            // the next attempt belongs to the same detection.
            t.sdownAt = null;
            t.odownAt = null;
        }
        completed.addLast(r);
        while (completed.size() > COMPLETED_CAPACITY) {
            completed.removeFirst();
        }
        touchedRecord = r;
        return r;
    }

    private void touched(Attempt a) {
        touchedRecord = a.snapshot();
    }

    /** {@code slave 127.0.0.1:6380 127.0.0.1 6380 @ ...} gives {@code 127.0.0.1:6380}. */
    static String replicaName(String text) {
        String[] w = text.split(" ");
        return w.length >= 2 ? w[1] : text;
    }

    private static long parseLong(String s, long dflt) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
