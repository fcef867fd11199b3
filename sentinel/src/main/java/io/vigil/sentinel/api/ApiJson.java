package io.vigil.sentinel.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.observe.ExcludedReplica;
import io.vigil.sentinel.observe.FailoverRecord;

import java.time.Instant;
import java.util.Map;

/** JSON shapes of the API (snake_case names, times as {@code *_at_ms} epoch ms, ages as {@code *_ms}). */
final class ApiJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {
    }

    static ArrayNode flags(InstanceView v) {
        ArrayNode a = MAPPER.createArrayNode();
        for (String f : v.flags().split(",")) {
            if (!f.isEmpty()) {
                a.add(f);
            }
        }
        return a;
    }

    /** ok, sdown or odown: the master's state in one word. */
    static String status(InstanceView v) {
        return v.hasFlag("o_down") ? "odown" : v.hasFlag("s_down") ? "sdown" : "ok";
    }

    /**
     * A replica as the API shows it.
     *
     * @param masterOffset the master's offset from its last INFO, or null (no lag then)
     */
    static ObjectNode replica(InstanceView r, Long masterOffset) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", r.name());
        o.put("ip", r.address().ip());
        o.put("port", r.address().port());
        o.put("run_id", r.runId());
        o.set("flags", flags(r));
        o.put("offset", r.replOffset());
        if (masterOffset != null) {
            o.put("lag_bytes", lag(masterOffset, r.replOffset()));
        } else {
            o.putNull("lag_bytes");
        }
        o.put("link", r.hasFlag("disconnected") ? "disconnected" : "connected");
        o.put("master_link", r.masterLinkUp() ? "ok" : "err");
        o.put("master_link_down_ms", r.masterLinkDownTimeMillis());
        o.put("master_host", r.masterHost());
        o.put("master_port", r.masterPort());
        o.put("priority", r.replicaPriority());
        o.put("role_reported", r.roleReported() == null ? "master" : r.roleReported().wireName());
        o.put("last_ok_ping_reply_ms", r.lastOkPingReplyMillis());
        o.put("info_refresh_ms", r.infoRefreshMillis());
        return o;
    }

    /** Never negative: the replica's INFO may be newer than the master's. */
    static long lag(long masterOffset, long replicaOffset) {
        return Math.max(0, masterOffset - replicaOffset);
    }

    /** Down (for filtering): SDOWN, our link to it down, or its link to the master down. */
    static boolean linkDown(InstanceView r) {
        return r.hasFlag("s_down") || r.hasFlag("disconnected") || !r.masterLinkUp();
    }

    static ObjectNode sentinel(InstanceView s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", s.name());
        o.put("ip", s.address().ip());
        o.put("port", s.address().port());
        o.set("flags", flags(s));
        o.put("last_hello_ms", s.lastHelloMessageMillis());
        o.put("last_ok_ping_reply_ms", s.lastOkPingReplyMillis());
        o.put("voted_leader", s.votedLeader());
        o.put("voted_leader_epoch", s.votedLeaderEpoch());
        return o;
    }

    static ObjectNode record(FailoverRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("master", r.master());
        o.put("kind", r.kind());
        o.put("epoch", r.epoch());
        o.put("result", r.result());
        o.put("reason", r.reason());
        time(o, "detected_at", r.detectedAtMillis());
        time(o, "odown_at", r.odownAtMillis());
        time(o, "started_at", r.startedAtMillis());
        time(o, "elected_at", r.electedAtMillis());
        time(o, "selected_at", r.selectedAtMillis());
        time(o, "promoted_at", r.promotedAtMillis());
        time(o, "ended_at", r.endedAtMillis());
        o.put("duration_ms", r.durationMillis());
        o.put("leader", r.leader());
        ObjectNode votes = o.putObject("votes");
        r.votes().forEach(votes::put);
        o.put("chosen_replica", r.chosenReplica());
        o.set("excluded", excluded(r.excluded()));
        o.put("master_offset", r.masterOffset());
        o.put("promoted_offset", r.promotedOffset());
        o.put("write_loss_window_bytes", r.writeLossWindowBytes());
        ObjectNode phases = o.putObject("phase_ms");
        for (Map.Entry<String, Long> p : r.phaseMillis().entrySet()) {
            phases.put(p.getKey(), p.getValue());
        }
        return o;
    }

    static ArrayNode excluded(Iterable<ExcludedReplica> list) {
        ArrayNode a = MAPPER.createArrayNode();
        for (ExcludedReplica x : list) {
            a.addObject().put("replica", x.replica()).put("reason", x.reason()).put("text", x.text());
        }
        return a;
    }

    /** {@code <name>_ms} (epoch ms) and {@code <name>} (ISO-8601), or nulls. */
    static void time(ObjectNode o, String name, Long millis) {
        if (millis == null || millis <= 0) {
            o.putNull(name + "_ms");
            o.putNull(name);
        } else {
            o.put(name + "_ms", millis);
            o.put(name, Instant.ofEpochMilli(millis).toString());
        }
    }
}
