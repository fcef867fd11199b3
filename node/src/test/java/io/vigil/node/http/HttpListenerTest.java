package io.vigil.node.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpListenerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<HttpListener> listeners = new ArrayList<>();

    @AfterEach
    void closeAll() {
        listeners.forEach(HttpListener::close);
    }

    private HttpListener listener(String token) {
        HttpListener listener = HttpListener.startEphemeral("127.0.0.1", token);
        listeners.add(listener);
        return listener;
    }

    private java.net.http.HttpResponse<String> send(HttpListener listener, String method, String pathAndQuery,
                                                    String body, String... headers) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + listener.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    @Test
    void ephemeralListenerBindsARealPortAndAnswersRoutes() throws Exception {
        HttpListener listener = listener(null);
        assertTrue(listener.port() > 0);
        listener.route("GET", "/metrics", req -> HttpResponse.text(200, "up 1\n"));
        var response = send(listener, "GET", "/metrics", null);
        assertEquals(200, response.statusCode());
        assertEquals("up 1\n", response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void longestMatchingPrefixWinsOnSegmentBoundaries() throws Exception {
        HttpListener listener = listener(null);
        listener.route("GET", "/v1", req -> HttpResponse.text(200, "v1"));
        listener.route("GET", "/v1/masters", req -> HttpResponse.text(200, "masters " + req.path()));
        listener.route("GET", "/v1/masters/", req -> HttpResponse.text(200, "replaced " + req.path()));
        assertEquals("replaced /v1/masters/m1/primary", send(listener, "GET", "/v1/masters/m1/primary", null).body());
        assertEquals("replaced /v1/masters", send(listener, "GET", "/v1/masters", null).body());
        assertEquals("v1", send(listener, "GET", "/v1/mastersx", null).body());
        assertEquals("v1", send(listener, "GET", "/v1/events", null).body());
    }

    @Test
    void unknownPathIsA404WithAJsonError() throws Exception {
        HttpListener listener = listener(null);
        listener.route("GET", "/metrics", req -> HttpResponse.text(200, ""));
        var response = send(listener, "GET", "/nope", null);
        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"not found\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void wrongMethodOnAKnownPathIsA405() throws Exception {
        HttpListener listener = listener(null);
        listener.route("GET", "/metrics", req -> HttpResponse.text(200, "x"));
        var response = send(listener, "DELETE", "/metrics", null);
        assertEquals(405, response.statusCode());
        assertTrue(response.body().contains("\"error\""));
    }

    @Test
    void headIsServedByTheGetRouteWithoutABody() throws Exception {
        HttpListener listener = listener(null);
        listener.route("GET", "/metrics", req -> HttpResponse.text(200, "up 1\n"));
        var response = send(listener, "HEAD", "/metrics", null);
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void handlerExceptionIsA500WithAJsonErrorAndALogLine() throws Exception {
        HttpListener listener = listener(null);
        AtomicReference<String> logged = new AtomicReference<>();
        listener.log(logged::set);
        listener.route("GET", "/boom", req -> {
            throw new IllegalStateException("brain \"unreachable\"");
        });
        var response = send(listener, "GET", "/boom", null);
        assertEquals(500, response.statusCode());
        assertEquals("{\"error\":\"internal error: brain \\\"unreachable\\\"\"}", response.body());
        assertTrue(logged.get().contains("/boom"), logged.get());
    }

    @Test
    void requestCarriesQueryBodyAndHeaders() throws Exception {
        HttpListener listener = listener(null);
        AtomicReference<HttpRequest> seen = new AtomicReference<>();
        listener.route("POST", "/v1/masters", req -> {
            seen.set(req);
            return HttpResponse.json(202, "{\"ok\":true}".getBytes());
        });
        var response = send(listener, "POST", "/v1/masters/m1/pause?ttl=30s&x=a%20b&flag", "payload",
                "X-Custom", "yes");
        assertEquals(202, response.statusCode());
        assertEquals("{\"ok\":true}", response.body());
        HttpRequest req = seen.get();
        assertEquals("POST", req.method());
        assertEquals("/v1/masters/m1/pause", req.path());
        assertEquals(Map.of("ttl", "30s", "x", "a b", "flag", ""), req.query());
        assertEquals("payload", new String(req.body()));
        assertEquals("yes", req.header("x-custom"));
    }

    @Test
    void actionsNeedTheBearerTokenWhenOneIsSet() throws Exception {
        HttpListener listener = listener("s3cret");
        listener.route("POST", "/v1/masters", req -> HttpResponse.json(200, "{}".getBytes()));
        listener.route("GET", "/metrics", req -> HttpResponse.text(200, "open"));
        assertEquals(401, send(listener, "POST", "/v1/masters/m/failover", null).statusCode());
        assertEquals(401, send(listener, "POST", "/v1/masters/m/failover", null,
                "Authorization", "Bearer wrong").statusCode());
        assertEquals(200, send(listener, "POST", "/v1/masters/m/failover", null,
                "Authorization", "Bearer s3cret").statusCode());
        assertEquals(200, send(listener, "GET", "/metrics", null).statusCode());
        assertTrue(listener.requiresToken("POST"));
        assertTrue(listener.requiresToken("delete"));
        assertFalse(listener.requiresToken("GET"));
    }

    @Test
    void withoutATokenActionsAreOpen() throws Exception {
        HttpListener listener = listener("");
        listener.route("POST", "/v1", req -> HttpResponse.text(200, "done"));
        assertFalse(listener.requiresToken("POST"));
        assertEquals(200, send(listener, "POST", "/v1/x", null).statusCode());
    }

    @Test
    void nonLoopbackBindWithoutATokenIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> HttpListener.checkBind("0.0.0.0", null));
        assertTrue(refused.getMessage().startsWith("http-bind 0.0.0.0 is not loopback: set http-auth-token"),
                refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpListener.checkBind("0.0.0.0", ""));
        HttpListener.checkBind("0.0.0.0", "token");
        HttpListener.checkBind("127.0.0.1", null);
        HttpListener.checkBind("::1", null);
        HttpListener.checkBind("localhost", null);
    }

    @Test
    void closeReleasesThePort() throws Exception {
        HttpListener listener = listener(null);
        int port = listener.port();
        listener.close();
        listener.close();
        assertThrows(java.io.IOException.class, () -> client.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(), BodyHandlers.ofString()));
        HttpListener again = HttpListener.start("127.0.0.1", port, null);
        listeners.add(again);
        assertEquals(port, again.port());
    }

    @Test
    void bindFailureNamesTheAddress() {
        HttpListener listener = listener(null);
        var failure = assertThrows(java.io.UncheckedIOException.class,
                () -> HttpListener.start("127.0.0.1", listener.port(), null));
        assertTrue(failure.getMessage().startsWith("http-bind 127.0.0.1:" + listener.port()), failure.getMessage());
    }
}
