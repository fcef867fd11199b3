package io.vigil.node.http;

import java.util.List;
import java.util.Map;

/**
 * One request as a route sees it.
 *
 * @param method  upper-case method (GET, POST...)
 * @param path    the decoded path, without the query string
 * @param query   the decoded query parameters; the last value wins when a name repeats, and a
 *                name without {@code =} maps to the empty string
 * @param body    the request body (empty when there is none)
 * @param headers the request headers, names in lower case
 */
public record HttpRequest(String method, String path, Map<String, String> query, byte[] body,
                          Map<String, List<String>> headers) {
    /** The first value of a header (name case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A query parameter, or {@code fallback} when it is absent. */
    public String param(String name, String fallback) {
        String value = query.get(name);
        return value == null ? fallback : value;
    }
}
