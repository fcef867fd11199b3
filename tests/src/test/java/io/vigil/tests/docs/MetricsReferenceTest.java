package io.vigil.tests.docs;

import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.conf.NodeConfig;
import io.vigil.node.NodeFeatures;
import io.vigil.node.VigilNode;
import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.runtime.SentinelConfigLoader;
import io.vigil.sentinel.runtime.SentinelDaemon;
import io.vigil.sentinel.runtime.SentinelLog;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's metrics reference against what a running sentinel and two nodes serve on
 * {@code /metrics}, after a failover (some series only exist once one happened): every family
 * served is documented, and every documented family is served. A histogram's {@code _max} gauge
 * (micrometer's) counts as part of its histogram.
 */
class MetricsReferenceTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private VigilNode node(String name, int port, int httpPort, String... lines) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        StringBuilder text = new StringBuilder("bind 127.0.0.1\nport " + port + "\nsave \"\"\nappendonly no\n"
                + "repl-diskless-sync-delay 0\nloglevel warning\nhttp-port " + httpPort + "\ndir \"" + d + "\"\n");
        for (String l : lines) {
            text.append(l).append('\n');
        }
        NodeConfig config = ConfigLoader.loadString(text.toString(), "(" + name + ")", LoadOptions.defaults(d), false)
                .config();
        VigilNode node = VigilNode.create(config, NodeFeatures.standard());
        running.add(node);
        return node.start();
    }

    private static String scrape(int httpPort) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The metric families of a scrape: the names of its {@code # TYPE} lines. */
    static Set<String> families(String exposition) {
        Set<String> out = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                out.add(line.split(" ")[2]);
            }
        }
        return out;
    }

    private static Set<String> undocumented(Set<String> served, Set<String> documented) {
        Set<String> out = new TreeSet<>();
        for (String f : served) {
            boolean histogramMax = f.endsWith("_max") && documented.contains(f.substring(0, f.length() - 4));
            if (!documented.contains(f) && !histogramMax) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void theReadmeListsExactlyTheServedMetrics() throws Exception {
        int masterPort = freePort();
        int replicaPort = freePort();
        int masterHttp = freePort();
        int replicaHttp = freePort();
        node("master", masterPort, masterHttp);
        node("replica", replicaPort, replicaHttp, "replicaof 127.0.0.1 " + masterPort);

        int sentinelPort = freePort();
        int sentinelHttp = freePort();
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "port " + sentinelPort + "\nbind 127.0.0.1\nhttp-port " + sentinelHttp + "\n"
                + "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1\n"
                + "sentinel down-after-milliseconds mymaster 1000\nsentinel failover-timeout mymaster 10000\n");
        SentinelDaemon sentinel = SentinelDaemon.start(SentinelConfigLoader.load(conf, List.of()),
                SentinelLog.file(dir.resolve("sentinel.log"), LogLevel.VERBOSE));
        running.add(sentinel);

        try (Jedis s = new Jedis("127.0.0.1", sentinelPort, 10_000)) {
            // A manual failover once the sentinel knows the replica and its link is up: every
            // failover series (counters, histograms, loss window, elections) then exists.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                List<java.util.Map<String, String>> replicas = s.sentinelReplicas("mymaster");
                return replicas.size() == 1 && "ok".equals(replicas.get(0).get("master-link-status"));
            });
            assertEquals("OK", s.sentinelFailover("mymaster"));
        }
        Set<String> documented = DocsConsistencyTest.documentedMetrics();
        Set<String> served = new TreeSet<>();
        // After the failover both nodes hold each role once over time; scrape until the union of
        // what is served covers the reference (the reconfiguration runs on), bounded.
        Set<String> missing = new TreeSet<>(documented);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                served.addAll(families(scrape(sentinelHttp)));
                served.addAll(families(scrape(masterHttp)));
                served.addAll(families(scrape(replicaHttp)));
                missing.removeAll(served);
                return missing.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // reported below, with the names
        }
        assertEquals(Set.of(), missing, "in the README but never served");
        assertEquals(Set.of(), undocumented(served, documented), "served but missing from the README");
    }
}
