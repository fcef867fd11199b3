package io.vigil.sentinel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.node.http.HttpRequest;
import io.vigil.node.http.HttpResponse;
import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.embed.VigilTopology;
import io.vigil.sentinel.observe.FailoverRecord;
import io.vigil.sentinel.runtime.SentinelConfigLoader;
import io.vigil.sentinel.runtime.SentinelDaemon;
import io.vigil.sentinel.runtime.SentinelLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API against a real in-process topology: a master, two replicas, two embedded sentinels and
 * a third sentinel of ours with an event log, whose API routes are called directly (the HTTP
 * listener itself is tested in node). The tests run in order: reads, a kill and automatic
 * failover, then a failover requested through the API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelApiTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static VigilTopology topology;
    private static SentinelDaemon sentinel;
    private static SentinelApi api;
    private static Path eventLog;
    private static InetSocketAddress firstMaster;
    private static InetSocketAddress secondMaster;

    @BeforeAll
    static void start() throws Exception {
        topology = VigilTopology.builder().replicas(2).sentinels(2).quorum(2).downAfter(Duration.ofMillis(500))
                .failoverTimeout(Duration.ofSeconds(6)).start();
        firstMaster = topology.master();
        Path dir = topology.directory();
        eventLog = dir.resolve("events.jsonl");
        Path conf = dir.resolve("api-sentinel.conf");
        Files.writeString(conf, "port 0\nbind 127.0.0.1\ndir " + dir + "\n"
                + "sentinel monitor mymaster 127.0.0.1 " + firstMaster.getPort() + " 2\n"
                + "sentinel down-after-milliseconds mymaster 500\n"
                + "sentinel failover-timeout mymaster 6000\n");
        var settings = SentinelConfigLoader.load(conf, List.of("--event-log", "events.jsonl"));
        sentinel = SentinelDaemon.start(settings, SentinelLog.file(dir.resolve("api-sentinel.log"), LogLevel.VERBOSE));
        api = new SentinelApi(sentinel, sentinel.tracker(), sentinel.eventLog());
        // Ours knows both replicas and both peers (peers learn of it the same way).
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode m = get("/v1/masters/mymaster", 200);
            return m.get("replicas").size() == 2 && m.get("sentinels").size() == 2;
        });
    }

    @AfterAll
    static void stop() {
        if (sentinel != null) {
            sentinel.close();
        }
        if (topology != null) {
            topology.close();
        }
    }

    private static JsonNode call(HttpResponse r, int status) throws Exception {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.status(), body);
        assertEquals(HttpResponse.JSON, r.contentType());
        return JSON.readTree(body);
    }

    private static JsonNode get(String pathAndQuery, int status) throws Exception {
        return call(api.get(request("GET", pathAndQuery)), status);
    }

    private static JsonNode post(String pathAndQuery, int status) throws Exception {
        return call(api.post(request("POST", pathAndQuery)), status);
    }

    private static HttpRequest request(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = new java.util.LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : pathAndQuery.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                query.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return new HttpRequest(method, path, query, new byte[0], Map.of());
    }

    private static List<JsonNode> logLines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(eventLog, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    @Order(1)
    void mastersShowAddressReplicasSentinelsAndEpochs() throws Exception {
        JsonNode all = get("/v1/masters", 200);
        assertEquals(1, all.get("masters").size());
        JsonNode m = get("/v1/masters/mymaster", 200);
        assertEquals("mymaster", m.get("name").asText());
        assertEquals(firstMaster.getPort(), m.get("port").asInt());
        assertEquals("ok", m.get("status").asText());
        assertEquals(2, m.get("quorum").asInt());
        assertFalse(m.get("failover").get("in_progress").asBoolean());
        assertFalse(m.get("maintenance").get("paused").asBoolean());
        assertTrue(m.get("epochs").has("current"));
        assertEquals(3, m.get("ckquorum").get("voters").asInt());
        JsonNode r = m.get("replicas").get(0);
        assertEquals("127.0.0.1", r.get("ip").asText());
        assertTrue(r.get("offset").asLong() >= 0);
        assertEquals(40, m.get("sentinels").get(0).get("id").asText().length());
    }

    @Test
    @Order(2)
    void primaryIsHealthyWithAMajority() throws Exception {
        JsonNode p = get("/v1/masters/mymaster/primary", 200);
        assertEquals("127.0.0.1", p.get("ip").asText());
        assertEquals(firstMaster.getPort(), p.get("port").asInt());
        assertEquals(3, p.get("sentinels").asInt());
    }

    @Test
    @Order(3)
    void unknownMasterIs404AndBadParametersAre400() throws Exception {
        assertEquals("No such master with that name", get("/v1/masters/nope", 404).get("error").asText());
        get("/v1/masters/nope/primary", 404);
        get("/v1/masters/nope/explain", 404);
        post("/v1/masters/nope/resume", 404);
        get("/v1/masters/mymaster/replicas?max_lag_bytes=-1", 400);
        get("/v1/events?since=yesterday", 400);
        post("/v1/masters/mymaster/pause", 400);
        post("/v1/masters/mymaster/pause?ttl=soon", 400);
        post("/v1/masters/mymaster/failover?mode=gently", 400);
        get("/v1/masters/mymaster/nothing", 404);
    }

    @Test
    @Order(4)
    void replicasFilterByLag() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                get("/v1/masters/mymaster/replicas?max_lag_bytes=1000000", 200).get("replicas").size() == 2);
        JsonNode all = get("/v1/masters/mymaster/replicas", 200);
        assertEquals(2, all.get("replicas").size());
        assertTrue(all.get("master_offset").isNumber());
    }

    @Test
    @Order(5)
    void explainRanksReplicasAndEstimatesTheLossWindow() throws Exception {
        JsonNode e = get("/v1/masters/mymaster/explain", 200);
        assertTrue(e.get("quorum").get("majority_reachable").asBoolean());
        assertEquals(2, e.get("candidates").size() + e.get("excluded").size());
        assertTrue(e.get("failover_possible").isBoolean());
        if (e.get("candidates").size() > 0) {
            assertEquals(e.get("candidates").get(0).get("replica").asText(), e.get("chosen_replica").asText());
            assertTrue(e.get("estimated_loss_window_bytes").asLong() >= 0);
        }
    }

    @Test
    @Order(6)
    void pauseAndResumeShowInTheMasterView() throws Exception {
        JsonNode p = post("/v1/masters/mymaster/pause?ttl=5m", 200);
        assertTrue(p.get("paused").asBoolean());
        assertEquals(300_000, p.get("ttl_ms").asLong());
        JsonNode m = get("/v1/masters/mymaster", 200);
        assertTrue(m.get("maintenance").get("paused").asBoolean());
        assertTrue(m.get("maintenance").get("paused_until_ms").asLong() > System.currentTimeMillis());
        assertFalse(post("/v1/masters/mymaster/resume", 200).get("paused").asBoolean());
        assertFalse(get("/v1/masters/mymaster", 200).get("maintenance").get("paused").asBoolean());
    }

    @Test
    @Order(7)
    void automaticFailoverMovesThePrimaryAndIsLoggedWithItsId() throws Exception {
        long before = System.currentTimeMillis() - 1;
        topology.killMaster();
        secondMaster = topology.awaitFailover(Duration.ofSeconds(30));
        assertNotEquals(firstMaster, secondMaster);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                get("/v1/masters/mymaster/primary", 200).get("port").asInt() == secondMaster.getPort());

        JsonNode sw = await().atMost(Duration.ofSeconds(10)).until(() -> logLines().stream()
                .filter(n -> n.get("event").asText().equals("+switch-master")).findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertTrue(sw.get("failover_id").asText().matches("mymaster:\\d+"), sw.toString());
        assertEquals("127.0.0.1:" + secondMaster.getPort(), sw.get("details").get("chosen_replica").asText());
        assertEquals(firstMaster.getPort(), sw.get("details").get("old_port").asInt());
        assertEquals("mymaster", sw.get("master").asText());
        // every line is JSON with the common fields; the same events come back from /v1/events
        for (JsonNode n : logLines()) {
            assertTrue(n.has("time") && n.has("ts_ms") && n.has("event") && n.has("text"), n.toString());
        }
        JsonNode ev = get("/v1/events?since=" + before, 200);
        assertEquals("file", ev.get("source").asText());
        assertTrue(ev.get("events").findValuesAsText("event").contains("+switch-master"));
        assertTrue(ev.get("events").findValuesAsText("event").contains("+odown"));
    }

    @Test
    @Order(8)
    void failoverRequestedThroughTheApiIsTrackedAsManual() throws Exception {
        assertNotNull(secondMaster, "runs after the automatic failover");
        // The surviving replica must be known and eligible under the new master first.
        JsonNode accepted = await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse r = api.post(request("POST", "/v1/masters/mymaster/failover?mode=force"));
            return r.status() == 202 ? JSON.readTree(r.body()) : null;
        }, java.util.Objects::nonNull);
        assertEquals("manual", accepted.get("kind").asText());
        String id = accepted.get("failover_id").asText();
        post("/v1/masters/mymaster/failover?mode=force", 409); // one at a time
        FailoverRecord r = await().atMost(Duration.ofSeconds(30)).until(() -> sentinel.tracker().completed().stream()
                .filter(x -> x.id().equals(id)).findFirst().orElse(null), java.util.Objects::nonNull);
        assertEquals(FailoverRecord.OK, r.result(), r.toString());
        assertEquals("manual", r.kind());
        assertNotNull(r.chosenReplica());
        assertNotEquals("127.0.0.1:" + secondMaster.getPort(), r.chosenReplica());
        assertTrue(r.phaseMillis().containsKey("promote"), r.toString());
        assertTrue(r.writeLossWindowBytes() >= 0);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                get("/v1/masters/mymaster/primary", 200).get("port").asInt() != secondMaster.getPort());
        JsonNode last = get("/v1/masters/mymaster", 200).get("last_failover");
        assertEquals(id, last.get("id").asText());
        assertEquals(r.chosenReplica(), last.get("chosen_replica").asText());
        JsonNode selected = logLines().stream().filter(n -> n.get("event").asText().equals("+selected-slave")
                && id.equals(n.path("failover_id").asText())).findFirst().orElseThrow();
        assertEquals(r.chosenReplica(), selected.get("details").get("chosen_replica").asText());
    }

    @Test
    @Order(9)
    void coordinatedSwitchoverThroughTheApiIsTrackedAsCoordinated() throws Exception {
        int before = get("/v1/masters/mymaster/primary", 200).get("port").asInt();
        // The demoted master must have finished its resync: a coordinated switchover waits for it.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode c = get("/v1/masters/mymaster/explain", 200).get("candidates");
            return c.size() > 0 && c.get(0).get("offset").asLong() > 0 && c.get(0).get("lag_bytes").asLong() == 0;
        });
        JsonNode accepted = await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse r = api.post(request("POST", "/v1/masters/mymaster/failover?mode=coordinated"));
            return r.status() == 202 ? JSON.readTree(r.body()) : null;
        }, java.util.Objects::nonNull);
        assertEquals("coordinated", accepted.get("kind").asText());
        String id = accepted.get("failover_id").asText();
        FailoverRecord r = await().atMost(Duration.ofSeconds(30)).until(() -> sentinel.tracker().completed().stream()
                .filter(x -> x.id().equals(id)).findFirst().orElse(null), java.util.Objects::nonNull);
        assertEquals(FailoverRecord.OK, r.result(), r.toString());
        assertEquals("coordinated", r.kind());
        assertNotEquals("127.0.0.1:" + before, r.chosenReplica());
        assertTrue(logLines().stream().anyMatch(n -> id.equals(n.path("failover_id").asText())
                && n.get("event").asText().equals("+failover-end")
                && "coordinated".equals(n.get("details").path("kind").asText())));
    }
}
