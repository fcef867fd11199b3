package io.vigil.node.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.vigil.node.VigilNode;
import io.vigil.node.http.HttpResponse;
import io.vigil.node.server.RespServer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the node's and the sentinel's metrics share: the registry, the response, build info, loop reads. */
public final class Prometheus {
    /** The Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** How long a scrape waits for the event loop before failing (a 500: Prometheus marks the target down). */
    public static final long LOOP_TIMEOUT_MILLIS = 5_000;

    private Prometheus() {
    }

    /** A registry with {@code vigil_build_info{component,version,redis_version,java_version}} already in it. */
    public static PrometheusMeterRegistry newRegistry(String component) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InfoSnapshot buildInfo = InfoSnapshot.builder().name("vigil_build")
                .help("Vigil build: version, the Redis version it is compatible with, the JVM")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of(
                        "component", component,
                        "java_version", System.getProperty("java.version", ""),
                        "redis_version", VigilNode.REDIS_VERSION,
                        "version", VigilNode.VIGIL_VERSION)).build())
                .build();
        registry.getPrometheusRegistry().register(() -> buildInfo);
        return registry;
    }

    /** {@code /metrics}: the registry's scrape in the text format. */
    public static HttpResponse scrape(PrometheusMeterRegistry registry) {
        return new HttpResponse(200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code task} on {@code loop} and waits at most {@link #LOOP_TIMEOUT_MILLIS}: state that
     * is not thread-safe (the brain, the keyspace) is read where it lives.
     */
    public static <T> T onLoop(EventLoop loop, Callable<T> task) throws Exception {
        if (loop.inEventLoop()) {
            return task.call();
        }
        try {
            return RespServer.submit(loop, task).get(LOOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the event loop did not answer within " + LOOP_TIMEOUT_MILLIS + " ms");
        }
    }

    /** One gauge family with an optional label set per data point (labels as name, value, ...). */
    public static final class Gauges {
        private final GaugeSnapshot.Builder builder;
        private boolean empty = true;

        public Gauges(String name, String help) {
            builder = GaugeSnapshot.builder().name(name).help(help);
        }

        public Gauges add(double value, String... labels) {
            builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value)
                    .labels(Labels.of(labels)).build());
            empty = false;
            return this;
        }

        public boolean isEmpty() {
            return empty;
        }

        public GaugeSnapshot build() {
            return builder.build();
        }
    }
}
