package io.vigil.node.command;

import io.vigil.node.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A RESP3 reply held as plain Java values, to replay captured replies (COMMAND INFO details,
 * COMMAND DOCS) to clients of either protocol: bulk strings are {@link String}, status replies
 * {@link Status}, integers {@link Long}, arrays {@link List}, sets {@link SetOf}, maps
 * {@link LinkedHashMap}, null is null.
 */
final class RespTree {
    private RespTree() {
    }

    /** A status (simple string) reply. */
    record Status(String text) {
    }

    /** A RESP3 set (an array for RESP2 clients). */
    record SetOf(List<Object> items) {
    }

    /** Parses one complete RESP3 value. */
    static Object parse(byte[] bytes) {
        int[] position = {0};
        return read(bytes, position);
    }

    private static Object read(byte[] b, int[] pos) {
        char type = (char) b[pos[0]];
        int end = pos[0];
        while (b[end] != '\r') {
            end++;
        }
        String line = new String(b, pos[0] + 1, end - pos[0] - 1, StandardCharsets.ISO_8859_1);
        pos[0] = end + 2;
        switch (type) {
            case '+':
                return new Status(line);
            case ':':
                return Long.parseLong(line);
            case '_':
                return null;
            case '$':
            case '=': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                String text = new String(b, pos[0], length, StandardCharsets.UTF_8);
                pos[0] += length + 2;
                return text;
            }
            case '*':
            case '~': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(0, count));
                for (int i = 0; i < count; i++) {
                    items.add(read(b, pos));
                }
                return type == '~' ? new SetOf(items) : items;
            }
            case '%': {
                int count = Integer.parseInt(line);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    Object key = read(b, pos);
                    map.put(key, read(b, pos));
                }
                return map;
            }
            default:
                throw new IllegalArgumentException("unexpected RESP type '" + type + "'");
        }
    }

    /** Writes a value in the client's protocol (maps flatten and sets become arrays in RESP2). */
    static void write(RespWriter out, Object node) {
        if (node == null) {
            out.nullBulk();
        } else if (node instanceof String text) {
            out.bulk(text);
        } else if (node instanceof Status status) {
            out.simple(status.text());
        } else if (node instanceof Long number) {
            out.integer(number);
        } else if (node instanceof SetOf set) {
            out.set(set.items().size());
            for (Object item : set.items()) {
                write(out, item);
            }
        } else if (node instanceof List<?> list) {
            out.array(list.size());
            for (Object item : list) {
                write(out, item);
            }
        } else if (node instanceof Map<?, ?> map) {
            out.map(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                write(out, entry.getKey());
                write(out, entry.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot write " + node.getClass());
        }
    }
}
