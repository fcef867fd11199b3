package io.vigil.node.http;

/** Answers the requests of one method under one path prefix (see {@link HttpListener#route}). */
@FunctionalInterface
public interface HttpRoute {
    /** The response; an exception becomes a 500 with a JSON error, and a log line. */
    HttpResponse handle(HttpRequest req) throws Exception;
}
