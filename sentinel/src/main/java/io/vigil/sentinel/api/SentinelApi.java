package io.vigil.sentinel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.failover.Ranking;
import io.vigil.failover.ReplicaCandidate;
import io.vigil.node.http.HttpListener;
import io.vigil.node.http.HttpRequest;
import io.vigil.node.http.HttpResponse;
import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.CkQuorum;
import io.vigil.sentinel.core.CommandResult;
import io.vigil.sentinel.core.FailoverKind;
import io.vigil.sentinel.core.InfoCacheEntry;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.core.SentinelBrain;
import io.vigil.sentinel.observe.ExcludedReplica;
import io.vigil.sentinel.observe.FailoverTracker;
import io.vigil.sentinel.observe.InfoText;
import io.vigil.sentinel.observe.JsonEventLog;
import io.vigil.sentinel.runtime.SentinelDaemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * The {@code /v1} routes. Each handler does its brain work in one task on the daemon's event loop
 * ({@code server().call}), as SENTINEL commands do, and calls {@link SentinelDaemon#drain()} after
 * every brain action so that persistence, commands and events follow at once.
 *
 * <ul>
 *   <li>{@code GET /v1/masters}, {@code GET /v1/masters/{name}}</li>
 *   <li>{@code GET /v1/masters/{name}/primary}: 200 with the address when this sentinel knows the
 *       master and a majority of the sentinels is reachable, else 503 (load balancer health check)</li>
 *   <li>{@code GET /v1/masters/{name}/replicas?max_lag_bytes=N}</li>
 *   <li>{@code GET /v1/masters/{name}/explain}: a dry run of a failover now</li>
 *   <li>{@code GET /v1/events?since=&limit=}</li>
 *   <li>{@code POST /v1/masters/{name}/failover?mode=coordinated|force},
 *       {@code POST .../pause?ttl=30s}, {@code POST .../resume}</li>
 * </ul>
 */
public final class SentinelApi {
    static final String NO_SUCH_MASTER = "No such master with that name";
    static final int DEFAULT_EVENT_LIMIT = 1000;
    static final int MAX_EVENT_LIMIT = 10_000;

    private final SentinelDaemon d;
    private final FailoverTracker tracker;
    private final JsonEventLog events;

    public SentinelApi(SentinelDaemon daemon, FailoverTracker tracker, JsonEventLog events) {
        this.d = daemon;
        this.tracker = tracker;
        this.events = events;
    }

    /** Registers the routes on the listener. */
    public static SentinelApi mount(HttpListener listener, SentinelDaemon daemon, FailoverTracker tracker,
                                    JsonEventLog events) {
        SentinelApi api = new SentinelApi(daemon, tracker, events);
        listener.route("GET", "/v1/masters", api::get);
        listener.route("GET", "/v1/events", api::get);
        listener.route("POST", "/v1/masters", api::post);
        return api;
    }

    // ------------------------------------------------------------------------ dispatch

    /** Every GET under /v1. */
    public HttpResponse get(HttpRequest req) {
        try {
            List<String> p = segments(req.path());
            if (p.size() == 2 && p.get(1).equals("events")) {
                return events(req);
            }
            if (p.size() < 2 || !p.get(1).equals("masters")) {
                return HttpResponse.error(404, "not found");
            }
            if (p.size() == 2) {
                return onLoop(() -> masters());
            }
            String name = p.get(2);
            if (p.size() == 3) {
                return onLoop(() -> master(name));
            }
            if (p.size() == 4) {
                switch (p.get(3)) {
                    case "primary":
                        return onLoop(() -> primary(name));
                    case "replicas": {
                        String max = req.param("max_lag_bytes", null);
                        Long maxLag = max == null ? null : ApiParams.nonNegative("max_lag_bytes", max);
                        return onLoop(() -> replicas(name, maxLag));
                    }
                    case "explain":
                        return onLoop(() -> explain(name));
                    default:
                        break;
                }
            }
            return HttpResponse.error(404, "not found");
        } catch (ApiParams.BadParam e) {
            return HttpResponse.error(400, e.getMessage());
        }
    }

    /** Every POST under /v1 (the listener checks the token first). */
    public HttpResponse post(HttpRequest req) {
        try {
            List<String> p = segments(req.path());
            if (p.size() != 4 || !p.get(1).equals("masters")) {
                return HttpResponse.error(404, "not found");
            }
            String name = p.get(2);
            switch (p.get(3)) {
                case "failover": {
                    String mode = req.param("mode", "coordinated").toLowerCase(Locale.ROOT);
                    FailoverKind kind = switch (mode) {
                        case "coordinated" -> FailoverKind.COORDINATED;
                        case "force" -> FailoverKind.MANUAL;
                        default -> throw new ApiParams.BadParam("invalid mode '" + mode + "': coordinated or force");
                    };
                    return onLoop(() -> failover(name, mode, kind));
                }
                case "pause": {
                    String ttl = req.param("ttl", null);
                    if (ttl == null) {
                        throw new ApiParams.BadParam("ttl is required, e.g. ttl=30s, 5m or 60000 (ms)");
                    }
                    long ms = ApiParams.durationMillis("ttl", ttl);
                    return onLoop(() -> pause(name, ms));
                }
                case "resume":
                    return onLoop(() -> resume(name));
                default:
                    return HttpResponse.error(404, "not found");
            }
        } catch (ApiParams.BadParam e) {
            return HttpResponse.error(400, e.getMessage());
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (out.isEmpty() || !out.get(0).equals("v1")) {
            return List.of();
        }
        return out;
    }

    private HttpResponse onLoop(Callable<HttpResponse> task) {
        if (d.brain() == null) {
            return HttpResponse.error(503, "sentinel is starting");
        }
        return d.server().call(task);
    }

    private static HttpResponse json(int status, JsonNode body) {
        try {
            return HttpResponse.json(status, ApiJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return HttpResponse.error(500, "cannot serialize: " + e.getMessage());
        }
    }

    private static HttpResponse noSuchMaster() {
        return HttpResponse.error(404, NO_SUCH_MASTER);
    }

    // ------------------------------------------------------------------------ reads (on the loop)

    private HttpResponse masters() {
        SentinelBrain b = d.brain();
        long now = d.now();
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        ArrayNode a = o.putArray("masters");
        for (InstanceView v : b.masters(now)) {
            a.add(masterJson(b, v, now));
        }
        return json(200, o);
    }

    private HttpResponse master(String name) {
        SentinelBrain b = d.brain();
        long now = d.now();
        Optional<InstanceView> v = b.master(name, now);
        return v.isEmpty() ? noSuchMaster() : json(200, masterJson(b, v.get(), now));
    }

    private ObjectNode masterJson(SentinelBrain b, InstanceView v, long now) {
        String name = v.name();
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        Address a = b.masterAddress(name).orElse(v.address());
        o.put("name", name);
        o.put("ip", a.ip());
        o.put("port", a.port());
        o.put("run_id", v.runId());
        o.set("flags", ApiJson.flags(v));
        o.put("status", ApiJson.status(v));
        o.put("quorum", v.quorum());
        o.put("down_after_ms", v.downAfterMillis());
        o.put("failover_timeout_ms", v.failoverTimeoutMillis());
        o.put("parallel_syncs", v.parallelSyncs());
        o.put("last_ok_ping_reply_ms", v.lastOkPingReplyMillis());
        ObjectNode ep = o.putObject("epochs");
        ep.put("current", b.currentEpoch());
        ep.put("config", v.configEpoch());
        ep.put("leader", v.leader());
        ep.put("leader_epoch", v.leaderEpoch());
        ObjectNode f = o.putObject("failover");
        boolean inProgress = v.failoverState() != null;
        f.put("in_progress", inProgress);
        f.put("state", inProgress ? v.failoverState() : "none");
        f.put("kind", inProgress ? b.failoverKind(name).map(FailoverKind::wireName).orElse(null) : null);
        f.put("epoch", v.failoverEpoch());
        f.put("promoted_replica", v.promotedReplica());
        ApiJson.time(f, "next_attempt_at", v.nextFailoverAttemptAtMillis());
        ObjectNode m = o.putObject("maintenance");
        OptionalLong paused = b.pausedUntilMillis(name);
        m.put("paused", paused.isPresent());
        ApiJson.time(m, "paused_until", paused.isPresent() ? paused.getAsLong() : null);
        Long masterOffset = masterOffset(b, name, now);
        o.put("master_offset", masterOffset);
        b.ckquorum(name).ifPresent(q -> o.set("ckquorum", quorumJson(q)));
        ArrayNode reps = o.putArray("replicas");
        for (InstanceView r : b.replicas(name, now).orElse(List.of())) {
            reps.add(ApiJson.replica(r, masterOffset));
        }
        ArrayNode sens = o.putArray("sentinels");
        for (InstanceView s : b.sentinels(name, now).orElse(List.of())) {
            sens.add(ApiJson.sentinel(s));
        }
        o.set("last_failover", tracker == null ? null
                : tracker.last(name).map(r -> (JsonNode) ApiJson.record(r)).orElse(null));
        return o;
    }

    private static ObjectNode quorumJson(CkQuorum q) {
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        o.put("usable", q.usable());
        o.put("voters", q.voters());
        o.put("quorum", q.quorum());
        o.put("majority", q.voters() / 2 + 1);
        o.put("quorum_reachable", q.quorumReachable());
        o.put("majority_reachable", q.majorityReachable());
        return o;
    }

    /** master_repl_offset from the master's last INFO (the brain keeps the text), or null. */
    private static Long masterOffset(SentinelBrain b, String name, long now) {
        List<InfoCacheEntry> l = b.infoCache(now, List.of(name)).get(name);
        if (l == null || l.isEmpty() || l.get(0).ageMillis() == 0 && l.get(0).infoText() == null) {
            return null;
        }
        OptionalLong o = InfoText.longField(l.get(0).infoText(), "master_repl_offset");
        return o.isPresent() ? o.getAsLong() : null;
    }

    private HttpResponse primary(String name) {
        SentinelBrain b = d.brain();
        Optional<Address> a = b.masterAddress(name);
        Optional<CkQuorum> q = b.ckquorum(name);
        if (a.isEmpty() || q.isEmpty()) {
            return noSuchMaster();
        }
        InstanceView v = b.master(name, d.now()).orElseThrow();
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        int majority = q.get().voters() / 2 + 1;
        if (!q.get().majorityReachable()) {
            o.put("error", "no majority of sentinels reachable: " + q.get().usable() + " of " + q.get().voters()
                    + ", " + majority + " needed");
            o.put("usable_sentinels", q.get().usable());
            o.put("sentinels", q.get().voters());
            o.put("majority", majority);
            return json(503, o);
        }
        o.put("name", name);
        o.put("ip", a.get().ip());
        o.put("port", a.get().port());
        o.put("config_epoch", v.configEpoch());
        o.put("status", ApiJson.status(v));
        o.put("failover_in_progress", v.failoverState() != null);
        o.put("usable_sentinels", q.get().usable());
        o.put("sentinels", q.get().voters());
        o.put("majority", majority);
        return json(200, o);
    }

    private HttpResponse replicas(String name, Long maxLag) {
        SentinelBrain b = d.brain();
        long now = d.now();
        Optional<List<InstanceView>> l = b.replicas(name, now);
        if (l.isEmpty()) {
            return noSuchMaster();
        }
        Long masterOffset = masterOffset(b, name, now);
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        o.put("master", name);
        o.put("master_offset", masterOffset);
        if (maxLag != null) {
            o.put("max_lag_bytes", maxLag);
        }
        ArrayNode a = o.putArray("replicas");
        for (InstanceView r : l.get()) {
            if (maxLag != null && (ApiJson.linkDown(r) || masterOffset == null
                    || ApiJson.lag(masterOffset, r.replOffset()) > maxLag)) {
                continue;
            }
            a.add(ApiJson.replica(r, masterOffset));
        }
        return json(200, o);
    }

    private HttpResponse explain(String name) {
        SentinelBrain b = d.brain();
        long now = d.now();
        Optional<InstanceView> mv = b.master(name, now);
        if (mv.isEmpty()) {
            return noSuchMaster();
        }
        InstanceView v = mv.get();
        CkQuorum q = b.ckquorum(name).orElseThrow();
        Ranking ranking = b.ranking(name, now).orElseThrow();
        Long masterOffset = masterOffset(b, name, now);
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        o.put("master", name);
        o.put("status", ApiJson.status(v));
        o.set("quorum", quorumJson(q));
        ArrayNode cands = o.putArray("candidates");
        int rank = 1;
        for (ReplicaCandidate c : ranking.candidates()) {
            ObjectNode x = cands.addObject();
            x.put("rank", rank++);
            x.put("replica", c.name());
            x.put("run_id", c.runId());
            x.put("priority", c.priority());
            x.put("offset", c.replOffset());
            x.put("lag_bytes", masterOffset == null ? null : ApiJson.lag(masterOffset, c.replOffset()));
        }
        List<ExcludedReplica> ex = new ArrayList<>();
        ranking.excluded().forEach((r, why) -> ex.add(new ExcludedReplica(r, why.name().toLowerCase(Locale.ROOT), why.text())));
        o.set("excluded", ApiJson.excluded(ex));
        Optional<ReplicaCandidate> best = ranking.best();
        o.put("chosen_replica", best.map(ReplicaCandidate::name).orElse(null));
        o.put("master_offset", masterOffset);
        if (best.isPresent()) {
            long highest = masterOffset == null ? best.get().replOffset() : masterOffset;
            for (InstanceView r : b.replicas(name, now).orElse(List.of())) {
                highest = Math.max(highest, r.replOffset());
            }
            o.put("estimated_loss_window_bytes", highest - best.get().replOffset());
        } else {
            o.putNull("estimated_loss_window_bytes");
        }
        ArrayNode blockers = ApiJson.MAPPER.createArrayNode();
        if (!q.quorumReachable()) {
            blockers.add("quorum not reachable: " + q.usable() + " usable sentinels, quorum " + q.quorum());
        }
        if (!q.majorityReachable()) {
            blockers.add("majority not reachable: " + q.usable() + " of " + q.voters() + " sentinels");
        }
        if (best.isEmpty()) {
            blockers.add("no suitable replica to promote");
        }
        if (v.failoverState() != null) {
            blockers.add("a failover is already in progress");
        }
        OptionalLong paused = b.pausedUntilMillis(name);
        if (paused.isPresent()) {
            blockers.add("automatic failover paused for maintenance");
        }
        o.put("failover_possible", q.majorityReachable() && best.isPresent() && v.failoverState() == null);
        o.set("blockers", blockers);
        return json(200, o);
    }

    private HttpResponse events(HttpRequest req) {
        long since = ApiParams.timeMillis("since", req.param("since", "0"));
        long limit = ApiParams.nonNegative("limit", req.param("limit", Integer.toString(DEFAULT_EVENT_LIMIT)));
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        o.put("source", events.path() == null ? "memory" : "file");
        ArrayNode a = o.putArray("events");
        for (JsonNode n : events.since(since, (int) Math.min(limit, MAX_EVENT_LIMIT))) {
            a.add(n);
        }
        return json(200, o);
    }

    // ------------------------------------------------------------------------ actions (on the loop)

    private HttpResponse failover(String name, String mode, FailoverKind kind) {
        SentinelBrain b = d.brain();
        CommandResult r = b.failover(d.now(), name, kind);
        if (!r.ok()) {
            d.drain();
            return actionError(r);
        }
        d.log(LogLevel.WARNING, "Executing user requested FAILOVER of '" + name + "'");
        d.drain();
        long epoch = b.master(name, d.now()).map(InstanceView::failoverEpoch).orElse(0L);
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        o.put("master", name);
        o.put("mode", mode);
        o.put("kind", kind.wireName());
        o.put("epoch", epoch);
        o.put("failover_id", name + ":" + epoch);
        return json(202, o);
    }

    private HttpResponse pause(String name, long ttlMillis) {
        SentinelBrain b = d.brain();
        CommandResult r = b.pause(d.now(), name, ttlMillis);
        d.drain();
        if (!r.ok()) {
            return actionError(r);
        }
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        o.put("master", name);
        o.put("paused", true);
        o.put("ttl_ms", ttlMillis);
        OptionalLong until = b.pausedUntilMillis(name);
        ApiJson.time(o, "paused_until", until.isPresent() ? until.getAsLong() : d.now() + ttlMillis);
        return json(200, o);
    }

    private HttpResponse resume(String name) {
        SentinelBrain b = d.brain();
        CommandResult r = b.resume(d.now(), name);
        d.drain();
        if (!r.ok()) {
            return actionError(r);
        }
        ObjectNode o = ApiJson.MAPPER.createObjectNode();
        o.put("master", name);
        o.put("paused", false);
        return json(200, o);
    }

    /** Brain errors: unknown master 404, a state conflict (INPROG, NOGOODSLAVE...) 409, else 400. */
    static HttpResponse actionError(CommandResult r) {
        String e = r.error();
        if (e.startsWith("ERR No such master")) {
            return noSuchMaster();
        }
        if (e.startsWith("ERR ")) {
            return HttpResponse.error(400, e.substring(4));
        }
        return HttpResponse.error(409, e);
    }
}
