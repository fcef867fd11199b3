package io.vigil.sentinel.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.sentinel.core.SentinelEvent;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One event as one JSON object (a line of the event log, an element of {@code GET /v1/events}):
 * {@code time}, {@code ts_ms}, {@code event}, {@code level}, {@code master}, {@code instance},
 * {@code epoch}, {@code failover_id}, {@code text} and {@code details}.
 */
public final class EventJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    /**
     * @param record the failover record the event belongs to (after the event), if any
     */
    public static ObjectNode of(long atMillis, SentinelEvent e, Optional<FailoverRecord> record, FailoverProbe probe) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("time", Instant.ofEpochMilli(atMillis).toString());
        o.put("ts_ms", atMillis);
        o.put("event", e.type());
        o.put("level", e.level().name().toLowerCase(java.util.Locale.ROOT));
        if (e.masterName() != null) {
            o.put("master", e.masterName());
        }
        String instance = instance(e.text());
        if (instance != null) {
            o.put("instance", instance);
        }
        ObjectNode d = MAPPER.createObjectNode();
        String type = e.type();
        String[] w = e.text().split(" ");
        Long epoch = null;
        String failoverId = null;
        if (record.isPresent()) {
            FailoverRecord r = record.get();
            epoch = r.epoch();
            failoverId = r.id();
            recordDetails(type, r, d);
        }
        switch (type) {
            case "+new-epoch" -> epoch = parse(e.text().trim());
            case "+odown" -> {
                // "master mymaster 127.0.0.1 6379 #quorum 2/2"
                if (w.length >= 6 && w[4].equals("#quorum")) {
                    String[] q = w[5].split("/");
                    if (q.length == 2) {
                        putNumber(d, "agreeing", q[0]);
                        putNumber(d, "quorum", q[1]);
                    }
                }
            }
            case "+vote-for-leader" -> {
                if (w.length >= 2) {
                    d.put("leader", w[0]);
                    putNumber(d, "leader_epoch", w[1]);
                    Long le = parse(w[1]);
                    if (le != null && epoch == null) {
                        epoch = le;
                    }
                    if (le != null && failoverId == null && e.masterName() != null) {
                        // the vote is for the failover of that epoch, whoever runs it
                        failoverId = e.masterName() + ":" + le;
                    }
                }
            }
            case "+switch-master" -> {
                // "<master> <old ip> <old port> <new ip> <new port>"
                if (w.length == 5) {
                    d.put("old_ip", w[1]);
                    putNumber(d, "old_port", w[2]);
                    d.put("new_ip", w[3]);
                    putNumber(d, "new_port", w[4]);
                    d.put("chosen_replica", w[3] + ":" + w[4]);
                }
                if (failoverId == null && e.masterName() != null) {
                    // Every sentinel names the failover by the epoch that produced the new config.
                    OptionalLong ce = probe.configEpoch(e.masterName());
                    if (ce.isPresent() && ce.getAsLong() > 0) {
                        epoch = ce.getAsLong();
                        failoverId = e.masterName() + ":" + epoch;
                    }
                }
            }
            default -> {
            }
        }
        if (epoch == null) {
            OptionalLong ce = probe.currentEpoch();
            if (ce.isPresent()) {
                epoch = ce.getAsLong();
            }
        }
        if (epoch != null) {
            o.put("epoch", epoch);
        }
        if (failoverId != null) {
            o.put("failover_id", failoverId);
        }
        o.put("text", e.text());
        o.set("details", d);
        return o;
    }

    private static void recordDetails(String type, FailoverRecord r, ObjectNode d) {
        switch (type) {
            case "+try-failover" -> d.put("kind", r.kind());
            case "+elected-leader", "-failover-abort-not-elected" -> {
                if (r.leader() != null) {
                    d.put("leader", r.leader());
                }
                ObjectNode votes = d.putObject("votes");
                r.votes().forEach(votes::put);
            }
            case "+selected-slave" -> {
                d.put("chosen_replica", r.chosenReplica());
                ArrayNode ex = d.putArray("excluded");
                for (ExcludedReplica x : r.excluded()) {
                    ex.addObject().put("replica", x.replica()).put("reason", x.reason()).put("text", x.text());
                }
                offsets(r, d);
            }
            case "+promoted-slave" -> {
                d.put("chosen_replica", r.chosenReplica());
                offsets(r, d);
            }
            default -> {
                if (!r.inProgress()) {
                    d.put("kind", r.kind());
                    d.put("result", r.result());
                    if (r.reason() != null) {
                        d.put("reason", r.reason());
                    }
                    if (r.chosenReplica() != null) {
                        d.put("chosen_replica", r.chosenReplica());
                    }
                    if (r.durationMillis() != null) {
                        d.put("duration_ms", r.durationMillis());
                    }
                    ObjectNode ph = d.putObject("phase_ms");
                    for (Map.Entry<String, Long> p : r.phaseMillis().entrySet()) {
                        ph.put(p.getKey(), p.getValue());
                    }
                    offsets(r, d);
                }
            }
        }
    }

    private static void offsets(FailoverRecord r, ObjectNode d) {
        if (r.masterOffset() != null) {
            d.put("master_offset", r.masterOffset());
        }
        if (r.promotedOffset() != null) {
            d.put("promoted_offset", r.promotedOffset());
        }
        if (r.writeLossWindowBytes() != null) {
            d.put("write_loss_window_bytes", r.writeLossWindowBytes());
        }
    }

    /** {@code <kind> <name> <ip> <port>} when the text starts with an instance description. */
    static String instance(String text) {
        String[] w = text.split(" ");
        if (w.length < 4 || !(w[0].equals("master") || w[0].equals("slave") || w[0].equals("sentinel"))) {
            return null;
        }
        return w[0] + " " + w[1] + " " + w[2] + " " + w[3];
    }

    private static void putNumber(ObjectNode d, String field, String value) {
        Long v = parse(value);
        if (v != null) {
            d.put(field, v);
        } else {
            d.put(field, value);
        }
    }

    private static Long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
