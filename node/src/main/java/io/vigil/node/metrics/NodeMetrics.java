package io.vigil.node.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.conf.NodeConfig;
import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.http.HttpListener;
import io.vigil.node.server.ServerLog;

/**
 * The node's HTTP listener and its {@code /metrics}: a feature so that the listener opens after
 * the RESP port is bound (features start then) and closes with the node. With {@code http-port 0}
 * (the default) nothing is created at all; embedders and tests may open it with {@link #startHttp}.
 */
public final class NodeMetrics implements NodeFeature {
    private final VigilNode node;
    private HttpListener http;
    private PrometheusMeterRegistry registry;

    public NodeMetrics(VigilNode node) {
        this.node = node;
    }

    @Override
    public void start() {
        NodeConfig config = node.config();
        int port = config.getInt("http-port");
        if (port > 0) {
            startHttp(config.getString("http-bind"), port, config.getString("http-auth-token"));
        }
    }

    /**
     * Opens the listener on {@code bind:port} (0: a free port) with {@code /metrics}; idempotent.
     *
     * @throws IllegalArgumentException for a non-loopback bind without a token
     * @throws java.io.UncheckedIOException when the address cannot be bound
     */
    public synchronized HttpListener startHttp(String bind, int port, String authToken) {
        if (http != null) {
            return http;
        }
        HttpListener.checkBind(bind, authToken);
        PrometheusMeterRegistry r = Prometheus.newRegistry("node");
        r.getPrometheusRegistry().register(new NodeCollector(node));
        HttpListener listener = HttpListener.start(bind, port, authToken);
        listener.route("GET", "/metrics", request -> Prometheus.scrape(r));
        registry = r;
        http = listener;
        ServerLog.get().notice("HTTP listener on " + bind + ":" + listener.port() + " (/metrics)");
        return listener;
    }

    /** The listener, or null when it is off. */
    public synchronized HttpListener http() {
        return http;
    }

    /** The registry behind {@code /metrics}, or null when the listener is off (embedders may add meters). */
    public synchronized PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void stop() {
        if (http != null) {
            http.close();
            http = null;
        }
    }
}
