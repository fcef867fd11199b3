package io.vigil.sentinel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.node.http.HttpRequest;
import io.vigil.node.http.HttpResponse;
import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.runtime.SentinelConfigLoader;
import io.vigil.sentinel.runtime.SentinelDaemon;
import io.vigil.sentinel.runtime.SentinelLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One sentinel whose master and peers are unreachable: the health check and event-log wiring. */
class SentinelApiStandaloneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private SentinelDaemon d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    /** A loopback port nothing listens on (bound then released). */
    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private SentinelDaemon start(String conf, List<String> args) throws Exception {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, "port 0\nbind 127.0.0.1\ndir " + dir + "\n" + conf);
        return SentinelDaemon.start(SentinelConfigLoader.load(file, args),
                SentinelLog.file(dir.resolve("s.log"), LogLevel.VERBOSE));
    }

    private static JsonNode get(SentinelApi api, String path, int status) throws Exception {
        HttpResponse r = api.get(new HttpRequest("GET", path, Map.of(), new byte[0], Map.of()));
        assertEquals(status, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        return JSON.readTree(r.body());
    }

    @Test
    void primaryIs503WhenMostSentinelsAreUnreachable() throws Exception {
        int m = deadPort();
        d = start("sentinel monitor x 127.0.0.1 " + m + " 2\n"
                + "sentinel down-after-milliseconds x 300\n"
                + "sentinel known-sentinel x 127.0.0.1 " + deadPort() + " " + "a".repeat(40) + "\n"
                + "sentinel known-sentinel x 127.0.0.1 " + deadPort() + " " + "b".repeat(40) + "\n", List.of());
        SentinelApi api = new SentinelApi(d, d.tracker(), d.eventLog());
        JsonNode down = await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse r = api.get(new HttpRequest("GET", "/v1/masters/x/primary", Map.of(), new byte[0], Map.of()));
            return r.status() == 503 ? JSON.readTree(r.body()) : null;
        }, java.util.Objects::nonNull);
        assertEquals(1, down.get("usable_sentinels").asInt());
        assertEquals(3, down.get("sentinels").asInt());
        assertEquals(2, down.get("majority").asInt());
        assertTrue(down.get("error").asText().startsWith("no majority"), down.toString());
        JsonNode explain = get(api, "/v1/masters/x/explain", 200);
        assertTrue(explain.get("blockers").toString().contains("majority not reachable"), explain.toString());
        assertEquals(false, explain.get("failover_possible").asBoolean());
    }

    @Test
    void primaryIs200ForALoneSentinel() throws Exception {
        d = start("sentinel monitor x 127.0.0.1 " + deadPort() + " 1\n", List.of());
        SentinelApi api = new SentinelApi(d, d.tracker(), d.eventLog());
        assertEquals(1, get(api, "/v1/masters/x/primary", 200).get("sentinels").asInt());
    }

    @Test
    void eventLogDirectiveWritesEveryEventAsJson() throws Exception {
        d = start("event-log events.jsonl\nsentinel monitor x 127.0.0.1 " + deadPort() + " 1\n", List.of());
        Path log = dir.resolve("events.jsonl");
        assertEquals(log, d.settings().eventLogPath());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                && Files.readString(log).contains("\"+monitor\""));
        for (String line : Files.readAllLines(log)) {
            JsonNode n = JSON.readTree(line);
            assertTrue(n.get("ts_ms").asLong() > 0, line);
        }
        // rename + reopen (what SIGHUP does after logrotate) starts a new file
        Files.move(log, dir.resolve("events.jsonl.1"));
        d.eventLog().reopen();
        d.server().call(() -> {
            d.brain().set(d.now(), "x", "quorum", "2");
            d.drain();
            return null;
        });
        assertTrue(Files.readString(log).contains("\"+set\""));
        SentinelApi api = new SentinelApi(d, d.tracker(), d.eventLog());
        assertEquals("file", get(api, "/v1/events", 200).get("source").asText());
    }

    @Test
    void commandLineEventLogOverridesAndNoDirectiveKeepsItInMemory() throws Exception {
        d = start("sentinel monitor x 127.0.0.1 " + deadPort() + " 1\n", List.of());
        assertEquals(null, d.settings().eventLogPath());
        SentinelApi api = new SentinelApi(d, d.tracker(), d.eventLog());
        JsonNode ev = get(api, "/v1/events", 200);
        assertEquals("memory", ev.get("source").asText());
        assertTrue(ev.get("events").findValuesAsText("event").contains("+monitor"), ev.toString());
        d.close();
        d = start("event-log a.jsonl\nsentinel monitor x 127.0.0.1 " + deadPort() + " 1\n",
                List.of("--event-log", dir.resolve("b.jsonl").toString()));
        assertEquals(dir.resolve("b.jsonl"), d.settings().eventLogPath());
    }

    @Test
    void routesAreMountedOnTheHttpListenerAndActionsNeedTheToken() throws Exception {
        d = start("sentinel monitor x 127.0.0.1 " + deadPort() + " 1\n", List.of());
        int port = d.startHttp("127.0.0.1", 0, "s3cret").port();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/v1/masters/x/primary")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("x", JSON.readTree(r.body()).get("name").asText());
        var pause = java.net.URI.create(base + "/v1/masters/x/pause?ttl=30s");
        r = http.send(java.net.http.HttpRequest.newBuilder(pause).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode(), r.body());
        r = http.send(java.net.http.HttpRequest.newBuilder(pause).header("Authorization", "Bearer s3cret")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(30_000, JSON.readTree(r.body()).get("ttl_ms").asLong());
        r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/masters/nope")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertEquals("No such master with that name", JSON.readTree(r.body()).get("error").asText());
    }
}
