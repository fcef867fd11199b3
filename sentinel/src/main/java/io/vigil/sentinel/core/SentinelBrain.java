package io.vigil.sentinel.core;

import io.vigil.failover.FailoverState;
import io.vigil.failover.FailoverTimeouts;
import io.vigil.failover.Ranking;
import io.vigil.failover.RankingContext;
import io.vigil.failover.ReconfPlan;
import io.vigil.failover.ReconfPlanner;
import io.vigil.failover.ReconfStatus;
import io.vigil.failover.ReplicaCandidate;
import io.vigil.failover.ReplicaRanking;
import io.vigil.failover.ReplicaReconf;
import io.vigil.quorum.Ballot;
import io.vigil.quorum.LeaderVote;
import io.vigil.quorum.VoteDecision;
import io.vigil.quorum.VoteResult;
import io.vigil.quorum.VoteTally;
import io.vigil.quorum.Voter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The whole decision logic of one sentinel, as a pure state machine (etcd raft RawNode shape).
 *
 * <p>Contract for the driver (not thread-safe: call from one thread):
 * <ol>
 *   <li>call {@link #tick(long)} every 50-100 ms with a monotonic time in ms (randomise the period
 *       as Redis does, 10-19 Hz, so that sentinels do not tick in lock-step);</li>
 *   <li>call {@link #step(long, Inbound)} for every reply, hello and link change, and the command
 *       methods ({@link #isMasterDownByAddr}, {@link #monitor}, {@link #failover}, ...) for SENTINEL
 *       commands;</li>
 *   <li>after each call, drain {@link #ready()}: persist first, then send (see {@link Ready}).</li>
 * </ol>
 * Time only comes in as arguments and randomness only from the injected generator, so a run is
 * reproducible from its inputs.
 */
public final class SentinelBrain {
    private enum PendingKind {
        PING, INFO, HELLO, ASK, PROMOTE, REPLICAOF, SCRIPT_KILL, PRIORITY, FAILOVER_TO, CLIENT_PAUSE, OTHER
    }

    /** Upper bound of the time a coordinated switchover may keep writes paused before it gives up. */
    static final long SWITCHOVER_TIMEOUT_MAX_MILLIS = 5000;
    /** Extra wait past FAILOVER TO's own timeout, for the master's abort or handover to show in INFO. */
    static final long SWITCHOVER_GRACE_MILLIS = 1000;

    private record Pending(PendingKind kind, Instance instance, Link link) {
    }

    private final BrainSettings s;
    private final RandomGenerator random;
    private final String myId;
    private long currentEpoch;
    /** Early retries after provably split votes before Redis's 2 x failover-timeout hold-off applies. */
    static final int MAX_SPLIT_VOTE_RETRIES = 2;
    private final Map<String, MonitoredMaster> masters = new LinkedHashMap<>();
    private final Map<Address, Link> links = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    /**
     * Last replica-priority reported by each address (memory only). Replica instances are
     * re-created on every address switch; without this a node that then reports role:master
     * (so no slave_priority) would look like priority 100 again.
     */
    private final Map<Address, Integer> knownPriorities = new HashMap<>();
    /**
     * Run id of each master demoted by an address switch, by its address (memory only): a
     * replica at that address reporting role:master with another run id has restarted since, and
     * is reconverted at once (see refreshInfo). Dropped once it reports role:slave.
     */
    private final Map<Address, String> demotedRunIds = new HashMap<>();
    private long nextId = 1;
    private long previousTickMillis;
    private boolean tilt;
    /** See {@link #takeWakeRequest()}. */
    private long wakeRequestMillis;
    private long tiltSinceMillis;
    private boolean crashAfterElection;
    private boolean crashAfterPromotion;
    private boolean crashed;

    private List<Outbound> commands = new ArrayList<>();
    private List<SentinelEvent> events = new ArrayList<>();
    private List<ClientReconfig> scripts = new ArrayList<>();
    private boolean dirty;

    /**
     * @param restored  the state read back from sentinel.conf ({@link PersistedState#empty()} plus
     *                  masters on a first start); a missing myid is generated and persisted
     */
    public SentinelBrain(BrainSettings settings, PersistedState restored, RandomGenerator random, long nowMillis) {
        this.s = settings;
        this.random = random;
        if (restored.myId() == null) {
            StringBuilder sb = new StringBuilder(40);
            for (int i = 0; i < 40; i++) {
                sb.append(Character.forDigit(random.nextInt(16), 16));
            }
            this.myId = sb.toString();
            dirty = true;
        } else {
            this.myId = restored.myId();
        }
        this.currentEpoch = restored.currentEpoch();
        this.previousTickMillis = nowMillis;
        for (PersistedMaster pm : restored.masters()) {
            MonitoredMaster m = createMaster(pm.config(), nowMillis);
            m.configEpoch = pm.configEpoch();
            currentEpoch = Math.max(currentEpoch, pm.configEpoch());
            m.ballot = new Ballot(null, pm.leaderEpoch());
            for (Address a : pm.knownReplicas()) {
                if (!m.replicas.containsKey(a.name()) && !a.equals(m.address)) {
                    createReplica(m, a, nowMillis);
                }
            }
            for (KnownSentinel ks : pm.knownSentinels()) {
                if (!ks.runId().equalsIgnoreCase(myId) && !m.sentinels.containsKey(ks.runId())) {
                    createSentinel(m, ks.address(), ks.runId(), nowMillis);
                }
            }
            event("+monitor", EventLevel.WARNING, m, "quorum " + m.config.quorum());
        }
    }

    // ------------------------------------------------------------------------------------------
    // Driver API

    public String myId() {
        return myId;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public boolean tilt() {
        return tilt;
    }

    public long tiltSinceMillis() {
        return tiltSinceMillis;
    }

    /** Drain what was produced since the last call. */
    public Ready ready() {
        Optional<PersistedState> persist = dirty ? Optional.of(snapshot()) : Optional.empty();
        dirty = false;
        Ready r = new Ready(commands, events, persist, scripts, crashed);
        commands = new ArrayList<>();
        events = new ArrayList<>();
        scripts = new ArrayList<>();
        return r;
    }

    /** Time passed: periodic commands, SDOWN/ODOWN, TILT, failover start and state machine. */
    public void tick(long now) {
        if (crashed) {
            return;
        }
        checkTilt(now);
        for (MonitoredMaster m : masters.values()) {
            expirePause(m, now);
            handleInstance(m, now);
            for (Instance r : m.replicas.values()) {
                handleInstance(r, now);
            }
            for (Instance si : m.sentinels.values()) {
                handleInstance(si, now);
            }
            if (crashed) {
                return;
            }
        }
        for (MonitoredMaster m : masters.values()) {
            if (m.failover.state() == FailoverState.UPDATE_CONFIG) {
                switchToPromoted(m, now);
            }
        }
    }

    /**
     * The earliest future time at which {@link #tick} has a deadline to act on: an instance's
     * down-after running out, or a planned failover start ({@code Long.MAX_VALUE} when none). The
     * driver ticks then, so SDOWN is marked as down-after passes rather than up to a timer period
     * later. Deadlines already past are left to the periodic tick (TILT, or already acted on).
     */
    public long nextDeadlineMillis(long now) {
        long next = Long.MAX_VALUE;
        if (crashed || tilt) {
            return next;
        }
        for (MonitoredMaster m : masters.values()) {
            next = Math.min(next, downDeadline(m, now));
            if (m.plannedStartAtMillis > now) {
                next = Math.min(next, m.plannedStartAtMillis);
            }
            for (Instance r : m.replicas.values()) {
                next = Math.min(next, downDeadline(r, now));
            }
            for (Instance si : m.sentinels.values()) {
                next = Math.min(next, downDeadline(si, now));
            }
        }
        return next;
    }

    /**
     * A deadline set while handling an input (a planned failover start), for a driver that ticks
     * on a timer: it should tick no later than this. Returns 0 when none; clears the request.
     */
    public long takeWakeRequest() {
        long w = wakeRequestMillis;
        wakeRequestMillis = 0;
        return w;
    }

    private static long downDeadline(Instance ri, long now) {
        if (ri.sdown) {
            return Long.MAX_VALUE;
        }
        Link l = ri.link;
        long since = l.actPingTimeMillis != 0 ? l.actPingTimeMillis : !l.connected ? l.lastAvailTimeMillis : 0;
        long at = since + ri.downAfterMillis + 1;
        return since == 0 || at <= now ? Long.MAX_VALUE : at;
    }

    /** One observation. */
    public void step(long now, Inbound in) {
        if (crashed) {
            return;
        }
        if (in instanceof Inbound.LinkUp up) {
            onLinkUp(up.address(), now);
            return;
        }
        if (in instanceof Inbound.LinkDown down) {
            Link l = links.get(down.address());
            if (l != null && !down.commandsLost()) {
                // Only the pub/sub connection went: the link is incomplete (as Redis's
                // link->disconnected) until it is back, but the commands in flight, such as the
                // INFO that confirms a promotion, are still answered. Down-after counts from now
                // if no PING is pending (the command connection usually goes a moment later).
                l.connected = false;
                if (l.actPingTimeMillis == 0) {
                    l.actPingTimeMillis = now;
                }
                return;
            }
            if (l != null) {
                l.connected = false;
                dropPending(l);
                // Redis reconnects at its next timer tick and PINGs at once, which sets act_ping_time
                // if no PING was pending: down-after then counts from the drop, not from the last
                // reply before it (which would mark an instance SDOWN early).
                if (l.actPingTimeMillis == 0) {
                    l.actPingTimeMillis = now;
                }
            }
            return;
        }
        if (in instanceof Inbound.Hello h) {
            onHello(h.message(), now);
            return;
        }
        long id;
        if (in instanceof Inbound.PingReply r) {
            id = r.id();
        } else if (in instanceof Inbound.InfoReply r) {
            id = r.id();
        } else if (in instanceof Inbound.AskReply r) {
            id = r.id();
        } else if (in instanceof Inbound.PublishOk r) {
            id = r.id();
        } else if (in instanceof Inbound.TransactionReply r) {
            id = r.id();
        } else if (in instanceof Inbound.CommandFailed r) {
            id = r.id();
        } else if (in instanceof Inbound.CommandOk r) {
            id = r.id();
        } else if (in instanceof Inbound.ReplicaPriorityReply r) {
            id = r.id();
        } else {
            throw new IllegalArgumentException("unknown input " + in);
        }
        Pending p = pending.remove(id);
        if (p == null) {
            return; // duplicate, or its link was closed meanwhile
        }
        p.link.pendingIds.remove(id);
        Instance ri = p.instance;
        if (p.kind == PendingKind.PING && in instanceof Inbound.PingReply r) {
            onPingReply(p.link, ri, r.kind(), now);
            return;
        }
        if (ri == null || ri.removed) {
            return;
        }
        if (p.kind == PendingKind.FAILOVER_TO || p.kind == PendingKind.CLIENT_PAUSE) {
            onSwitchoverReply(ri.master, id, p.kind, in instanceof Inbound.CommandFailed f ? f : null, now);
            return;
        }
        if (in instanceof Inbound.InfoReply r && p.kind == PendingKind.INFO) {
            ri.infoPendingId = 0;
            refreshInfo(ri, r.report(), r.rawText(), now);
        } else if (in instanceof Inbound.AskReply r && p.kind == PendingKind.ASK) {
            onAskReply(ri, r.reply(), now);
        } else if (in instanceof Inbound.PublishOk && p.kind == PendingKind.HELLO) {
            ri.helloPendingId = 0;
            ri.lastPubTimeMillis = now;
        } else if (in instanceof Inbound.TransactionReply r && p.kind == PendingKind.PROMOTE) {
            // Faster than Redis: the EXEC reply says SLAVEOF NO ONE was applied, so ask for INFO now
            // instead of at the next 1 s poll. Promotion is still confirmed only by INFO role:master.
            MonitoredMaster m = ri.master;
            if (r.replicaOfOk() && ri.promoted && m.failover.state() == FailoverState.WAIT_PROMOTION
                    && !isPending(ri.infoPendingId)) {
                sendInfo(ri, now);
            }
        } else if (in instanceof Inbound.ReplicaPriorityReply r && p.kind == PendingKind.PRIORITY) {
            ri.replicaPriority = r.priority();
            ri.priorityKnown = true;
            knownPriorities.put(ri.address, r.priority());
        } else if (in instanceof Inbound.CommandFailed) {
            if (p.kind == PendingKind.INFO) {
                ri.infoPendingId = 0;
            } else if (p.kind == PendingKind.HELLO) {
                ri.helloPendingId = 0;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // TILT and the per-instance timer walk

    private void checkTilt(long now) {
        long delta = now - previousTickMillis;
        previousTickMillis = now;
        if (delta < 0 || delta > s.tiltTriggerMillis()) {
            tilt = true;
            tiltSinceMillis = now;
            eventText("+tilt", EventLevel.WARNING, "#tilt mode entered", null);
        } else if (tilt && now - tiltSinceMillis >= s.tiltPeriodMillis()) {
            tilt = false;
            eventText("-tilt", EventLevel.WARNING, "#tilt mode exited", null);
        }
    }

    private void handleInstance(Instance ri, long now) {
        sendPeriodicCommands(ri, now);
        if (tilt) {
            return; // observe, do not act
        }
        checkSubjectivelyDown(ri, now);
        if (ri.kind == InstanceKind.MASTER) {
            evaluateMaster((MonitoredMaster) ri, now);
        }
    }

    /** ODOWN, failover start and state machine, asking peers: the acting part for one master. */
    private void evaluateMaster(MonitoredMaster m, long now) {
        checkObjectivelyDown(m, now);
        if (startFailoverIfNeeded(m, now)) {
            askOtherSentinels(m, now, true);
        }
        runFailover(m, now);
        askOtherSentinels(m, now, false);
    }

    private void sendPeriodicCommands(Instance ri, long now) {
        Link l = ri.link;
        if (!l.connected) {
            return;
        }
        if (l.pendingIds.size() >= (long) s.maxPendingCommandsPerLink() * l.refcount) {
            return;
        }
        if (ri.kind != InstanceKind.SENTINEL) {
            MonitoredMaster m = ri.master;
            // Redis polls replicas every second once the master is ODOWN or failing over; we start
            // at SDOWN, so that replica INFO is fresh when the (faster) election picks one.
            long infoPeriod = ri.kind == InstanceKind.REPLICA
                    && (m.sdown || m.odown || m.failover.inProgress() || ri.masterLinkDownTimeMillis != 0)
                    ? s.fastInfoPeriodMillis() : s.infoPeriodMillis();
            if ((ri.infoRefreshMillis == 0 || now - ri.infoRefreshMillis > infoPeriod)
                    && !(isPending(ri.infoPendingId) && now - ri.infoSentAtMillis < infoPeriod)) {
                sendInfo(ri, now);
            }
        }
        long pingPeriod = Math.min(ri.downAfterMillis, s.pingPeriodMillis());
        if (now - l.lastPongTimeMillis > pingPeriod && now - l.lastPingTimeMillis > pingPeriod / 2) {
            sendPing(l, ri, now);
        }
        if (now - ri.lastPubTimeMillis > s.publishPeriodMillis()
                && !(isPending(ri.helloPendingId) && now - ri.helloSentAtMillis < s.publishPeriodMillis())) {
            sendHello(ri, now);
        }
    }

    private void checkSubjectivelyDown(Instance ri, long now) {
        Link l = ri.link;
        long elapsed = 0;
        if (l.actPingTimeMillis != 0) {
            elapsed = now - l.actPingTimeMillis;
        } else if (!l.connected) {
            elapsed = now - l.lastAvailTimeMillis;
        }
        // A command connection with a PING pending for more than half down-after and no reply of
        // any kind for as long is probably stuck: reconnect (but not more often than
        // min-link-reconnect-period).
        if (l.connected && now - l.connectedAtMillis > s.minLinkReconnectPeriodMillis() && l.actPingTimeMillis != 0
                && now - l.actPingTimeMillis > ri.downAfterMillis / 2
                && now - l.lastPongTimeMillis > ri.downAfterMillis / 2) {
            l.connected = false;
            dropPending(l);
            commands.add(new Outbound.Reconnect(l.address));
        }
        boolean down = elapsed > ri.downAfterMillis
                || (ri.kind == InstanceKind.MASTER && ri.roleReported == Role.SLAVE
                && now - ri.roleReportedTimeMillis > ri.downAfterMillis + 2 * s.infoPeriodMillis())
                || (ri.masterReboot && now - ri.masterRebootSinceMillis
                > ri.master.config.masterRebootDownAfterPeriodMillis());
        if (down) {
            if (!ri.sdown) {
                ri.sdown = true;
                ri.sdownSinceMillis = now;
                event("+sdown", EventLevel.WARNING, ri, null);
            }
        } else if (ri.sdown) {
            ri.sdown = false;
            ri.scriptKillSent = false;
            event("-sdown", EventLevel.WARNING, ri, null);
        }
    }

    private void checkObjectivelyDown(MonitoredMaster m, long now) {
        int agreeing = 0;
        boolean odown = false;
        if (m.sdown) {
            agreeing = 1;
            for (Instance si : m.sentinels.values()) {
                if (si.masterDown) {
                    agreeing++;
                }
            }
            odown = agreeing >= m.config.quorum();
        }
        if (odown) {
            if (!m.odown) {
                m.odown = true;
                m.odownSinceMillis = now;
                event("+odown", EventLevel.WARNING, m, "#quorum " + agreeing + "/" + m.config.quorum());
            }
        } else if (m.odown) {
            m.odown = false;
            m.splitVoteRetries = 0;
            event("-odown", EventLevel.WARNING, m, null);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Asking peers and voting

    private void askOtherSentinels(MonitoredMaster m, long now, boolean forced) {
        // Faster than Redis: re-ask every fast-ask-period (100 ms) while SDOWN is not yet ODOWN and
        // while votes are being collected. Safe: the question is idempotent per epoch (a voter
        // returns its stored ballot), so asking sooner only makes answers arrive sooner.
        long period = (m.sdown && !m.odown) || m.failover.state() == FailoverState.WAIT_START
                ? s.fastAskPeriodMillis() : s.askPeriodMillis();
        for (Instance si : m.sentinels.values()) {
            long elapsed = now - si.lastMasterDownReplyMillis;
            if (elapsed > 5 * s.askPeriodMillis()) {
                si.masterDown = false;
                si.vote = new Ballot(null, si.vote.leaderEpoch());
            }
            if (!m.sdown || si.disconnected()) {
                continue;
            }
            if (!forced && (elapsed < period || now - si.lastAskSentMillis < period
                    || (isPending(si.askPendingId) && now - si.lastAskSentMillis < s.askPeriodMillis()))) {
                continue;
            }
            // In a failover we ask (and later count) votes for the failover epoch itself, not for
            // whatever the current epoch has become: a leader is then always elected by votes of the
            // epoch it stamps on the new configuration. Redis asks with current_epoch, which can
            // elect a sentinel with votes of a later epoch than its failover epoch.
            sendAsk(m, si, now);
        }
    }

    private void sendAsk(MonitoredMaster m, Instance si, long now) {
        boolean inFailover = m.failover.inProgress();
        long epoch = inFailover ? m.failover.epoch() : currentEpoch;
        long id = newPending(PendingKind.ASK, si, si.link);
        si.askPendingId = id;
        si.lastAskSentMillis = now;
        commands.add(new Outbound.AskMasterDown(id, si.address, m.address, epoch, inFailover ? myId : null));
    }

    /**
     * A peer asked us about a master we hold SDOWN but not yet ODOWN. Peers ask only while they
     * hold it SDOWN themselves, so the peers whose last answer was "not down" are asked again now
     * instead of at the next fast-ask period: the sentinel that reached SDOWN first learns of the
     * quorum within a round trip of the second. Peers that already said "down" are not asked, so
     * two sentinels short of a quorum do not bounce questions at each other.
     */
    private void reaskDisagreeingPeers(MonitoredMaster m, long now) {
        if (tilt || !m.sdown || m.odown || m.failover.inProgress()) {
            return;
        }
        for (Instance si : m.sentinels.values()) {
            if (!si.masterDown && !si.disconnected() && !isPending(si.askPendingId)) {
                sendAsk(m, si, now);
            }
        }
    }

    private void onAskReply(Instance si, IsMasterDownReply reply, long now) {
        si.askPendingId = 0;
        si.lastMasterDownReplyMillis = now;
        si.masterDown = reply.down();
        if (reply.leader() != null) {
            si.vote = new Ballot(reply.leader(), Math.max(0, reply.leaderEpoch()));
        }
        MonitoredMaster m = si.master;
        // Decide now rather than at the next tick (up to 100 ms later): same rules, same data.
        if (!tilt && (m.sdown || m.failover.inProgress())) {
            evaluateMaster(m, now);
        }
    }

    /**
     * SENTINEL is-master-down-by-addr. Persist the following {@link #ready()} before replying.
     */
    public VoteAnswer isMasterDownByAddr(long now, String ip, int port, long requestEpoch, String runId) {
        MonitoredMaster m = null;
        for (MonitoredMaster c : masters.values()) {
            if (c.address.port() == port && c.address.ip().equalsIgnoreCase(ip)) {
                m = c;
                break;
            }
        }
        boolean down = !tilt && m != null && m.sdown;
        if (m == null || crashed) {
            return new VoteAnswer(down, null, 0);
        }
        if (down) {
            reaskDisagreeingPeers(m, now);
        }
        if (runId != null && !runId.equals("*")) {
            if (paused(m, now) && !runId.equalsIgnoreCase(myId)) {
                // Maintenance: no vote for anyone's failover of this master. The stored ballot is
                // returned unchanged, so a vote already given in this epoch is still reported.
                return new VoteAnswer(down, m.ballot.leader(), m.ballot.leaderEpoch());
            }
            castVote(m, requestEpoch, runId, now);
            return new VoteAnswer(down, m.ballot.leader(), m.ballot.leaderEpoch());
        }
        return new VoteAnswer(down, null, 0);
    }

    private void castVote(MonitoredMaster m, long requestEpoch, String candidate, long now) {
        VoteDecision d = Voter.vote(currentEpoch, m.ballot, requestEpoch, candidate, s.perMasterVoting());
        if (d.epochAdvanced()) {
            currentEpoch = d.currentEpoch();
            dirty = true;
            eventText("+new-epoch", EventLevel.WARNING, Long.toString(currentEpoch), null);
        }
        if (d.granted()) {
            m.ballot = d.ballot();
            markDirty(m);
            event("+vote-for-leader", EventLevel.WARNING, m.config.name(),
                    candidate + " " + d.ballot().leaderEpoch());
            if (!candidate.equalsIgnoreCase(myId)) {
                // Voted for a peer: do not start an own attempt for 2 x failover-timeout (Redis).
                m.failover.holdOff(now + random.nextLong(s.maxDesyncMillis()));
                m.plannedStartAtMillis = 0;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Failover

    private FailoverTimeouts timeouts(MonitoredMaster m) {
        return new FailoverTimeouts(m.config.failoverTimeoutMillis(), s.electionTimeoutMillis(),
                s.replicaReconfTimeoutMillis());
    }

    private boolean startFailoverIfNeeded(MonitoredMaster m, long now) {
        if (!m.odown || m.failover.inProgress() || paused(m, now)) {
            m.plannedStartAtMillis = 0;
            return false;
        }
        if (!timeouts(m).mayStart(m.failover.startTimeMillis(), now)) {
            m.plannedStartAtMillis = 0;
            return false;
        }
        // Ranked, jittered staggering of competing attempts (see BrainSettings): without it every
        // sentinel would start in the same few milliseconds and split the vote. The rank is
        // recomputed while waiting: a peer's "down" answer arriving after ODOWN moves us back.
        if (m.plannedStartAtMillis == 0) {
            long span = s.startDelayMaxMillis() - s.startDelayMinMillis();
            m.plannedFromMillis = now;
            m.plannedJitterMillis = s.startDelayMinMillis() + (span > 0 ? random.nextLong(span + 1) : 0);
        }
        long planned = m.plannedFromMillis + startRank(m) * s.startDelayRankStepMillis() + m.plannedJitterMillis;
        if (planned != m.plannedStartAtMillis) {
            m.plannedStartAtMillis = planned;
            if (wakeRequestMillis == 0 || planned < wakeRequestMillis) {
                wakeRequestMillis = planned;
            }
        }
        if (now < m.plannedStartAtMillis) {
            return false;
        }
        m.plannedStartAtMillis = 0;
        startFailover(m, now, false, FailoverKind.AUTO);
        return true;
    }

    /**
     * This sentinel's place, by run id, among itself and the connected peers that said the master is
     * down: the ones that may compete. They all see the same set once ODOWN, so ranks rarely tie.
     */
    private int startRank(MonitoredMaster m) {
        int rank = 0;
        for (Instance si : m.sentinels.values()) {
            if (si.masterDown && !si.disconnected() && si.runId != null && si.runId.compareToIgnoreCase(myId) < 0) {
                rank++;
            }
        }
        return rank;
    }

    private void startFailover(MonitoredMaster m, long now, boolean forced, FailoverKind kind) {
        m.failoverKind = kind;
        currentEpoch++;
        dirty = true;
        eventText("+new-epoch", EventLevel.WARNING, Long.toString(currentEpoch), null);
        m.failover.begin(currentEpoch, now, now + random.nextLong(s.maxDesyncMillis()), forced);
        event("+try-failover", EventLevel.WARNING, m, null);
    }

    /**
     * Runs the failover state machine, chaining states within one call. Redis advances one state
     * per timer tick (about 100 ms each); each state's checks are the same here, only done at once.
     */
    private void runFailover(MonitoredMaster m, long now) {
        while (m.failover.inProgress() && !crashed) {
            FailoverState before = m.failover.state();
            switch (before) {
                case WAIT_START -> waitStart(m, now);
                case SELECT_REPLICA -> selectReplica(m, now);
                case SEND_REPLICAOF_NO_ONE -> sendReplicaOfNoOne(m, now);
                case WAIT_PROMOTION -> {
                    if (m.switchover.active() && switchoverTick(m, now)) {
                        return;
                    }
                    if (timeouts(m).stateExpired(m.failover.stateChangedAtMillis(), now)) {
                        event("-failover-abort-slave-timeout", EventLevel.WARNING, m, null);
                        abortFailover(m);
                    }
                }
                case RECONF_REPLICAS -> reconfReplicas(m, now);
                default -> {
                }
            }
            FailoverState after = m.failover.state();
            if (after == before || after == FailoverState.UPDATE_CONFIG) {
                return;
            }
        }
    }

    private void waitStart(MonitoredMaster m, long now) {
        LeaderVote vote = electLeader(m, now);
        boolean isLeader = myId.equalsIgnoreCase(vote.leader());
        if (!isLeader && !m.failover.forced()) {
            if (timeouts(m).electionExpired(m.failover.startTimeMillis(), now)) {
                event("-failover-abort-not-elected", EventLevel.WARNING, m, null);
                abortFailover(m);
            } else if (vote.result() == VoteResult.LOST && m.splitVoteRetries < MAX_SPLIT_VOTE_RETRIES) {
                // Faster than Redis: every vote of this epoch is cast (or given in a later epoch)
                // and nobody can reach the majority, so no leader will ever come out of it. Give
                // up now instead of at the election timeout, and let the next attempt start after
                // the ranked start delay instead of 2 x failover-timeout: a new epoch, fresh votes,
                // and the first-ranked candidate now asks before the others start. Bounded, so
                // repeated splits fall back to Redis's hold-off.
                m.splitVoteRetries++;
                event("-failover-abort-not-elected", EventLevel.WARNING, m, null);
                abortFailover(m);
                m.failover.holdOff(now - 2 * m.config.failoverTimeoutMillis());
            }
            return;
        }
        event("+elected-leader", EventLevel.WARNING, m, null);
        if (crashAfterElection) {
            crashed = true;
            return;
        }
        m.failover.elected(now);
        event("+failover-state-select-slave", EventLevel.WARNING, m, null);
    }

    /**
     * Counts the votes of the failover epoch; casts our own vote first if not yet cast (for the
     * peer most voted for, else for ourselves, as sentinelGetLeader does).
     */
    private LeaderVote electLeader(MonitoredMaster m, long now) {
        long epoch = m.failover.epoch();
        int voters = m.sentinels.size() + 1;
        Map<String, Ballot> ballots = new LinkedHashMap<>();
        for (Instance si : m.sentinels.values()) {
            ballots.put(si.runId, si.vote);
        }
        LeaderVote peers = VoteTally.count(ballots, epoch, voters, m.config.quorum());
        castVote(m, epoch, peers.winner() != null ? peers.winner() : myId, now);
        ballots.put(myId, m.ballot);
        return VoteTally.count(ballots, epoch, voters, m.config.quorum());
    }

    /** Replica ranking for this master now, with every exclusion reason (for FAILOVER and tests). */
    public Optional<Ranking> ranking(String masterName, long now) {
        MonitoredMaster m = masters.get(masterName);
        return m == null ? Optional.empty() : Optional.of(rank(m, now));
    }

    private Ranking rank(MonitoredMaster m, long now) {
        List<ReplicaCandidate> cands = new ArrayList<>(m.replicas.size());
        for (Instance r : m.replicas.values()) {
            cands.add(new ReplicaCandidate(r.name(), r.runId, r.replicaPriority, r.replOffset, r.sdown, r.odown,
                    r.disconnected(), now - r.link.lastAvailTimeMillis,
                    r.infoRefreshMillis == 0 ? Long.MAX_VALUE : now - r.infoRefreshMillis,
                    r.masterLinkDownTimeMillis, r.infoRefreshMillis != 0 && r.roleReported == Role.MASTER && !r.priorityKnown));
        }
        // How long the master has been down. Redis uses only the age of its own SDOWN, which
        // restarts from zero when the sentinel restarts: every replica's master-link-down-time
        // then exceeds "SDOWN age + 10 x down-after" for ever and no failover is possible. The
        // reachable replicas lost the master no later than the smallest link-down time they
        // report, so that is also a lower bound of how long it has been down. The rule keeps its
        // purpose: a replica disconnected long before the others is still excluded.
        long downFor = m.sdown ? now - m.sdownSinceMillis : 0;
        if (m.sdown) {
            long minLinkDown = Long.MAX_VALUE;
            for (Instance r : m.replicas.values()) {
                if (!r.sdown && !r.disconnected() && r.infoRefreshMillis != 0 && r.roleReported == Role.SLAVE
                        && r.masterLinkDownTimeMillis > 0) {
                    minLinkDown = Math.min(minLinkDown, r.masterLinkDownTimeMillis);
                }
            }
            if (minLinkDown != Long.MAX_VALUE) {
                downFor = Math.max(downFor, minLinkDown);
            }
        }
        RankingContext ctx = new RankingContext(m.sdown, downFor, m.config.downAfterMillis(),
                s.pingPeriodMillis(), s.infoPeriodMillis());
        return ReplicaRanking.rank(cands, ctx);
    }

    private void selectReplica(MonitoredMaster m, long now) {
        Ranking ranking = rank(m, now);
        Optional<ReplicaCandidate> best = ranking.best();
        if (best.isEmpty() && awaitFreshInfo(m, ranking, now)) {
            return;
        }
        if (best.isEmpty()) {
            event("-failover-abort-no-good-slave", EventLevel.WARNING, m, null);
            abortFailover(m);
            return;
        }
        Instance r = m.replicas.get(best.get().name());
        event("+selected-slave", EventLevel.WARNING, r, null);
        r.promoted = true;
        m.failover.selected(r.name(), now);
        event("+failover-state-send-slaveof-noone", EventLevel.NOTICE, r, null);
    }

    /**
     * Our election can finish within milliseconds of ODOWN, before the replicas answered the INFO
     * that keeps them eligible (younger than 5 x ping-period while the master is down). Rather than
     * abort for stale INFO, ask now and wait up to 2 x the fast INFO period in SELECT_REPLICA.
     * Safe: only fresher data is awaited; the choice itself is unchanged.
     */
    private boolean awaitFreshInfo(MonitoredMaster m, Ranking ranking, long now) {
        if (now - m.failover.stateChangedAtMillis() > 2 * s.fastInfoPeriodMillis()) {
            return false;
        }
        boolean waiting = false;
        for (Instance r : m.replicas.values()) {
            if (ranking.excluded().get(r.name()) != io.vigil.failover.Exclusion.STALE_INFO || r.disconnected()) {
                continue;
            }
            if (!isPending(r.infoPendingId)) {
                sendInfo(r, now);
            }
            waiting = true;
        }
        return waiting;
    }

    private void sendReplicaOfNoOne(MonitoredMaster m, long now) {
        Instance r = promotedReplica(m);
        boolean coordinated = m.failoverKind == FailoverKind.COORDINATED;
        if (r == null || r.disconnected() || (coordinated && m.disconnected())) {
            if (timeouts(m).stateExpired(m.failover.stateChangedAtMillis(), now)) {
                event("-failover-abort-slave-timeout", EventLevel.WARNING, m, null);
                abortFailover(m);
            }
            return;
        }
        if (coordinated) {
            startSwitchover(m, r, now);
            event("+failover-state-wait-promotion", EventLevel.NOTICE, r, null);
            m.failover.promotionSent(now);
            return;
        }
        sendReplicaOf(r, null, now);
        // Faster than Redis: INFO is pipelined right behind the transaction on the same connection,
        // so its reply reflects the transaction. Promotion is still confirmed only by the replica
        // itself reporting role:master, the evidence Redis waits for at its next 1 s INFO poll.
        sendInfo(r, now);
        event("+failover-state-wait-promotion", EventLevel.NOTICE, r, null);
        m.failover.promotionSent(now);
    }

    private void onPromotionConfirmed(MonitoredMaster m, Instance r, long now) {
        m.configEpoch = m.failover.epoch();
        m.failover.promotionConfirmed(now);
        m.splitVoteRetries = 0;
        markDirty(m);
        event("+promoted-slave", EventLevel.WARNING, r, null);
        if (m.switchover.active()) {
            finishSwitchover(m, r, now);
        }
        if (crashAfterPromotion) {
            crashed = true;
            return;
        }
        event("+failover-state-reconf-slaves", EventLevel.WARNING, m, null);
        scripts.add(new ClientReconfig(m.config.name(), "leader", "start", m.address, r.address));
        // Faster than Redis: publish the new configuration to peers at once (Redis forces it for the
        // next tick). Safe: a hello only carries state we already committed (persisted config epoch).
        announceNow(m, now);
        // Faster than Redis: repoint the replicas now rather than at the next tick. Same rules
        // (parallel-syncs), only earlier.
        runFailover(m, now);
    }

    private void reconfReplicas(MonitoredMaster m, long now) {
        Instance promoted = promotedReplica(m);
        List<ReplicaReconf> list = new ArrayList<>(m.replicas.size());
        for (Instance r : m.replicas.values()) {
            if (r != promoted) {
                list.add(new ReplicaReconf(r.name(), r.reconf, r.reconfSentAtMillis, !r.disconnected(), r.sdown));
            }
        }
        ReconfPlan plan = ReconfPlanner.plan(list, m.config.parallelSyncs(), promoted != null && !promoted.sdown,
                m.failover.stateChangedAtMillis(), now, timeouts(m));
        for (String n : plan.timedOut()) {
            Instance r = m.replicas.get(n);
            r.reconf = ReconfStatus.DONE;
            event("-slave-reconf-sent-timeout", EventLevel.NOTICE, r, null);
        }
        for (String n : promoted == null ? List.<String>of() : plan.send()) {
            Instance r = m.replicas.get(n);
            sendReplicaOf(r, promoted.address, now);
            sendInfo(r, now); // see the new upstream at once (+slave-reconf-inprog)
            r.reconf = ReconfStatus.SENT;
            r.reconfSentAtMillis = now;
            event("+slave-reconf-sent", EventLevel.NOTICE, r, null);
        }
        if (plan.endForTimeout()) {
            event("+failover-end-for-timeout", EventLevel.WARNING, m, null);
        }
        if (plan.done()) {
            event("+failover-end", EventLevel.WARNING, m, null);
            m.failover.replicasReconfigured(now);
        }
        for (String n : plan.bestEffort()) {
            Instance r = m.replicas.get(n);
            sendReplicaOf(r, promoted.address, now);
            r.reconf = ReconfStatus.SENT;
            r.reconfSentAtMillis = now;
            event("+slave-reconf-sent-be", EventLevel.NOTICE, r, null);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Coordinated switchover (SENTINEL FAILOVER <name> COORDINATED)

    /** Selected replica, master reachable: ask the master to hand over (FAILOVER TO). */
    private void startSwitchover(MonitoredMaster m, Instance r, long now) {
        Switchover sw = m.switchover;
        sw.clear();
        sw.timeoutMillis = Math.min(m.config.failoverTimeoutMillis(), SWITCHOVER_TIMEOUT_MAX_MILLIS);
        sw.deadlineMillis = now + sw.timeoutMillis + SWITCHOVER_GRACE_MILLIS;
        sw.phase = Switchover.Phase.HANDOVER_SENT;
        sw.requestId = newPending(PendingKind.FAILOVER_TO, m, m.link);
        commands.add(new Outbound.FailoverTo(sw.requestId, m.address, r.address, sw.timeoutMillis));
    }

    private void onSwitchoverReply(MonitoredMaster m, long id, PendingKind kind, Inbound.CommandFailed failed, long now) {
        Switchover sw = m.switchover;
        if (m.removed || id != sw.requestId || m.failover.state() != FailoverState.WAIT_PROMOTION) {
            return;
        }
        if (kind == PendingKind.FAILOVER_TO && sw.phase == Switchover.Phase.HANDOVER_SENT) {
            if (failed == null) {
                sw.phase = Switchover.Phase.HANDOVER;
                sw.paused = true;
                event("+switchover-pause", EventLevel.WARNING, m, "failover");
                return;
            }
            // FAILOVER refused (before Redis 6.2, renamed away, or an error): pause writes ourselves
            // for the catch-up time plus the promotion's own timeout, so that the old master cannot
            // take writes between the replica's promotion and its own demotion.
            event("+switchover-fallback", EventLevel.NOTICE, m, null);
            sw.phase = Switchover.Phase.PAUSE_SENT;
            sw.deadlineMillis = now + sw.timeoutMillis;
            sw.requestId = newPending(PendingKind.CLIENT_PAUSE, m, m.link);
            commands.add(new Outbound.ClientPause(sw.requestId, m.address,
                    sw.timeoutMillis + m.config.failoverTimeoutMillis()));
            return;
        }
        if (kind == PendingKind.CLIENT_PAUSE && sw.phase == Switchover.Phase.PAUSE_SENT) {
            if (failed != null) {
                event("-failover-abort-switchover-refused", EventLevel.WARNING, m, null);
                abortFailover(m);
                return;
            }
            sw.phase = Switchover.Phase.CATCH_UP;
            sw.paused = true;
            sw.pausedMasterOffset = -1;
            event("+switchover-pause", EventLevel.WARNING, m, "client-pause");
            if (!isPending(m.infoPendingId)) {
                sendInfo(m, now);
            }
            Instance r = promotedReplica(m);
            if (r != null && !r.disconnected() && !isPending(r.infoPendingId)) {
                sendInfo(r, now);
            }
        }
    }

    /**
     * The switchover's timer: polls both ends at tick rate (the write pause lasts until the
     * replica is seen as master, so a 1 s INFO period would be the pause), and gives up after the
     * deadline. Returns true if it aborted the failover.
     */
    private boolean switchoverTick(MonitoredMaster m, long now) {
        Switchover sw = m.switchover;
        Instance r = promotedReplica(m);
        if (r != null && !r.disconnected() && !isPending(r.infoPendingId)) {
            sendInfo(r, now);
        }
        if (!m.disconnected() && !isPending(m.infoPendingId)) {
            sendInfo(m, now);
        }
        if (now <= sw.deadlineMillis || sw.phase == Switchover.Phase.PROMOTING) {
            return false;
        }
        // FAILOVER TO past its own timeout: if the master demoted itself, the handover happened and
        // only the replica's confirmation is missing (the failover-timeout still bounds that wait).
        boolean handedOver = (sw.phase == Switchover.Phase.HANDOVER || sw.phase == Switchover.Phase.HANDOVER_SENT)
                && m.roleReported == Role.SLAVE;
        if (handedOver) {
            return false;
        }
        event("-failover-abort-switchover-timeout", EventLevel.WARNING, m, null);
        abortFailover(m);
        return true;
    }

    /** Fallback path: promote once the replica has everything the paused master has. */
    private void checkCatchUp(MonitoredMaster m, long now) {
        Switchover sw = m.switchover;
        Instance r = promotedReplica(m);
        if (sw.phase != Switchover.Phase.CATCH_UP || r == null || r.disconnected() || sw.pausedMasterOffset < 0
                || r.roleReported != Role.SLAVE || !r.replMasterLinkUp || r.replOffset < sw.pausedMasterOffset
                || r.replMasterPort != m.address.port() || !m.address.ip().equals(r.replMasterHost)) {
            return;
        }
        sw.phase = Switchover.Phase.PROMOTING;
        sendReplicaOf(r, null, now);
        sendInfo(r, now);
    }

    /**
     * The replica reports role:master. Fallback path: repoint the still paused old master to it,
     * then lift the pause (same connection, so in this order). FAILOVER TO path: the old master is
     * already its replica; rewrite its config (and the new master's, which FAILOVER leaves as
     * replica) so that the roles survive restarts. The reconfiguration transaction also
     * disconnects the old master's clients, so they look the master up again.
     */
    private void finishSwitchover(MonitoredMaster m, Instance r, long now) {
        Switchover sw = m.switchover;
        if (!sw.clientPaused()) {
            commands.add(new Outbound.ConfigRewrite(newPending(PendingKind.OTHER, r, r.link), r.address));
        }
        sendReplicaOf(m, r.address, now);
        if (sw.clientPaused()) {
            commands.add(new Outbound.ClientUnpause(newPending(PendingKind.OTHER, m, m.link), m.address));
        }
        event("+switchover-resume", EventLevel.WARNING, r, null);
        sw.clear();
    }

    private void abortFailover(MonitoredMaster m) {
        Switchover sw = m.switchover;
        if (sw.active()) {
            // Lift the pause we asked for (harmless if the master already did): the master stays.
            if (sw.clientPaused()) {
                commands.add(new Outbound.ClientUnpause(newPending(PendingKind.OTHER, m, m.link), m.address));
            } else {
                commands.add(new Outbound.FailoverAbort(newPending(PendingKind.OTHER, m, m.link), m.address));
            }
            if (sw.paused) {
                event("+switchover-resume", EventLevel.WARNING, m, "aborted");
            }
            sw.clear();
        }
        Instance r = promotedReplica(m);
        if (r != null) {
            r.promoted = false;
        }
        m.failover.abort();
    }

    private Instance promotedReplica(MonitoredMaster m) {
        String n = m.failover.promoted();
        return n == null ? null : m.replicas.get(n);
    }

    private void switchToPromoted(MonitoredMaster m, long now) {
        Instance r = promotedReplica(m);
        if (r == null) {
            m.failover.reset();
            return;
        }
        Address old = m.address;
        eventText("+switch-master", EventLevel.WARNING, m.config.name() + " " + old.ip() + " " + old.port() + " "
                + r.address.ip() + " " + r.address.port(), m.config.name());
        resetMasterAndChangeAddress(m, r.address, now);
        // Faster than Redis: tell peers at once (they adopt by config epoch, so it is only earlier).
        announceNow(m, now);
    }

    /** Master address switch (leader at the end of a failover, observers on a newer hello). */
    private void resetMasterAndChangeAddress(MonitoredMaster m, Address newAddress, long now) {
        if (!m.address.equals(newAddress) && m.runId != null) {
            demotedRunIds.put(m.address, m.runId);
        }
        demotedRunIds.remove(newAddress);
        List<Address> replicaAddresses = new ArrayList<>();
        for (Instance r : m.replicas.values()) {
            if (!r.address.equals(newAddress)) {
                replicaAddresses.add(r.address);
            }
        }
        if (!m.address.equals(newAddress)) {
            replicaAddresses.add(m.address);
        }
        List<Instance> oldReplicas = new ArrayList<>(m.replicas.values());
        m.replicas.clear();
        Link oldLink = m.link;
        // Acquire the new links before releasing the old ones, so addresses that stay keep their
        // connection (the promoted replica's link becomes the master's).
        m.address = newAddress;
        m.config = m.config.withAddress(newAddress);
        m.link = acquireLink(newAddress, true, now);
        // Redis gives the master a brand-new link here. The link at this address is shared with
        // the replica instance it was, and may carry that instance's stale unanswered-PING time,
        // which would make the new master SDOWN at once: start its timers afresh instead.
        m.link.actPingTimeMillis = m.link.connected ? 0 : now;
        m.link.lastAvailTimeMillis = now;
        m.link.lastPongTimeMillis = now;
        // Peers' "down" answers were about the old address; they must not count for the new one
        // (Redis keeps them up to 5 s, which can make the new master ODOWN immediately).
        for (Instance si : m.sentinels.values()) {
            si.masterDown = false;
            si.lastMasterDownReplyMillis = 0;
        }
        resetMasterState(m, now);
        for (Address a : replicaAddresses) {
            Instance r = createReplica(m, a, now);
            event("+slave", EventLevel.NOTICE, r, null);
        }
        for (Instance r : oldReplicas) {
            r.removed = true;
            releaseLink(r.link);
        }
        releaseLink(oldLink);
        markDirty(m);
    }

    private void resetMasterState(MonitoredMaster m, long now) {
        m.sdown = false;
        m.odown = false;
        m.sdownSinceMillis = 0;
        m.odownSinceMillis = 0;
        m.scriptKillSent = false;
        m.masterReboot = false;
        m.ballot = new Ballot(null, m.ballot.leaderEpoch());
        m.failover.reset();
        m.switchover.clear();
        m.plannedStartAtMillis = 0;
        m.runId = null;
        m.roleReported = Role.MASTER;
        m.roleReportedTimeMillis = now;
        m.infoRefreshMillis = 0;
        m.infoText = null;
        m.lastPubTimeMillis = 0;
        m.replMasterHost = null;
        m.replMasterPort = 0;
    }

    // ------------------------------------------------------------------------------------------
    // INFO

    private void refreshInfo(Instance ri, InfoReport rep, String raw, long now) {
        MonitoredMaster m = ri.master;
        ri.infoText = raw;
        if (rep.runId() != null) {
            if (ri.runId != null && !ri.runId.equals(rep.runId())) {
                event("+reboot", EventLevel.NOTICE, ri, null);
                if (ri.kind == InstanceKind.MASTER && m.config.masterRebootDownAfterPeriodMillis() > 0) {
                    ri.masterReboot = true;
                    ri.masterRebootSinceMillis = now;
                }
            }
            ri.runId = rep.runId();
        }
        if (ri.kind == InstanceKind.MASTER) {
            for (Address a : rep.replicas()) {
                if (!m.replicas.containsKey(a.name()) && !a.equals(m.address)) {
                    Instance r = createReplica(m, a, now);
                    event("+slave", EventLevel.NOTICE, r, null);
                    markDirty(m);
                }
            }
        }
        ri.masterReplOffset = rep.masterReplOffset();
        if (ri.kind == InstanceKind.MASTER && m.switchover.phase == Switchover.Phase.CATCH_UP
                && rep.role() == Role.MASTER) {
            // Every master INFO answered after CLIENT PAUSE's reply was produced after the pause.
            m.switchover.pausedMasterOffset = rep.masterReplOffset();
        }
        ri.masterLinkDownTimeMillis = rep.masterLinkDownSinceSeconds() == null ? 0
                : rep.masterLinkDownSinceSeconds() * 1000;
        Role role = rep.role();
        if (role == Role.SLAVE) {
            if (rep.masterHost() != null && (!rep.masterHost().equals(ri.replMasterHost)
                    || rep.masterPort() != ri.replMasterPort)) {
                ri.replMasterHost = rep.masterHost();
                ri.replMasterPort = rep.masterPort();
                ri.slaveConfChangeTimeMillis = now;
            }
            ri.replMasterLinkUp = rep.masterLinkUp();
            ri.replicaPriority = rep.replicaPriority();
            ri.priorityKnown = true;
            knownPriorities.put(ri.address, rep.replicaPriority());
            ri.replOffset = rep.replOffset();
            ri.replicaAnnounced = rep.replicaAnnounced();
        }
        ri.infoRefreshMillis = now;
        if (role != null && role != ri.roleReported) {
            ri.roleReportedTimeMillis = now;
            ri.roleReported = role;
            if (role == Role.SLAVE) {
                ri.slaveConfChangeTimeMillis = now;
            }
            boolean expected = (ri.kind == InstanceKind.MASTER && role == Role.MASTER)
                    || (ri.kind == InstanceKind.REPLICA && role == Role.SLAVE);
            event(expected ? "+role-change" : "-role-change", EventLevel.VERBOSE, ri,
                    "new reported role is " + role.wireName());
        }
        if (ri.kind == InstanceKind.REPLICA && role == Role.MASTER && !ri.priorityKnown
                && !isPending(ri.priorityPendingId)) {
            ri.priorityPendingId = newPending(PendingKind.PRIORITY, ri, ri.link);
            commands.add(new Outbound.ConfigGetReplicaPriority(ri.priorityPendingId, ri.address));
        }
        if (tilt || role == null || ri.kind != InstanceKind.REPLICA) {
            return;
        }
        if (role == Role.SLAVE) {
            demotedRunIds.remove(ri.address);
        }
        if (role == Role.MASTER) {
            if (ri.promoted && m.failover.state() == FailoverState.WAIT_PROMOTION
                    && m.switchover.phase != Switchover.Phase.PAUSE_SENT
                    && m.switchover.phase != Switchover.Phase.CATCH_UP) {
                onPromotionConfirmed(m, ri, now);
                return;
            }
            // Redis waits 4 x publish-period (8 s) after the role change and after any SDOWN before
            // converting a replica that reports role:master: it may be a master just promoted by a
            // newer failover whose hello has not reached us yet. Faster than Redis for the common
            // case, an old master restarted after being failed over (kill -9, reboot): it was the
            // master under our current configuration, it was demoted by an address switch, and its
            // run id changed since (it restarted, and came back with its old role). A newer
            // failover cannot have promoted that incarnation without first making it a replica,
            // which we would have seen or which its run id would show; so it is reconverted at the
            // first INFO after its restart (asked as soon as its link is back, see onLinkUp).
            String demotedRunId = demotedRunIds.get(ri.address);
            boolean restartedSinceDemotion = demotedRunId != null && rep.runId() != null
                    && !demotedRunId.equals(rep.runId());
            if (!ri.promoted && restartedSinceDemotion && !m.failover.inProgress()
                    && masterLooksSane(m, now)) {
                demotedRunIds.remove(ri.address);
                sendReplicaOf(ri, m.address, now);
                sendInfo(ri, now);
                event("+convert-to-slave", EventLevel.NOTICE, ri, null);
                return;
            }
            long wait = 4 * s.publishPeriodMillis();
            if (!ri.promoted && masterLooksSane(m, now) && noDownFor(ri, wait, now)
                    && now - ri.roleReportedTimeMillis > wait) {
                sendReplicaOf(ri, m.address, now);
                event("+convert-to-slave", EventLevel.NOTICE, ri, null);
            }
            return;
        }
        if (ri.promoted && m.switchover.phase == Switchover.Phase.CATCH_UP) {
            checkCatchUp(m, now);
        }
        if (ri.replMasterPort != m.address.port() || !m.address.ip().equals(ri.replMasterHost)) {
            long wait = m.config.failoverTimeoutMillis();
            if (masterLooksSane(m, now) && noDownFor(ri, wait, now) && now - ri.slaveConfChangeTimeMillis > wait) {
                sendReplicaOf(ri, m.address, now);
                event("+fix-slave-config", EventLevel.NOTICE, ri, null);
            }
        }
        if (ri.reconf == ReconfStatus.SENT || ri.reconf == ReconfStatus.IN_PROGRESS) {
            Instance p = promotedReplica(m);
            if (ri.reconf == ReconfStatus.SENT && p != null && p.address.ip().equals(ri.replMasterHost)
                    && p.address.port() == ri.replMasterPort) {
                ri.reconf = ReconfStatus.IN_PROGRESS;
                event("+slave-reconf-inprog", EventLevel.NOTICE, ri, null);
            }
            if (ri.reconf == ReconfStatus.IN_PROGRESS && ri.replMasterLinkUp) {
                ri.reconf = ReconfStatus.DONE;
                event("+slave-reconf-done", EventLevel.NOTICE, ri, null);
            }
        }
    }

    private boolean masterLooksSane(MonitoredMaster m, long now) {
        return m.roleReported == Role.MASTER && !m.sdown && !m.odown && m.infoRefreshMillis != 0
                && now - m.infoRefreshMillis < 2 * s.infoPeriodMillis();
    }

    private static boolean noDownFor(Instance ri, long ms, long now) {
        long mostRecent = Math.max(ri.sdownSinceMillis, ri.odownSinceMillis);
        return mostRecent == 0 || now - mostRecent > ms;
    }

    // ------------------------------------------------------------------------------------------
    // PING, hello

    private void onPingReply(Link l, Instance ri, PingReplyKind kind, long now) {
        l.lastPongTimeMillis = now;
        if (kind.valid()) {
            l.lastAvailTimeMillis = now;
            l.actPingTimeMillis = 0;
            if (kind == PingReplyKind.PONG && ri != null) {
                ri.masterReboot = false;
            }
        } else if (kind == PingReplyKind.BUSY && ri != null && !ri.removed && ri.sdown && !ri.scriptKillSent) {
            ri.scriptKillSent = true;
            commands.add(new Outbound.ScriptKill(newPending(PendingKind.SCRIPT_KILL, ri, l), l.address));
        }
    }

    private void onLinkUp(Address a, long now) {
        Link l = links.get(a);
        if (l == null || l.connected) {
            return;
        }
        l.connected = true;
        l.connectedAtMillis = now;
        sendPing(l, null, now); // Redis pings as soon as the command connection is up
        // Faster than Redis: ask INFO at once rather than at the next period (up to 10 s for a
        // replica), so that a node back from a restart is seen (and, if needed, reconverted) within
        // a reconnect period. Only data nodes have a pub/sub link.
        if (l.pubsub) {
            for (MonitoredMaster m : masters.values()) {
                if (m.link == l && !isPending(m.infoPendingId)) {
                    sendInfo(m, now);
                }
                for (Instance r : m.replicas.values()) {
                    if (r.link == l && !isPending(r.infoPendingId)) {
                        sendInfo(r, now);
                    }
                }
            }
        }
    }

    private void onHello(HelloMessage h, long now) {
        if (h.runId().equalsIgnoreCase(myId)) {
            return;
        }
        MonitoredMaster m = masters.get(h.masterName());
        if (m == null) {
            return;
        }
        Address addr = h.sentinelAddress();
        Instance si = m.sentinels.get(h.runId());
        if (si != null && !si.address.equals(addr)) {
            // Same run id, new address: +sentinel-address-switch, and update it under other masters.
            releaseLink(si.link);
            si.address = addr;
            si.link = acquireLink(addr, false, now);
            eventText("+sentinel-address-switch", EventLevel.NOTICE,
                    m.details() + " ip " + addr.ip() + " port " + addr.port() + " for " + h.runId(), m.config.name());
            markDirty(m);
            int others = 0;
            for (MonitoredMaster o : masters.values()) {
                Instance os = o.sentinels.get(h.runId());
                if (o != m && os != null && !os.address.equals(addr)) {
                    releaseLink(os.link);
                    os.address = addr;
                    os.link = acquireLink(addr, false, now);
                    markDirty(o);
                    others++;
                }
            }
            if (others > 0) {
                event("+sentinel-address-update", EventLevel.NOTICE, si, others + " additional matching instances");
            }
        } else if (si == null) {
            // A new run id at the address of a known sentinel: that old identity is stale everywhere.
            for (Instance other : new ArrayList<>(m.sentinels.values())) {
                if (other.address.equals(addr)) {
                    event("+sentinel-invalid-addr", EventLevel.NOTICE, other, null);
                    String stale = other.runId;
                    for (MonitoredMaster o : masters.values()) {
                        Instance x = o.sentinels.remove(stale);
                        if (x != null) {
                            x.removed = true;
                            releaseLink(x.link);
                            markDirty(o);
                        }
                    }
                }
            }
            si = createSentinel(m, addr, h.runId(), now);
            event("+sentinel", EventLevel.NOTICE, si, null);
            markDirty(m);
        }
        if (h.currentEpoch() > currentEpoch) {
            currentEpoch = h.currentEpoch();
            dirty = true;
            eventText("+new-epoch", EventLevel.WARNING, Long.toString(currentEpoch), null);
        }
        if (m.configEpoch < h.masterConfigEpoch()) {
            m.configEpoch = h.masterConfigEpoch();
            markDirty(m);
            Address announced = h.masterAddress();
            if (announced.equals(m.address) && m.failover.inProgress()) {
                // A newer configuration names the address we are failing over from: our attempt
                // is superseded. Redis would carry on and, once past promotion, end up advertising
                // its own promoted replica under the newer epoch (one epoch, two addresses).
                resetMasterAndChangeAddress(m, announced, now);
            } else if (!announced.equals(m.address)) {
                Address old = m.address;
                event("+config-update-from", EventLevel.WARNING, si, null);
                eventText("+switch-master", EventLevel.WARNING, m.config.name() + " " + old.ip() + " " + old.port()
                        + " " + announced.ip() + " " + announced.port(), m.config.name());
                resetMasterAndChangeAddress(m, announced, now);
                scripts.add(new ClientReconfig(m.config.name(), "observer", "start", old, announced));
            }
        }
        si.lastHelloMillis = now;
    }

    /** The address this master is announced at: the promoted replica's once promotion is confirmed. */
    private Address advertisedAddress(MonitoredMaster m) {
        if (m.failover.state().promotionConfirmed()) {
            Instance p = promotedReplica(m);
            if (p != null) {
                return p.address;
            }
        }
        return m.address;
    }

    private void announceNow(MonitoredMaster m, long now) {
        sendHelloIfConnected(m, now);
        for (Instance r : m.replicas.values()) {
            sendHelloIfConnected(r, now);
        }
        for (Instance si : m.sentinels.values()) {
            sendHelloIfConnected(si, now);
        }
    }

    private void sendHelloIfConnected(Instance ri, long now) {
        if (!ri.disconnected()) {
            sendHello(ri, now);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Sending

    private long newPending(PendingKind kind, Instance ri, Link l) {
        long id = nextId++;
        pending.put(id, new Pending(kind, ri, l));
        l.pendingIds.add(id);
        return id;
    }

    private boolean isPending(long id) {
        return id != 0 && pending.containsKey(id);
    }

    private void dropPending(Link l) {
        for (Long id : l.pendingIds) {
            pending.remove(id);
        }
        l.pendingIds.clear();
    }

    private void sendPing(Link l, Instance ri, long now) {
        long id = newPending(PendingKind.PING, ri, l);
        l.lastPingTimeMillis = now;
        if (l.actPingTimeMillis == 0) {
            l.actPingTimeMillis = now;
        }
        commands.add(new Outbound.Ping(id, l.address));
    }

    private void sendInfo(Instance ri, long now) {
        long id = newPending(PendingKind.INFO, ri, ri.link);
        ri.infoPendingId = id;
        ri.infoSentAtMillis = now;
        commands.add(new Outbound.Info(id, ri.address));
    }

    private void sendHello(Instance ri, long now) {
        MonitoredMaster m = ri.master;
        Address ma = advertisedAddress(m);
        String ip = s.announceIp() == null ? "0.0.0.0" : s.announceIp();
        HelloMessage h = new HelloMessage(ip, s.announcePort(), myId, currentEpoch, m.config.name(), ma.ip(),
                ma.port(), m.configEpoch);
        long id = newPending(PendingKind.HELLO, ri, ri.link);
        ri.helloPendingId = id;
        ri.helloSentAtMillis = now;
        commands.add(new Outbound.PublishHello(id, ri.address, h, s.announceIp() == null));
    }

    private void sendReplicaOf(Instance ri, Address newMaster, long now) {
        long id = newPending(newMaster == null ? PendingKind.PROMOTE : PendingKind.REPLICAOF, ri, ri.link);
        commands.add(new Outbound.ReplicaOf(id, ri.address, newMaster));
    }

    // ------------------------------------------------------------------------------------------
    // Instances and links

    private Link acquireLink(Address a, boolean pubsub, long now) {
        Link l = links.get(a);
        if (l == null) {
            l = new Link(a, now);
            l.pubsub = pubsub;
            links.put(a, l);
            commands.add(new Outbound.Connect(a, pubsub));
        } else if (pubsub && !l.pubsub) {
            l.pubsub = true;
            commands.add(new Outbound.Connect(a, true));
        }
        l.refcount++;
        return l;
    }

    private void releaseLink(Link l) {
        if (--l.refcount <= 0) {
            links.remove(l.address);
            dropPending(l);
            commands.add(new Outbound.Disconnect(l.address));
        }
    }

    private MonitoredMaster createMaster(MasterConfig cfg, long now) {
        MonitoredMaster m = new MonitoredMaster(cfg, now);
        m.link = acquireLink(cfg.address(), true, now);
        masters.put(cfg.name(), m);
        markDirty(m);
        return m;
    }

    private Instance createReplica(MonitoredMaster m, Address a, long now) {
        Instance r = new Instance(InstanceKind.REPLICA, a, now);
        r.master = m;
        r.downAfterMillis = m.config.downAfterMillis();
        r.link = acquireLink(a, true, now);
        Integer prio = knownPriorities.get(a);
        if (prio != null) {
            r.replicaPriority = prio;
            r.priorityKnown = true;
        }
        m.replicas.put(a.name(), r);
        return r;
    }

    private Instance createSentinel(MonitoredMaster m, Address a, String runId, long now) {
        Instance si = new Instance(InstanceKind.SENTINEL, a, now);
        si.master = m;
        si.runId = runId;
        si.downAfterMillis = m.config.downAfterMillis();
        si.link = acquireLink(a, false, now);
        m.sentinels.put(runId, si);
        return si;
    }

    // ------------------------------------------------------------------------------------------
    // Events and persistence

    private void event(String type, EventLevel level, Instance ri, String extra) {
        String text = extra == null ? ri.details() : ri.details() + " " + extra;
        events.add(new SentinelEvent(type, level, text, ri.master.config.name(), true));
    }

    private void event(String type, EventLevel level, String masterName, String text) {
        events.add(new SentinelEvent(type, level, text, masterName, true));
    }

    private void eventText(String type, EventLevel level, String text, String masterName) {
        events.add(new SentinelEvent(type, level, text, masterName, masterName != null));
    }

    private void markDirty(MonitoredMaster m) {
        m.persistedCache = null;
        dirty = true;
    }

    /** The state to persist now (also what {@link Ready#persist()} carries). */
    public PersistedState snapshot() {
        List<PersistedMaster> list = new ArrayList<>(masters.size());
        for (MonitoredMaster m : masters.values()) {
            if (m.persistedCache == null) {
                Address advertised = advertisedAddress(m);
                List<Address> reps = new ArrayList<>(m.replicas.size());
                for (Instance r : m.replicas.values()) {
                    reps.add(r.address.equals(advertised) ? m.address : r.address);
                }
                List<KnownSentinel> sens = new ArrayList<>(m.sentinels.size());
                for (Instance si : m.sentinels.values()) {
                    sens.add(new KnownSentinel(si.address, si.runId));
                }
                m.persistedCache = new PersistedMaster(m.config.withAddress(advertised), m.configEpoch,
                        m.ballot.leaderEpoch(), reps, sens);
            }
            list.add(m.persistedCache);
        }
        return new PersistedState(myId, currentEpoch, list);
    }

    // ------------------------------------------------------------------------------------------
    // SENTINEL commands

    /** SENTINEL MONITOR (after the runtime validated quorum, port and address). */
    public CommandResult monitor(long now, MasterConfig cfg) {
        if (masters.containsKey(cfg.name())) {
            return CommandResult.error("ERR Duplicate master name.");
        }
        MonitoredMaster m = createMaster(cfg, now);
        event("+monitor", EventLevel.WARNING, m, "quorum " + cfg.quorum());
        return CommandResult.OK;
    }

    /** SENTINEL REMOVE. */
    public CommandResult remove(long now, String name) {
        MonitoredMaster m = masters.get(name);
        if (m == null) {
            return CommandResult.error("ERR No such master with that name");
        }
        event("-monitor", EventLevel.WARNING, m, null);
        masters.remove(name);
        for (Instance r : m.replicas.values()) {
            r.removed = true;
            releaseLink(r.link);
        }
        for (Instance si : m.sentinels.values()) {
            si.removed = true;
            releaseLink(si.link);
        }
        m.removed = true;
        releaseLink(m.link);
        dirty = true;
        return CommandResult.OK;
    }

    /**
     * SENTINEL SET for the options the brain owns: down-after-milliseconds, failover-timeout,
     * parallel-syncs, quorum, master-reboot-down-after-period. Emits {@code +set}. Other options
     * (scripts, auth, rename-command) are the runtime's; for those this returns the "Unknown
     * option" error and changes nothing.
     */
    public CommandResult set(long now, String name, String option, String value) {
        MonitoredMaster m = masters.get(name);
        if (m == null) {
            return CommandResult.error("ERR No such master with that name");
        }
        String opt = option.toLowerCase(java.util.Locale.ROOT);
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            v = Long.MIN_VALUE;
        }
        String invalid = "ERR Invalid argument '" + value + "' for SENTINEL SET '" + option + "'";
        switch (opt) {
            case "down-after-milliseconds" -> {
                if (v <= 0) {
                    return CommandResult.error(invalid);
                }
                m.config = m.config.withDownAfterMillis(v);
                m.downAfterMillis = v;
                for (Instance r : m.replicas.values()) {
                    r.downAfterMillis = v;
                }
                for (Instance si : m.sentinels.values()) {
                    si.downAfterMillis = v;
                }
            }
            case "failover-timeout" -> {
                if (v <= 0) {
                    return CommandResult.error(invalid);
                }
                m.config = m.config.withFailoverTimeoutMillis(v);
            }
            case "parallel-syncs" -> {
                if (v <= 0 || v > Integer.MAX_VALUE) {
                    return CommandResult.error(invalid);
                }
                m.config = m.config.withParallelSyncs((int) v);
            }
            case "quorum" -> {
                if (v <= 0 || v > Integer.MAX_VALUE) {
                    return CommandResult.error(invalid);
                }
                m.config = m.config.withQuorum((int) v);
            }
            case "master-reboot-down-after-period" -> {
                if (v < 0) {
                    return CommandResult.error(invalid);
                }
                m.config = m.config.withMasterRebootDownAfterPeriodMillis(v);
            }
            default -> {
                return CommandResult.error("ERR Unknown option or number of arguments for SENTINEL SET '" + option + "'");
            }
        }
        markDirty(m);
        event("+set", EventLevel.WARNING, m, opt + " " + value);
        return CommandResult.OK;
    }

    /** SENTINEL RESET &lt;pattern&gt;: returns how many masters matched. */
    public int reset(long now, String pattern) {
        int n = 0;
        for (MonitoredMaster m : masters.values()) {
            if (!Glob.matches(pattern, m.config.name())) {
                continue;
            }
            n++;
            for (Instance r : m.replicas.values()) {
                r.removed = true;
                releaseLink(r.link);
            }
            m.replicas.clear();
            for (Instance si : m.sentinels.values()) {
                si.removed = true;
                releaseLink(si.link);
            }
            m.sentinels.clear();
            resetMasterState(m, now);
            // Redis closes the master links; they are reopened and timers start afresh.
            m.link.connected = false;
            dropPending(m.link);
            m.link.actPingTimeMillis = now;
            m.link.lastAvailTimeMillis = now;
            m.link.lastPongTimeMillis = now;
            commands.add(new Outbound.Reconnect(m.address));
            markDirty(m);
            event("+reset-master", EventLevel.WARNING, m, null);
        }
        return n;
    }

    /** SENTINEL FAILOVER: a forced attempt, no agreement needed ({@link FailoverKind#MANUAL}). */
    public CommandResult failover(long now, String name) {
        return failover(now, name, FailoverKind.MANUAL);
    }

    /**
     * SENTINEL FAILOVER &lt;name&gt; [COORDINATED]: a forced attempt, no agreement needed; it runs
     * even while the master is paused for maintenance (an operator asked for it). {@code
     * COORDINATED} hands over from a reachable master without losing acknowledged writes (see
     * the class comment of the switchover part); {@code AUTO} cannot be requested.
     */
    public CommandResult failover(long now, String name, FailoverKind kind) {
        MonitoredMaster m = masters.get(name);
        if (m == null) {
            return CommandResult.error("ERR No such master with that name");
        }
        if (kind == FailoverKind.AUTO) {
            return CommandResult.error("ERR An automatic failover cannot be requested");
        }
        if (m.failover.inProgress()) {
            return CommandResult.error("INPROG Failover already in progress");
        }
        if (rank(m, now).best().isEmpty()) {
            return CommandResult.error("NOGOODSLAVE No suitable replica to promote");
        }
        if (kind == FailoverKind.COORDINATED && (m.sdown || m.disconnected() || m.roleReported != Role.MASTER)) {
            return CommandResult.error("ERR The master is down or not a master: a COORDINATED failover needs it up");
        }
        startFailover(m, now, true, kind);
        return CommandResult.OK;
    }

    /** The kind of the running failover of this master, or of the last one; empty if none yet. */
    public Optional<FailoverKind> failoverKind(String name) {
        MonitoredMaster m = masters.get(name);
        return m == null ? Optional.empty() : Optional.ofNullable(m.failoverKind);
    }

    // ------------------------------------------------------------------------------------------
    // Maintenance pause

    /**
     * Pauses automatic failover of this master for {@code ttlMillis} (a later call replaces the
     * deadline). While paused this sentinel starts no automatic failover of it and grants its vote
     * to no peer's failover of it, so pausing a majority of the sentinels blocks any automatic
     * failover; SDOWN/ODOWN are still tracked and SENTINEL FAILOVER still works. The pause ends by
     * itself at {@code now + ttlMillis}. It is runtime state only: it is not written to
     * sentinel.conf and a restarted sentinel is not paused (a forgotten pause must not outlive
     * the process that an operator may no longer be watching). Emits {@code +maintenance master
     * <name> <ip> <port> <ttl-ms>}.
     */
    public CommandResult pause(long now, String name, long ttlMillis) {
        MonitoredMaster m = masters.get(name);
        if (m == null) {
            return CommandResult.error("ERR No such master with that name");
        }
        if (ttlMillis <= 0) {
            return CommandResult.error("ERR Invalid pause TTL, it must be a positive number of milliseconds");
        }
        m.pausedUntilMillis = now + ttlMillis;
        m.plannedStartAtMillis = 0;
        event("+maintenance", EventLevel.WARNING, m, Long.toString(ttlMillis));
        return CommandResult.OK;
    }

    /** Ends a maintenance pause now ({@code -maintenance master <name> <ip> <port>}); OK if none. */
    public CommandResult resume(long now, String name) {
        MonitoredMaster m = masters.get(name);
        if (m == null) {
            return CommandResult.error("ERR No such master with that name");
        }
        if (m.pausedUntilMillis != 0) {
            m.pausedUntilMillis = 0;
            event("-maintenance", EventLevel.WARNING, m, null);
        }
        return CommandResult.OK;
    }

    /** The end of this master's maintenance pause; empty when not paused, expired or unknown. */
    public java.util.OptionalLong pausedUntilMillis(String name) {
        MonitoredMaster m = masters.get(name);
        return m == null || m.pausedUntilMillis == 0 || m.pausedUntilMillis <= previousTickMillis
                ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(m.pausedUntilMillis);
    }

    private static boolean paused(MonitoredMaster m, long now) {
        return m.pausedUntilMillis != 0 && now < m.pausedUntilMillis;
    }

    private void expirePause(MonitoredMaster m, long now) {
        if (m.pausedUntilMillis != 0 && now >= m.pausedUntilMillis) {
            m.pausedUntilMillis = 0;
            event("-maintenance", EventLevel.WARNING, m, null);
        }
    }

    /** SENTINEL CKQUORUM. */
    public Optional<CkQuorum> ckquorum(String name) {
        MonitoredMaster m = masters.get(name);
        if (m == null) {
            return Optional.empty();
        }
        int usable = 1;
        for (Instance si : m.sentinels.values()) {
            if (!si.sdown && !si.odown) {
                usable++;
            }
        }
        return Optional.of(new CkQuorum(usable, m.sentinels.size() + 1, m.config.quorum()));
    }

    /** SENTINEL GET-MASTER-ADDR-BY-NAME. */
    public Optional<Address> masterAddress(String name) {
        MonitoredMaster m = masters.get(name);
        return m == null ? Optional.empty() : Optional.of(advertisedAddress(m));
    }

    /** SENTINEL SIMULATE-FAILURE (each call replaces both flags). */
    public void simulateFailure(boolean crashAfterElection, boolean crashAfterPromotion) {
        this.crashAfterElection = crashAfterElection;
        this.crashAfterPromotion = crashAfterPromotion;
    }

    /** SENTINEL INFO-CACHE: unknown names are skipped; per master, the master then its replicas. */
    public Map<String, List<InfoCacheEntry>> infoCache(long now, Collection<String> names) {
        Map<String, List<InfoCacheEntry>> out = new LinkedHashMap<>();
        for (String n : names) {
            MonitoredMaster m = masters.get(n);
            if (m == null || out.containsKey(n)) {
                continue;
            }
            List<InfoCacheEntry> l = new ArrayList<>();
            l.add(infoEntry(m, now));
            for (Instance r : m.replicas.values()) {
                l.add(infoEntry(r, now));
            }
            out.put(n, l);
        }
        return out;
    }

    private static InfoCacheEntry infoEntry(Instance ri, long now) {
        return new InfoCacheEntry(ri.address, ri.infoRefreshMillis == 0 ? 0 : now - ri.infoRefreshMillis, ri.infoText);
    }

    public List<String> masterNames() {
        return List.copyOf(masters.keySet());
    }

    /** SENTINEL MASTERS. */
    public List<InstanceView> masters(long now) {
        List<InstanceView> out = new ArrayList<>(masters.size());
        for (MonitoredMaster m : masters.values()) {
            out.add(view(m, now));
        }
        return out;
    }

    /** SENTINEL MASTER. */
    public Optional<InstanceView> master(String name, long now) {
        MonitoredMaster m = masters.get(name);
        return m == null ? Optional.empty() : Optional.of(view(m, now));
    }

    /** SENTINEL REPLICAS: replicas with replica_announced:0 are omitted (empty if unknown master). */
    public Optional<List<InstanceView>> replicas(String name, long now) {
        MonitoredMaster m = masters.get(name);
        if (m == null) {
            return Optional.empty();
        }
        List<InstanceView> out = new ArrayList<>();
        for (Instance r : m.replicas.values()) {
            if (r.replicaAnnounced) {
                out.add(view(r, now));
            }
        }
        return Optional.of(out);
    }

    /** SENTINEL SENTINELS. */
    public Optional<List<InstanceView>> sentinels(String name, long now) {
        MonitoredMaster m = masters.get(name);
        if (m == null) {
            return Optional.empty();
        }
        List<InstanceView> out = new ArrayList<>();
        for (Instance si : m.sentinels.values()) {
            out.add(view(si, now));
        }
        return Optional.of(out);
    }

    private InstanceView view(Instance ri, long now) {
        MonitoredMaster m = ri.master;
        Link l = ri.link;
        boolean isMaster = ri.kind == InstanceKind.MASTER;
        StringBuilder f = new StringBuilder();
        flag(f, ri.sdown, "s_down");
        flag(f, ri.odown, "o_down");
        flag(f, isMaster, "master");
        flag(f, ri.kind == InstanceKind.REPLICA, "slave");
        flag(f, ri.kind == InstanceKind.SENTINEL, "sentinel");
        flag(f, !l.connected, "disconnected");
        flag(f, ri.masterDown, "master_down");
        flag(f, isMaster && m.failover.inProgress(), "failover_in_progress");
        flag(f, ri.promoted, "promoted");
        flag(f, ri.reconf == ReconfStatus.SENT, "reconf_sent");
        flag(f, ri.reconf == ReconfStatus.IN_PROGRESS, "reconf_inprog");
        flag(f, ri.reconf == ReconfStatus.DONE, "reconf_done");
        flag(f, isMaster && m.failover.forced(), "force_failover");
        flag(f, ri.scriptKillSent, "script_kill_sent");
        long next = 0;
        if (isMaster) {
            next = m.plannedStartAtMillis != 0 ? m.plannedStartAtMillis
                    : timeouts(m).nextAttemptAtMillis(m.failover.startTimeMillis());
        }
        return new InstanceView(ri.kind, ri.name(), ri.address, ri.runId, f.toString(), l.pendingIds.size(), l.refcount,
                isMaster && m.failover.inProgress() ? m.failover.state().wireName() : null,
                l.actPingTimeMillis == 0 ? 0 : now - l.actPingTimeMillis, now - l.lastAvailTimeMillis,
                now - l.lastPongTimeMillis, ri.sdown ? now - ri.sdownSinceMillis : null,
                ri.odown ? now - ri.odownSinceMillis : null, ri.downAfterMillis,
                ri.infoRefreshMillis == 0 ? 0 : now - ri.infoRefreshMillis, ri.roleReported,
                now - ri.roleReportedTimeMillis, m.configEpoch, m.replicas.size(), m.sentinels.size(),
                m.config.quorum(), m.config.failoverTimeoutMillis(), m.config.parallelSyncs(),
                m.config.masterRebootDownAfterPeriodMillis(), ri.masterLinkDownTimeMillis, ri.replMasterLinkUp,
                ri.replMasterHost, ri.replMasterPort, ri.replicaPriority, ri.replOffset, ri.replicaAnnounced,
                ri.lastHelloMillis == 0 ? 0 : now - ri.lastHelloMillis, ri.vote.leader(), ri.vote.leaderEpoch(),
                isMaster ? m.ballot.leader() : null, isMaster ? m.ballot.leaderEpoch() : 0,
                isMaster ? m.failover.epoch() : 0, next, isMaster ? advertisedAddress(m) : ri.address,
                isMaster ? m.failover.promoted() : null);
    }

    private static void flag(StringBuilder sb, boolean on, String name) {
        if (on) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(name);
        }
    }
}
