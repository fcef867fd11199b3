package io.vigil.sentinel.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vigil.node.metrics.Prometheus;
import io.vigil.sentinel.core.FailoverKind;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.core.SentinelBrain;
import io.vigil.sentinel.core.SentinelEvent;
import io.vigil.sentinel.runtime.SentinelEventListener;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Vigil's failover metrics, derived from the events the daemon emits (on its event loop, so the
 * brain may be read here): one attempt per {@code +try-failover}, closed by {@code +failover-end}
 * (ok, or timeout after {@code +failover-end-for-timeout}) or a {@code -failover-abort-<reason>};
 * phases are the gaps between the events that bound them. Counters and histograms go to the
 * micrometer registry; the last failover's time and loss window are gauges read at scrape time.
 */
final class FailoverMetrics implements SentinelEventListener {
    static final Duration[] FAILOVER_BUCKETS = seconds(0.5, 1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600);
    static final Duration[] PHASE_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300);
    static final Duration[] RTT_BUCKETS = seconds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5);
    /** Pings in flight beyond this are forgotten (a peer that never answers must not grow the map). */
    private static final int MAX_PINGS_IN_FLIGHT = 10_000;

    private final PrometheusMeterRegistry registry;
    private final Supplier<SentinelBrain> brain;
    private final LongSupplier now;
    private final Counter tilts;
    private final Counter persistErrors;
    private final Timer pingRtt;
    // Event-loop state (listener calls, ping hooks and scrape-time reads all run on the loop).
    private final Map<String, Long> masterSdownAt = new HashMap<>();
    private final Map<String, Long> masterOdownAt = new HashMap<>();
    private final Map<String, Attempt> attempts = new HashMap<>();
    private final Map<String, Long> lastFailoverAt = new HashMap<>();
    private final Map<String, Long> lossWindow = new HashMap<>();
    private final Map<Long, Long> pingsSentAtNanos = new HashMap<>();
    private final java.util.Set<String> seeded = new java.util.HashSet<>();

    /** One failover attempt of this sentinel, as its events reveal it. Times: daemon clock, ms. */
    private static final class Attempt {
        final String kind;
        final long detectedAt;
        final Long odownAt;
        final long triedAt;
        Long electedAt;
        Long selectedAt;
        Long promotedAt;
        boolean timedOut;

        Attempt(String kind, long detectedAt, Long odownAt, long triedAt) {
            this.kind = kind;
            this.detectedAt = detectedAt;
            this.odownAt = odownAt;
            this.triedAt = triedAt;
        }
    }

    /** @param brain the daemon's brain (null before it exists); @param now the daemon's clock */
    FailoverMetrics(PrometheusMeterRegistry registry, Supplier<SentinelBrain> brain, LongSupplier now) {
        this.registry = registry;
        this.brain = brain;
        this.now = now;
        this.tilts = Counter.builder("vigil_sentinel_tilt").description("Times this sentinel entered TILT mode")
                .register(registry);
        this.persistErrors = Counter.builder("vigil_sentinel_config_persist_errors")
                .description("Failed saves of sentinel.conf (state not persisted: votes and reconfigurations wait)")
                .register(registry);
        this.pingRtt = Timer.builder("vigil_sentinel_ping_rtt")
                .description("PING round trips to masters, replicas and sentinels")
                .serviceLevelObjectives(RTT_BUCKETS).register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }

    @Override
    public void onEvent(long at, SentinelEvent e) {
        String type = e.type();
        String master = e.masterName();
        boolean aboutMaster = e.text().startsWith("master ");
        if (type.equals("+tilt")) {
            tilts.increment();
            return;
        }
        if (master == null) {
            return;
        }
        switch (type) {
            case "+sdown" -> {
                if (aboutMaster) {
                    masterSdownAt.put(master, at);
                }
            }
            case "-sdown" -> {
                if (aboutMaster) {
                    masterSdownAt.remove(master);
                }
            }
            case "+odown" -> masterOdownAt.put(master, at);
            case "-odown" -> masterOdownAt.remove(master);
            case "+try-failover" -> {
                SentinelBrain b = brain.get();
                String kind = b == null ? "auto"
                        : b.failoverKind(master).map(FailoverKind::wireName).orElse("auto");
                boolean auto = kind.equals("auto");
                Long sdownAt = masterSdownAt.get(master);
                attempts.put(master, new Attempt(kind, auto && sdownAt != null ? sdownAt : at,
                        auto ? masterOdownAt.get(master) : null, at));
            }
            case "+elected-leader" -> {
                Attempt a = attempts.get(master);
                if (a != null) {
                    a.electedAt = at;
                }
                elections(master, "won");
            }
            case "+selected-slave" -> {
                Attempt a = attempts.get(master);
                if (a != null) {
                    a.selectedAt = at;
                }
                recordLossWindow(master, e.text());
            }
            case "+promoted-slave" -> {
                Attempt a = attempts.get(master);
                if (a != null) {
                    a.promotedAt = at;
                }
            }
            case "+failover-end-for-timeout" -> {
                Attempt a = attempts.get(master);
                if (a != null) {
                    a.timedOut = true;
                }
            }
            case "+failover-end" -> {
                Attempt a = attempts.get(master);
                end(master, at, a != null && a.timedOut ? "timeout" : "ok", a != null && a.timedOut ? "timeout" : "none");
                lastFailoverAt.put(master, at);
            }
            default -> {
                if (type.startsWith("-failover-abort-")) {
                    String reason = type.substring("-failover-abort-".length());
                    if (reason.equals("not-elected")) {
                        elections(master, "lost");
                    }
                    end(master, at, "aborted", reason);
                }
            }
        }
    }

    /**
     * Registers, at zero, the series an alert usually watches for each master (an automatic failover
     * that ended ok, elections won and lost), so they exist before the first failover: Prometheus's
     * increase() cannot see a counter's first sample. Other label combinations appear when they first
     * happen. Event loop.
     */
    void seedSeries(Iterable<String> masters) {
        for (String master : masters) {
            if (!seeded.add(master)) {
                continue;
            }
            failoversCounter(master, "auto", "ok", "none");
            electionsCounter(master, "won");
            electionsCounter(master, "lost");
        }
    }

    private Counter electionsCounter(String master, String result) {
        return Counter.builder("vigil_sentinel_elections").description("Leader elections this sentinel ran for a failover")
                .tags("master", master, "result", result).register(registry);
    }

    private Counter failoversCounter(String master, String kind, String result, String reason) {
        return Counter.builder("vigil_sentinel_failovers")
                .description("Failover attempts this sentinel ran, by kind, result (ok|timeout|aborted) and reason")
                .tags("master", master, "kind", kind, "result", result, "reason", reason)
                .register(registry);
    }

    private void elections(String master, String result) {
        electionsCounter(master, result).increment();
    }

    private void end(String master, long at, String result, String reason) {
        Attempt a = attempts.remove(master);
        String kind = a == null ? "auto" : a.kind;
        failoversCounter(master, kind, result, reason).increment();
        if (a == null) {
            return;
        }
        Timer.builder("vigil_sentinel_failover_duration")
                .description("From detection (the master's +sdown; the request for manual failovers) to the end")
                .tags("master", master, "kind", kind, "result", result)
                .serviceLevelObjectives(FAILOVER_BUCKETS).register(registry)
                .record(Math.max(0, at - a.detectedAt), TimeUnit.MILLISECONDS);
        phase(master, "detect", a.odownAt == null ? null : a.detectedAt, a.odownAt);
        phase(master, "odown", a.odownAt, a.triedAt);
        phase(master, "elect", a.triedAt, a.electedAt);
        phase(master, "select", a.electedAt, a.selectedAt);
        phase(master, "promote", a.selectedAt, a.promotedAt);
        phase(master, "reconfig", a.promotedAt, result.equals("aborted") ? null : at);
    }

    private void phase(String master, String phase, Long from, Long to) {
        if (from == null || to == null) {
            return;
        }
        Timer.builder("vigil_sentinel_failover_phase_duration")
                .description("Failover phases: detect (sdown to odown), odown (to the attempt), elect, select, "
                        + "promote, reconfig (promotion to the end)")
                .tags("master", master, "phase", phase)
                .serviceLevelObjectives(PHASE_BUCKETS).register(registry)
                .record(Math.max(0, to - from), TimeUnit.MILLISECONDS);
    }

    /**
     * {@code +selected-slave slave <ip:port> <ip> <port> @ <master> ...}: the writes the promoted
     * replica never received, as far as this sentinel saw: the highest offset known (the master's
     * last INFO, or any replica) minus the chosen replica's.
     */
    private void recordLossWindow(String master, String text) {
        SentinelBrain brain = this.brain.get();
        String[] words = text.split(" ");
        if (brain == null || words.length < 4) {
            return;
        }
        long now = this.now.getAsLong();
        String ip = words[2];
        String port = words[3];
        long highest = SentinelStateCollector.masterOffset(brain, master, now);
        Long chosen = null;
        for (InstanceView r : brain.replicas(master, now).orElse(List.of())) {
            highest = Math.max(highest, r.replOffset());
            if (r.address().ip().equals(ip) && Integer.toString(r.address().port()).equals(port)) {
                chosen = r.replOffset();
            }
        }
        if (chosen != null && highest >= 0) {
            lossWindow.put(master, Math.max(0, highest - chosen));
        }
    }

    void pingSent(long id) {
        if (pingsSentAtNanos.size() >= MAX_PINGS_IN_FLIGHT) {
            pingsSentAtNanos.clear();
        }
        pingsSentAtNanos.put(id, System.nanoTime());
    }

    void pingReplied(long id) {
        Long sent = pingsSentAtNanos.remove(id);
        if (sent != null) {
            pingRtt.record(System.nanoTime() - sent, TimeUnit.NANOSECONDS);
        }
    }

    void persistError() {
        persistErrors.increment();
    }

    /**
     * Scrape-time gauges, on the event loop: the last failover's time and loss window per master.
     * {@code trackedWindow} is the failover tracker's window for the master's latest attempt (it
     * takes a coordinated switchover's at the handover, when the replica has caught up), or null.
     */
    List<MetricSnapshot> stateSnapshots(List<String> masters, Function<String, Long> trackedWindow) {
        var last = new Prometheus.Gauges("vigil_sentinel_last_failover_timestamp_seconds",
                "When the last failover this sentinel ran ended successfully (0: none since start)");
        var loss = new Prometheus.Gauges("vigil_sentinel_write_loss_window_bytes",
                "At the last replica selection: the highest replication offset seen minus the promoted replica's");
        for (String m : masters) {
            Long at = lastFailoverAt.get(m);
            last.add(at == null ? 0 : at / 1000.0, "master", m);
            Long window = trackedWindow.apply(m);
            if (window == null) {
                window = lossWindow.get(m);
            }
            if (window != null) {
                loss.add(window, "master", m);
            }
        }
        return List.of(last.build(), loss.build());
    }
}
