package io.vigil.sentinel.metrics;

import io.vigil.node.http.HttpListener;
import io.vigil.sentinel.embed.VigilTopology;
import io.vigil.sentinel.runtime.SentinelDaemon;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /metrics of real in-process sentinels: redis_exporter's sentinel series describe the topology,
 * and a failover after killMaster shows up in Vigil's failover counters and histograms.
 */
class SentinelMetricsTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(HttpListener listener, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape(HttpListener listener) throws Exception {
        HttpResponse<String> response = get(listener, "/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusText.parse(response.body());
    }

    @Test
    void compatSeriesDescribeTheTopologyAndAFailoverIsCounted() throws Exception {
        try (VigilTopology topology = VigilTopology.builder().replicas(2).sentinels(3)
                .downAfter(Duration.ofMillis(500)).failoverTimeout(Duration.ofSeconds(10)).start()) {
            List<HttpListener> listeners = new ArrayList<>();
            for (SentinelDaemon d : topology.sentinelDaemons()) {
                listeners.add(d.startHttp("127.0.0.1", 0, null));
            }
            InetSocketAddress master = topology.master();
            String address = "127.0.0.1:" + master.getPort();
            Map<String, String> compat = Map.of("master_name", "mymaster", "master_address", address);

            HttpResponse<String> raw = get(listeners.get(0), "/metrics");
            assertEquals("text/plain; version=0.0.4; charset=utf-8", raw.headers().firstValue("Content-Type").orElse(""));
            PrometheusText m = PrometheusText.parse(raw.body());
            assertEquals(1, m.value("redis_sentinel_masters", Map.of()));
            double tilt = m.value("redis_sentinel_tilt", Map.of());
            assertTrue(tilt == 0 || tilt == 1, "a flag (a loaded machine may stall the timer into TILT)");
            // Health can flap for a moment on a loaded machine (down-after is 500 ms): wait for it.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                PrometheusText h = scrape(listeners.get(0));
                assertEquals(1, h.value("redis_sentinel_master_status",
                        Map.of("master_name", "mymaster", "master_address", address, "master_status", "ok")));
                assertEquals(2, h.value("redis_sentinel_master_slaves", compat));
                assertEquals(3, h.value("redis_sentinel_master_sentinels", compat));
                assertEquals(2, h.value("redis_sentinel_master_ok_slaves", compat));
                assertEquals(3, h.value("redis_sentinel_master_ok_sentinels", compat));
                assertEquals(1, h.value("redis_sentinel_master_ckquorum_status", Map.of("master_name", "mymaster",
                        "message", "OK 3 usable Sentinels. Quorum and failover authorization can be reached")));
                assertEquals(3, h.value("vigil_sentinel_reachable_sentinels", Map.of("master", "mymaster")));
                assertEquals(0, h.value("vigil_sentinel_master_sdown", Map.of("master", "mymaster")));
                assertEquals(0, h.value("vigil_sentinel_master_odown", Map.of("master", "mymaster")));
                assertTrue(h.value("redis_sentinel_master_last_ok_ping_reply_seconds", compat) < 5);
            });
            assertEquals(2, m.value("redis_sentinel_master_setting_ckquorum", compat));
            assertEquals(500, m.value("redis_sentinel_master_setting_down_after_milliseconds", compat));
            assertEquals(10_000, m.value("redis_sentinel_master_setting_failover_timeout", compat));
            assertEquals(1, m.value("redis_sentinel_master_setting_parallel_syncs", compat));
            assertEquals(0, m.value("redis_sentinel_master_config_epoch", compat));
            Map<String, String> mine = Map.of("master", "mymaster");
            assertEquals(0, m.value("vigil_sentinel_failover_in_progress", mine));
            assertEquals(0, m.value("vigil_sentinel_paused", mine));
            assertEquals(3, m.value("vigil_sentinel_known_sentinels", mine));
            assertEquals(1, m.value("vigil_sentinel_master_info", Map.of("master", "mymaster", "address", address)));
            assertEquals(2, m.all("vigil_sentinel_replica_lag_bytes", mine).size());
            assertEquals(1, m.value("vigil_build_info", Map.of("component", "sentinel")));
            assertTrue(m.value("vigil_sentinel_tilt_total", Map.of()) >= 0);
            assertEquals(0, m.value("vigil_sentinel_config_persist_errors_total", Map.of()));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    scrape(listeners.get(0)).value("vigil_sentinel_ping_rtt_seconds_count", Map.of()) > 0);
            for (PrometheusText.Sample s : m.samples()) {
                if (s.name().startsWith("vigil_sentinel_") && !s.name().endsWith("_info")) {
                    assertTrue(!s.labels().containsValue(address), "no address outside _info series: " + s);
                }
            }

            topology.killMaster();
            InetSocketAddress promoted = topology.awaitFailover(Duration.ofSeconds(30));
            Map<String, String> ok = Map.of("master", "mymaster", "kind", "auto", "result", "ok", "reason", "none");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                double total = 0;
                for (HttpListener l : listeners) {
                    total += scrape(l).sum("vigil_sentinel_failovers_total", ok);
                }
                return total == 1;
            });
            PrometheusText leader = null;
            for (HttpListener l : listeners) {
                PrometheusText t = scrape(l);
                if (t.sum("vigil_sentinel_failovers_total", ok) == 1) {
                    leader = t;
                }
            }
            assertEquals(1, leader.value("vigil_sentinel_failover_duration_seconds_count",
                    Map.of("master", "mymaster", "kind", "auto", "result", "ok")));
            double seconds = leader.value("vigil_sentinel_failover_duration_seconds_sum",
                    Map.of("master", "mymaster", "result", "ok"));
            assertTrue(seconds > 0, "a duration sample from detection to the end: " + seconds);
            for (String phase : List.of("elect", "select", "promote", "reconfig")) {
                assertEquals(1, leader.value("vigil_sentinel_failover_phase_duration_seconds_count",
                        Map.of("master", "mymaster", "phase", phase)), phase);
            }
            assertEquals(1, leader.value("vigil_sentinel_elections_total", Map.of("master", "mymaster", "result", "won")));
            assertTrue(leader.value("vigil_sentinel_last_failover_timestamp_seconds", Map.of("master", "mymaster"))
                    > System.currentTimeMillis() / 1000.0 - 120);
            assertTrue(leader.value("vigil_sentinel_write_loss_window_bytes", Map.of("master", "mymaster")) >= 0);
            String newAddress = "127.0.0.1:" + promoted.getPort();
            await().atMost(Duration.ofSeconds(10)).until(() -> scrape(listeners.get(0)).all("redis_sentinel_master_status",
                    Map.of("master_name", "mymaster", "master_address", newAddress)).size() == 1);
            assertTrue(scrape(listeners.get(0)).value("redis_sentinel_master_config_epoch",
                    Map.of("master_name", "mymaster", "master_address", newAddress)) >= 1);
        }
    }

    @Test
    void unknownPathsAnd405sComeFromTheListener() throws Exception {
        try (VigilTopology topology = VigilTopology.builder().replicas(0).sentinels(1).start()) {
            HttpListener listener = topology.sentinelDaemons().get(0).startHttp("127.0.0.1", 0, "tok");
            assertEquals(404, get(listener, "/nope").statusCode());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + listener.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals(200, get(listener, "/metrics").statusCode(), "reads stay open with a token set");
        }
    }
}
