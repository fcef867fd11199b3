package io.vigil.sentinel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One event a sentinel published on its own Pub/Sub (channel = event type, message = Redis's
 * event text, e.g. {@code +sdown} / {@code master mymaster 127.0.0.1 6379}), with the time it was
 * received and the sentinel it came from.
 */
record SentinelEventLine(Instant time, String sentinel, String event, String message) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    /** {@code 16:51:02.123 [127.0.0.1:26379] +sdown master mymaster 127.0.0.1 6379}, for the table. */
    String shortLine() {
        return CLOCK.format(time) + " [" + sentinel + "] " + event + " " + message;
    }

    /** {@code 2026-11-21 16:51:02.123 +sdown master mymaster 127.0.0.1 6379}, like the log's lines. */
    String plainLine() {
        return STAMP.format(time) + " " + event + " " + message;
    }

    /**
     * One JSON object: time, sentinel, event, message, and what Redis's event formats say: the
     * instance (type, name, address) and its master for {@code <type> <name> <ip> <port> [@ <master>
     * <ip> <port>]}, from/to for {@code +switch-master}, the epoch for {@code +new-epoch} and
     * {@code +vote-for-leader}.
     */
    String json(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("time", time.toString());
        o.put("sentinel", sentinel);
        o.put("event", event);
        o.put("message", message);
        String[] t = message.split(" ");
        if (event.equals("+switch-master") && t.length == 5) {
            o.put("master", t[0]);
            o.put("from", t[1] + ":" + t[2]);
            o.put("to", t[3] + ":" + t[4]);
        } else if (event.equals("+new-epoch") && t.length == 1) {
            putEpoch(o, t[0]);
        } else if (event.equals("+vote-for-leader") && t.length == 2) {
            o.put("leader", t[0]);
            putEpoch(o, t[1]);
        } else if (t.length >= 4 && (t[0].equals("master") || t[0].equals("slave") || t[0].equals("sentinel"))) {
            o.put("instance_type", t[0]);
            o.put("instance", t[1]);
            o.put("address", t[2] + ":" + t[3]);
            if (t.length >= 8 && t[4].equals("@")) {
                o.put("master", t[5]);
                o.put("master_address", t[6] + ":" + t[7]);
            } else if (t[0].equals("master")) {
                o.put("master", t[1]);
            }
        }
        try {
            return mapper.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putEpoch(ObjectNode o, String value) {
        try {
            o.put("epoch", Long.parseLong(value));
        } catch (NumberFormatException e) {
            o.put("epoch", value);
        }
    }
}
