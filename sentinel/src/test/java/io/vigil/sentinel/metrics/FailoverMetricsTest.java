package io.vigil.sentinel.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.node.metrics.Prometheus;
import io.vigil.sentinel.core.EventLevel;
import io.vigil.sentinel.core.SentinelEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failover metrics from synthetic event streams: results, reasons, phases, elections, TILT. */
class FailoverMetricsTest {
    private final PrometheusMeterRegistry registry = Prometheus.newRegistry("sentinel");
    private final FailoverMetrics metrics = new FailoverMetrics(registry, () -> null, () -> 0L);

    private void event(long at, String type, String text) {
        metrics.onEvent(at, new SentinelEvent(type, EventLevel.WARNING, text, "m", true));
    }

    private void master(long at, String type) {
        event(at, type, "master m 127.0.0.1 6379");
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void successfulFailoverIsCountedWithItsPhases() {
        master(1_000, "+sdown");
        master(1_200, "+odown");
        master(1_300, "+try-failover");
        master(1_400, "+elected-leader");
        event(1_500, "+selected-slave", "slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379");
        event(2_500, "+promoted-slave", "slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379");
        master(4_000, "+failover-end");
        PrometheusText t = scrape();
        assertEquals(1, t.value("vigil_sentinel_failovers_total",
                Map.of("master", "m", "kind", "auto", "result", "ok", "reason", "none")));
        assertEquals(3.0, t.value("vigil_sentinel_failover_duration_seconds_sum", Map.of("master", "m")), 1e-9);
        Map<String, Double> phases = Map.of("detect", 0.2, "odown", 0.1, "elect", 0.1, "select", 0.1,
                "promote", 1.0, "reconfig", 1.5);
        phases.forEach((phase, seconds) -> assertEquals(seconds,
                t.value("vigil_sentinel_failover_phase_duration_seconds_sum", Map.of("master", "m", "phase", phase)),
                1e-9, phase));
        assertEquals(1, t.value("vigil_sentinel_elections_total", Map.of("master", "m", "result", "won")));
        assertEquals(1, t.value("vigil_sentinel_failover_duration_seconds_bucket",
                Map.of("master", "m", "le", "3.0")), "3 s lands in the le=3 bucket");
        PrometheusText state = PrometheusText.parse(String.join("\n", render(metrics.stateSnapshots(List.of("m"), name -> 42L))));
        assertEquals(4.0, state.value("vigil_sentinel_last_failover_timestamp_seconds", Map.of("master", "m")), 1e-9);
        assertEquals(42, state.value("vigil_sentinel_write_loss_window_bytes", Map.of("master", "m")),
                "the tracker's window wins when it has one");
    }

    @Test
    void seededSeriesExistAtZeroBeforeTheFirstFailoverAndThenCount() {
        metrics.seedSeries(List.of("m"));
        PrometheusText t = scrape();
        Map<String, String> ok = Map.of("master", "m", "kind", "auto", "result", "ok", "reason", "none");
        assertEquals(0, t.value("vigil_sentinel_failovers_total", ok));
        assertEquals(0, t.value("vigil_sentinel_elections_total", Map.of("master", "m", "result", "won")));
        assertEquals(0, t.value("vigil_sentinel_elections_total", Map.of("master", "m", "result", "lost")));
        master(1_000, "+try-failover");
        master(1_100, "+elected-leader");
        master(2_000, "+failover-end");
        metrics.seedSeries(List.of("m"));
        t = scrape();
        assertEquals(1, t.value("vigil_sentinel_failovers_total", ok), "seeding again does not reset a counter");
        assertEquals(1, t.value("vigil_sentinel_elections_total", Map.of("master", "m", "result", "won")));
    }

    @Test
    void lostElectionIsAnAbortedAttemptAndALostElection() {
        master(1_000, "+sdown");
        master(1_100, "+odown");
        master(1_200, "+try-failover");
        master(11_200, "-failover-abort-not-elected");
        PrometheusText t = scrape();
        assertEquals(1, t.value("vigil_sentinel_failovers_total",
                Map.of("master", "m", "result", "aborted", "reason", "not-elected")));
        assertEquals(1, t.value("vigil_sentinel_elections_total", Map.of("master", "m", "result", "lost")));
        assertEquals(0, t.sum("vigil_sentinel_failover_phase_duration_seconds_count", Map.of("phase", "reconfig")));
        assertEquals(0, t.sum("vigil_sentinel_failovers_total", Map.of("result", "ok")));
    }

    @Test
    void reconfigurationTimeoutEndsWithResultTimeout() {
        master(1_000, "+try-failover");
        master(1_100, "+elected-leader");
        master(5_000, "+failover-end-for-timeout");
        master(5_000, "+failover-end");
        assertEquals(1, scrape().value("vigil_sentinel_failovers_total",
                Map.of("master", "m", "result", "timeout", "reason", "timeout")));
    }

    @Test
    void noGoodReplicaAbortKeepsTheReasonAndReplicaSdownIsNotTheMasters() {
        event(500, "+sdown", "slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379");
        master(1_000, "+sdown");
        master(1_000, "+odown");
        master(1_000, "+try-failover");
        master(1_050, "+elected-leader");
        master(1_100, "-failover-abort-no-good-slave");
        PrometheusText t = scrape();
        assertEquals(1, t.value("vigil_sentinel_failovers_total", Map.of("result", "aborted", "reason", "no-good-slave")));
        assertEquals(0.1, t.value("vigil_sentinel_failover_duration_seconds_sum", Map.of("result", "aborted")), 1e-9,
                "detection is the master's +sdown, not the replica's");
    }

    @Test
    void tiltIsCountedAndPingsGiveRoundTrips() {
        metrics.onEvent(0, new SentinelEvent("+tilt", EventLevel.WARNING, "#tilt mode entered", null, false));
        metrics.pingSent(7);
        metrics.pingReplied(7);
        metrics.pingReplied(8);
        metrics.persistError();
        PrometheusText t = scrape();
        assertEquals(1, t.value("vigil_sentinel_tilt_total", Map.of()));
        assertEquals(1, t.value("vigil_sentinel_ping_rtt_seconds_count", Map.of()), "an unknown reply is ignored");
        assertEquals(1, t.value("vigil_sentinel_config_persist_errors_total", Map.of()));
        assertTrue(t.value("vigil_build_info", Map.of("component", "sentinel")) == 1);
    }

    /** The text format of scrape-time snapshots (as the registry would write them). */
    private static List<String> render(List<io.prometheus.metrics.model.snapshots.MetricSnapshot> snapshots) {
        var registry = new io.prometheus.metrics.model.registry.PrometheusRegistry();
        registry.register(() -> new io.prometheus.metrics.model.snapshots.MetricSnapshots(snapshots));
        var out = new java.io.ByteArrayOutputStream();
        try {
            new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return List.of(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
