package io.vigil.node.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.node.server.ServerLog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small HTTP/1.1 server for {@code /metrics} and the sentinel's JSON API, on the JDK's built-in
 * server (module jdk.httpserver: no dependency, no Netty pipeline to maintain for a few requests a
 * second). Handlers run on two daemon threads, so a slow scrape never touches the RESP event loops.
 *
 * <p>Routing: {@link #route} registers a handler for a method under a path prefix. The longest
 * prefix that matches the request path on a segment boundary wins ({@code /v1/masters} matches
 * {@code /v1/masters} and {@code /v1/masters/x}, not {@code /v1/mastersx}); an unmatched path is a
 * 404, a matched prefix without a handler for the method a 405, a handler exception a 500. Every
 * error body is {@code {"error":"..."}}.
 *
 * <p>Security: when an auth token is set, every request that is not a read (GET/HEAD) must carry
 * {@code Authorization: Bearer <token>} or gets a 401; reads, {@code /metrics} included, stay open.
 * A non-loopback bind without a token is refused ({@link #checkBind}).
 */
public final class HttpListener implements AutoCloseable {
    /** Bodies beyond this are refused (413): the API's actions carry no real payload. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String authToken;
    private final List<Route> routes = new ArrayList<>();
    private volatile Consumer<String> log = message -> ServerLog.get().warning(message);
    private volatile boolean closed;

    private record Route(String method, String prefix, HttpRoute handler) {
    }

    private HttpListener(HttpServer server, ExecutorService executor, String authToken) {
        this.server = server;
        this.executor = executor;
        this.authToken = authToken == null || authToken.isEmpty() ? null : authToken;
    }

    /**
     * Binds {@code bindHost:port} and starts serving (no routes yet: everything is a 404 until
     * {@link #route} is called). Port 0 picks a free port ({@link #port()} tells which); the config
     * layer treats {@code http-port 0} as "off" and simply does not call this.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static HttpListener start(String bindHost, int port, String authToken) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindHost), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("http-bind " + bindHost + ":" + port + ": " + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "vigil-http-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        HttpListener listener = new HttpListener(server, executor, authToken);
        server.createContext("/", listener::serve);
        // The JDK's dispatcher thread inherits the daemon flag of the thread that starts it: start it
        // from a daemon thread so an embedded listener someone forgets to close never holds the JVM.
        Thread starter = new Thread(server::start, "vigil-http-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            executor.shutdownNow();
            throw new IllegalStateException("interrupted while starting the HTTP listener", e);
        }
        return listener;
    }

    /** Binds a free port on {@code bindHost} (tests and embedded topologies). */
    public static HttpListener startEphemeral(String bindHost, String authToken) {
        return start(bindHost, 0, authToken);
    }

    /**
     * Refuses a non-loopback bind without a token: the actions (failover, pause) must never be open
     * to the network. The daemons call this before anything starts and exit 1 with the message.
     */
    public static void checkBind(String bindHost, String token) {
        if (token != null && !token.isEmpty()) {
            return;
        }
        if (!isLoopback(bindHost)) {
            throw new IllegalArgumentException("http-bind " + bindHost
                    + " is not loopback: set http-auth-token to protect the HTTP actions, or bind to 127.0.0.1");
        }
    }

    /** True when every address {@code host} names is a loopback address. */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The bound port (the actual one when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The bound address, as the server reports it. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Where handler failures are logged (default: the process log at warning level). */
    public void log(Consumer<String> sink) {
        this.log = Objects.requireNonNull(sink);
    }

    /**
     * Serves {@code method} requests under {@code pathPrefix} with {@code route}; a later route for
     * the same method and prefix replaces the earlier one.
     */
    public void route(String method, String pathPrefix, HttpRoute route) {
        String m = method.toUpperCase(Locale.ROOT);
        String prefix = pathPrefix.length() > 1 && pathPrefix.endsWith("/")
                ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("a path prefix starts with /: " + pathPrefix);
        }
        synchronized (routes) {
            routes.removeIf(r -> r.method.equals(m) && r.prefix.equals(prefix));
            routes.add(new Route(m, prefix, Objects.requireNonNull(route)));
        }
    }

    /** Whether a request with this method must carry the bearer token: only actions, only with a token set. */
    public boolean requiresToken(String method) {
        if (authToken == null) {
            return false;
        }
        String m = method.toUpperCase(Locale.ROOT);
        return !m.equals("GET") && !m.equals("HEAD");
    }

    /** Stops listening at once; requests in flight may be cut. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) {
        HttpResponse response;
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        try {
            response = dispatch(exchange, method, path == null || path.isEmpty() ? "/" : path);
        } catch (Throwable e) {
            log.accept("HTTP " + method + " " + path + " failed: " + e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            response = HttpResponse.error(500, "internal error: " + message);
        }
        try {
            send(exchange, method, response);
        } catch (IOException e) {
            // The client went away: nothing to tell anyone.
        } finally {
            exchange.close();
        }
    }

    private HttpResponse dispatch(HttpExchange exchange, String method, String path) throws Exception {
        Route match = null;
        synchronized (routes) {
            String best = null;
            for (Route route : routes) {
                if (matches(route.prefix, path) && (best == null || route.prefix.length() > best.length())) {
                    best = route.prefix;
                }
            }
            if (best == null) {
                return HttpResponse.error(404, "not found");
            }
            Route get = null;
            for (Route route : routes) {
                if (route.prefix.equals(best)) {
                    if (route.method.equals(method)) {
                        match = route;
                    } else if (route.method.equals("GET")) {
                        get = route;
                    }
                }
            }
            if (match == null && method.equals("HEAD")) {
                match = get;
            }
        }
        if (match == null) {
            return HttpResponse.error(405, "method not allowed");
        }
        if (requiresToken(method) && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return HttpResponse.error(401, "unauthorized: this action needs Authorization: Bearer <http-auth-token>");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return HttpResponse.error(413, "request body too large");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        HttpRequest request = new HttpRequest(method, path, parseQuery(exchange.getRequestURI().getRawQuery()), body,
                Collections.unmodifiableMap(headers));
        HttpResponse response = match.handler.handle(request);
        if (response == null) {
            throw new IllegalStateException("route " + match.prefix + " returned no response");
        }
        return response;
    }

    private static boolean matches(String prefix, String path) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time compare: the token is a secret and the listener may face a network.
        return MessageDigest.isEqual(given, authToken.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                query.put(name, value);
            }
        }
        return Collections.unmodifiableMap(query);
    }

    private static void send(HttpExchange exchange, String method, HttpResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        if (response.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        byte[] body = response.body();
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        // -1 means "no body" to the JDK server; 0 would mean chunked.
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
