package io.vigil.sentinel.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.node.http.HttpRequest;
import io.vigil.node.http.HttpResponse;
import io.vigil.node.metrics.Prometheus;
import io.vigil.sentinel.core.SentinelBrain;
import io.vigil.sentinel.runtime.SentinelDaemon;

/**
 * A sentinel's Prometheus metrics: a registry holding the build info, the event-derived failover
 * metrics and the scrape-time view of the brain. Created when the HTTP listener starts; the daemon
 * feeds it pings and persistence failures through the hooks below, on its event loop.
 */
public final class SentinelMetrics {
    private final PrometheusMeterRegistry registry;
    private final FailoverMetrics failovers;
    private final SentinelDaemon daemon;

    public SentinelMetrics(SentinelDaemon daemon) {
        this.daemon = daemon;
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
        seedSeries();
        return Prometheus.scrape(registry);
    }

    /** The text a scrape would return (tests, the CLI). */
    public String scrape() {
        seedSeries();
        return registry.scrape();
    }

    /** Zero-valued failover series for every monitored master, registered on the event loop. */
    private void seedSeries() {
        try {
            Prometheus.onLoop(daemon.server().eventLoop(), () -> {
                SentinelBrain brain = daemon.brain();
                if (brain != null) {
                    failovers.seedSeries(brain.masterNames());
                }
                return null;
            });
        } catch (Exception e) {
            // A scrape still answers with what is registered.
        }
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
