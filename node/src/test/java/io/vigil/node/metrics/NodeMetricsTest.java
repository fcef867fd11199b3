package io.vigil.node.metrics;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.conf.NodeConfig;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.http.HttpListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's /metrics: commands and latency, clients, memory, keys, role and replication lag. */
class NodeMetricsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private VigilNode node(String... lines) {
        VigilNode node = TestNodes.start(lines);
        toClose.add(node);
        return node;
    }

    private String scrape(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Prometheus.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        return r.body();
    }

    /** The value of the one sample whose line starts with {@code series} (name plus exact labels). */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    @Test
    void httpPortDirectiveOpensTheListenerAfterBindAndClosesItWithTheNode() throws Exception {
        int port = TestNodes.freePort();
        VigilNode node = node("http-port " + port);
        HttpListener listener = node.feature(NodeMetrics.class).http();
        assertEquals(port, listener.port());
        String text = scrape(port);
        assertEquals(1, value(text, "vigil_node_role_master"));
        assertTrue(text.contains("vigil_build_info{component=\"node\""), text);
        node.close();
        assertNull(node.feature(NodeMetrics.class).http());
        assertThrows(java.io.IOException.class, () -> scrape(port));
    }

    @Test
    void listenerIsOffByDefault() {
        VigilNode node = node();
        assertNull(node.feature(NodeMetrics.class).http());
        assertEquals("0", node.config().get("http-port"));
        assertEquals("127.0.0.1", node.config().get("http-bind"));
    }

    @Test
    void httpDirectivesAreVigilExtensionsOfRedisConf() throws Exception {
        NodeConfig config = ConfigLoader.loadString("http-port 9121\nhttp-bind ::1\nhttp-auth-token t\n", "(test)",
                LoadOptions.defaults(Path.of("").toAbsolutePath()), false).config();
        assertEquals(9121, config.getInt("http-port"));
        assertEquals("::1", config.getString("http-bind"));
        assertEquals("t", config.getString("http-auth-token"));
    }

    @Test
    void configGetShowsTheHttpDirectivesByNameButNotInPatterns() {
        int port = TestNodes.freePort();
        VigilNode node = node("http-port " + port);
        RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + node.port()));
        toClose.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertEquals(java.util.Map.of("http-port", Integer.toString(port)), c.sync().configGet("http-port"));
            assertEquals(java.util.Map.of("http-bind", "127.0.0.1"), c.sync().configGet("http-bind"));
            assertTrue(!c.sync().configGet("*").containsKey("http-port"), "CONFIG GET * stays Redis's");
        }
    }

    @Test
    void httpPortIsSettableOnTheCommandLine() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        NodeConfig config = ConfigLoader.load(io.vigil.conf.CommandLine.parse("vigil-node",
                List.of("--http-port", "9121"), cwd), LoadOptions.defaults(cwd)).config();
        assertEquals(9121, config.getInt("http-port"));
    }

    @Test
    void nonLoopbackBindWithoutTokenFailsTheStart() {
        VigilNode node = node();
        assertThrows(IllegalArgumentException.class,
                () -> node.feature(NodeMetrics.class).startHttp("0.0.0.0", 0, ""));
    }

    @Test
    void commandsLatencyKeysClientsMemoryAndReplicaLagAreExported() throws Exception {
        VigilNode master = node();
        VigilNode replica = node("replicaof 127.0.0.1 " + master.port());
        int masterHttp = master.feature(NodeMetrics.class).startHttp("127.0.0.1", 0, null).port();
        int replicaHttp = replica.feature(NodeMetrics.class).startHttp("127.0.0.1", 0, null).port();
        RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + master.port()));
        toClose.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (int i = 0; i < 10; i++) {
                c.sync().set("k" + i, "v");
            }
            c.sync().setex("t", 100, "v");
            c.sync().get("k1");
            c.sync().select(2);
            c.sync().set("other", "v");
            await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(masterHttp), "redis_connected_slaves") == 1);
            String m = scrape(masterHttp);
            assertEquals(11, value(m, "redis_commands_total{cmd=\"set\"}"), "10 in db0, 1 in db2");
            assertEquals(1, value(m, "redis_commands_total{cmd=\"setex\"}"));
            assertTrue(value(m, "redis_commands_duration_seconds_total{cmd=\"set\"}") > 0);
            assertEquals(11, value(m, "vigil_node_command_duration_seconds_count{cmd=\"set\"}"));
            assertEquals(11, value(m, "vigil_node_command_duration_seconds_bucket{cmd=\"set\",le=\"+Inf\"}"));
            assertTrue(value(m, "vigil_node_command_duration_seconds_bucket{cmd=\"set\",le=\"1.0\"}") == 11, m);
            assertEquals(11, value(m, "redis_db_keys{db=\"db0\"}"));
            assertEquals(1, value(m, "redis_db_keys_expiring{db=\"db0\"}"));
            assertEquals(1, value(m, "redis_db_keys{db=\"db2\"}"));
            assertEquals(0, value(m, "redis_db_keys{db=\"db15\"}"));
            assertTrue(value(m, "redis_connected_clients") >= 1);
            assertTrue(value(m, "redis_memory_used_bytes") > 0);
            assertTrue(value(m, "redis_memory_used_rss_bytes") > 0);
            assertTrue(value(m, "redis_commands_processed_total") >= 13);
            assertTrue(value(m, "redis_master_repl_offset") > 0);
            assertTrue(m.contains("redis_instance_info{redis_mode=\"standalone\",redis_version=\"7.0.15\",role=\"master\""), m);

            String replicaAddress = "127.0.0.1:" + replica.port();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    value(scrape(masterHttp), "vigil_node_replica_lag_bytes{replica=\"" + replicaAddress + "\"}") == 0);
            Matcher offset = Pattern.compile("(?m)^redis_connected_slave_offset_bytes\\{slave_ip=\"127.0.0.1\",slave_port=\""
                    + replica.port() + "\",slave_state=\"online\"} (\\S+)$").matcher(scrape(masterHttp));
            assertTrue(offset.find());
            String r = scrape(replicaHttp);
            assertEquals(0, value(r, "vigil_node_role_master"));
            assertEquals(1, value(r, "redis_master_link_up{master_host=\"127.0.0.1\",master_port=\"" + master.port() + "\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(replicaHttp), "redis_db_keys{db=\"db0\"}") == 11);
        }
    }
}
