package io.vigil.sentinel.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.node.http.HttpRequest;
import io.vigil.node.http.HttpResponse;
import io.vigil.node.metrics.Prometheus;
import io.vigil.sentinel.runtime.SentinelDaemon;

/**
 * A sentinel's Prometheus metrics: a registry holding the build info, the event-derived failover
 * metrics and the scrape-time view of the brain. Created when the HTTP listener starts; the daemon
 * feeds it pings and persistence failures through the hooks below, on its event loop.
 */
public final class SentinelMetrics {
    private final PrometheusMeterRegistry registry;
    private final FailoverMetrics failovers;

    public SentinelMetrics(SentinelDaemon daemon) {
        this.registry = Prometheus.newRegistry("sentinel");
        this.failovers = new FailoverMetrics(registry, daemon::brain, daemon::now);
        registry.getPrometheusRegistry().register(new SentinelStateCollector(daemon, failovers));
        daemon.addEventListener(failovers);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code GET /metrics}. */
    public HttpResponse serve(HttpRequest request) {
        return Prometheus.scrape(registry);
    }

    /** The text a scrape would return (tests, the CLI). */
    public String scrape() {
        return registry.scrape();
    }

    /** A PING left for an instance (event loop). */
    public void pingSent(long id) {
        failovers.pingSent(id);
    }

    /** A PING reply arrived (event loop): one round-trip sample. */
    public void pingReplied(long id) {
        failovers.pingReplied(id);
    }

    /** sentinel.conf could not be saved (event loop). */
    public void configPersistError() {
        failovers.persistError();
    }
}
