package io.vigil.node.http;

import java.nio.charset.StandardCharsets;

/**
 * What a route answers.
 *
 * @param status      the HTTP status code
 * @param contentType the Content-Type header value
 * @param body        the body bytes (never null)
 */
public record HttpResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    public HttpResponse {
        body = body == null ? new byte[0] : body;
    }

    public static HttpResponse json(int status, byte[] body) {
        return new HttpResponse(status, JSON, body);
    }

    public static HttpResponse json(int status, String body) {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponse text(int status, String body) {
        return new HttpResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error":"<message>"}} with the message JSON-escaped. */
    public static HttpResponse error(int status, String message) {
        return json(status, "{\"error\":" + jsonString(message) + "}");
    }

    /** A JSON string literal, quotes included. */
    public static String jsonString(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
