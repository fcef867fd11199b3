package io.vigil.sentinel.runtime;

import io.vigil.conf.ConfigSaveException;
import io.vigil.node.http.HttpListener;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.LogLevel;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerHooks;
import io.vigil.node.server.ServerSettings;
import io.vigil.sentinel.command.SentinelCommandTable;
import io.vigil.sentinel.metrics.SentinelMetrics;
import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.BrainSettings;
import io.vigil.sentinel.core.ClientReconfig;
import io.vigil.sentinel.core.EventLevel;
import io.vigil.sentinel.core.Inbound;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.core.Outbound;
import io.vigil.sentinel.core.PersistedState;
import io.vigil.sentinel.core.Ready;
import io.vigil.sentinel.core.SentinelBrain;
import io.vigil.sentinel.core.SentinelEvent;
import io.vigil.sentinel.core.parse.HelloParser;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One running sentinel: the server kernel with the sentinel command table, the brain, the links,
 * persistence, events and scripts, all driven from the kernel's single event-loop thread. The brain
 * is ticked every 50-100 ms (randomised as Redis re-randomises its timer frequency) with a
 * monotonic clock; every brain call is followed by {@link #drain()}, which honours the Ready
 * contract: persist, then send, then publish events and queue scripts.
 */
public final class SentinelDaemon implements AutoCloseable {
    static final long RECONNECT_PERIOD_MILLIS = 250;
    private final SentinelSettings settings;
    private final SentinelLog log;
    private final RespServer server;
    private final long wallAtStart = System.currentTimeMillis();
    private final long nanoAtStart = System.nanoTime();
    private final String runId;
    private final ScriptRunner scripts;
    private volatile SentinelBrain brain;
    private LinkManager links;
    private int port;
    private volatile boolean closed;
    private Runnable onCrash = () -> System.exit(99);
    private Runnable onShutdown = () -> { };
    private int simulateFlags;
    /** The next timer tick (event-loop thread only). */
    private java.util.concurrent.ScheduledFuture<?> tickFuture;
    private long tickAtMillis;
    private final DebugSettings debug = new DebugSettings();
    private final List<SentinelEventListener> eventListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final io.vigil.sentinel.observe.FailoverTracker tracker;
    private final io.vigil.sentinel.observe.JsonEventLog eventLog;
    private volatile HttpListener http;
    private volatile SentinelMetrics metrics;

    private SentinelDaemon(SentinelSettings settings, SentinelLog log) {
        this.settings = settings;
        this.log = log;
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        CommandTable table = new CommandTable();
        this.server = new RespServer(table, new Hooks(), "vigil-sentinel");
        this.scripts = new ScriptRunner(this::emit);
        SentinelCommandTable.register(table, this);
        // The tracker first: the event log reads the record each event updated.
        io.vigil.sentinel.observe.FailoverProbe probe = new io.vigil.sentinel.observe.BrainProbe(() -> brain, this::now);
        this.tracker = new io.vigil.sentinel.observe.FailoverTracker(probe);
        this.eventLog = new io.vigil.sentinel.observe.JsonEventLog(settings.eventLogPath(), tracker, probe,
                message -> log.log(LogLevel.WARNING, message));
        eventListeners.add(tracker);
        eventListeners.add(eventLog);
    }

    /** The failover records derived from this sentinel's events (API, metrics). */
    public io.vigil.sentinel.observe.FailoverTracker tracker() {
        return tracker;
    }

    /** The JSON event log (the in-memory ring only when {@code event-log} is not set). */
    public io.vigil.sentinel.observe.JsonEventLog eventLog() {
        return eventLog;
    }

    /** Binds, builds the brain from the loaded state and starts ticking. */
    public static SentinelDaemon start(SentinelSettings settings, SentinelLog log) throws Exception {
        SentinelDaemon d = new SentinelDaemon(settings, log);
        try {
            d.startOnLoop();
        } catch (Exception e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void startOnLoop() throws Exception {
        List<String> bind = settings.bind.isEmpty() ? List.of("*", "-::*") : settings.bind;
        List<InetSocketAddress> bound = server.bind(new ServerSettings(bind, settings.port, 511, 300));
        port = bound.isEmpty() ? settings.port : bound.get(0).getPort();
        server.maxClients(settings.maxclients);
        // A lost link is retried every 250 ms (Redis: once per ping period, 1 s): a restarted old
        // master is then found, and turned into a replica, within about 0.3 s of its restart instead
        // of up to 1 s. One attempt at a time per link, so a host that does not answer costs a
        // pending connect, not a storm.
        links = new LinkManager(server.eventLoop(), this::now, this::observe, this::credentials, "sentinel", 1000,
                RECONNECT_PERIOD_MILLIS);
        links.onHello(this::helloReceived);
        // The announced address is read at send time, so SENTINEL CONFIG SET announce-ip/port apply
        // to the next hello (the brain's settings are fixed at start).
        links.helloAddress((h, localIp) -> new io.vigil.sentinel.core.HelloMessage(
                settings.announceIp != null ? settings.announceIp : localIp,
                settings.announcePort != 0 ? settings.announcePort : port, h.runId(), h.currentEpoch(), h.masterName(),
                h.masterIp(), h.masterPort(), h.masterConfigEpoch()));
        links.warmUp();
        server.call(() -> {
            long now = now();
            BrainSettings bs = BrainSettings.builder().announceIp(settings.announceIp)
                    .announcePort(settings.announcePort != 0 ? settings.announcePort : port).build();
            PersistedState restored = new PersistedState(settings.myId, settings.currentEpoch, settings.masters);
            brain = new SentinelBrain(bs, restored, new SplittableRandom(new SecureRandom().nextLong()), now);
            settings.myId = brain.myId();
            links.namePrefix("sentinel-" + brain.myId().substring(0, 8));
            log.log(LogLevel.WARNING, "Sentinel ID is " + brain.myId());
            drain();
            scheduleTick();
            return null;
        });
        if (settings.httpPort > 0) {
            startHttp(settings.httpBind, settings.httpPort, settings.httpAuthToken);
        }
    }

    /**
     * Opens the HTTP listener ({@code /metrics}) on {@code bind:port}; port 0 picks a free one
     * (embedding and tests; the {@code http-port} directive's 0 means off and never gets here).
     * Idempotent: returns the running listener.
     */
    public synchronized HttpListener startHttp(String bind, int port, String authToken) {
        if (http != null) {
            return http;
        }
        HttpListener.checkBind(bind, authToken);
        SentinelMetrics m = new SentinelMetrics(this);
        HttpListener listener = HttpListener.start(bind, port, authToken);
        listener.log(message -> log.log(LogLevel.WARNING, message));
        listener.route("GET", "/metrics", m::serve);
        io.vigil.sentinel.api.SentinelApi.mount(listener, this, tracker, eventLog);
        metrics = m;
        http = listener;
        log.log(LogLevel.NOTICE, "HTTP listener on " + bind + ":" + listener.port() + " (/metrics, /v1)");
        return listener;
    }

    /** The HTTP listener, or null when {@code http-port} is 0 and nobody started it. */
    public HttpListener http() {
        return http;
    }

    /** The Prometheus metrics, or null while the HTTP listener is off. */
    public SentinelMetrics metrics() {
        return metrics;
    }

    // ---------------------------------------------------------------- accessors for commands

    public SentinelBrain brain() {
        return brain;
    }

    public SentinelSettings settings() {
        return settings;
    }

    public RespServer server() {
        return server;
    }

    public int port() {
        return port;
    }

    /** The process run id (INFO run_id), not the sentinel id. */
    public String runId() {
        return runId;
    }

    public long startedAtWallMillis() {
        return wallAtStart;
    }

    public DebugSettings debug() {
        return debug;
    }

    public int simulateFlags() {
        return simulateFlags;
    }

    public void simulateFlags(int flags) {
        simulateFlags = flags;
        brain.simulateFailure((flags & 1) != 0, (flags & 2) != 0);
    }

    public int runningScripts() {
        return scripts.running();
    }

    public int scriptsQueueLength() {
        return scripts.queueLength();
    }

    /** SENTINEL PENDING-SCRIPTS rows: argv, running, pid, run-time or run-delay, retry-num. */
    public List<PendingScript> pendingScripts() {
        long now = now();
        List<PendingScript> out = new ArrayList<>();
        for (ScriptRunner.Job j : scripts.jobs()) {
            out.add(new PendingScript(j.argv, j.running(), j.running() ? j.process.pid() : 0,
                    j.running() ? now - j.startTimeMillis : j.startTimeMillis - now, j.retryNum));
        }
        return out;
    }

    /** A script job as SENTINEL PENDING-SCRIPTS shows it. */
    public record PendingScript(List<String> argv, boolean running, long pid, long millis, int retryNum) {
    }

    public void onCrash(Runnable r) {
        onCrash = r;
    }

    public void onShutdown(Runnable r) {
        onShutdown = r;
    }

    /** SHUTDOWN: nothing to save; stop and let the owner exit. */
    public void shutdown() {
        log.log(LogLevel.WARNING, "User requested shutdown...");
        log.log(LogLevel.WARNING, "Sentinel is now ready to exit, bye bye...");
        server.schedule(() -> {
            onShutdown.run();
        }, 0);
    }

    /** Monotonic milliseconds (starts at the wall clock, never jumps). */
    public long now() {
        return wallAtStart + (System.nanoTime() - nanoAtStart) / 1_000_000;
    }

    public MasterOptions options(String master) {
        return settings.masterOptions.get(master);
    }

    public Map<String, MasterOptions> allOptions() {
        return settings.masterOptions;
    }

    public void log(LogLevel level, String message) {
        log.log(level, message);
    }

    // ---------------------------------------------------------------- driving the brain

    private void scheduleTick() {
        if (closed) {
            return;
        }
        // 10 + rand(0..9) Hz like Redis, so sentinels do not stay in lock-step; sooner when the
        // brain has a deadline (down-after running out, a planned failover start) before that.
        long delay = 1000 / (10 + ThreadLocalRandom.current().nextInt(10));
        if (brain != null) {
            long now = now();
            long deadline = brain.nextDeadlineMillis(now);
            if (deadline > now && deadline - now < delay) {
                delay = deadline - now;
            }
        }
        tickAtMillis = now() + delay;
        tickFuture = server.schedule(this::tick, delay);
    }

    private void tick() {
        if (closed) {
            return;
        }
        try {
            long now = now();
            links.maintain();
            brain.tick(now);
            // Deadlines planned by this tick are in nextDeadlineMillis, which scheduleTick reads:
            // a wake request left over would only cancel and repeat the next tick.
            brain.takeWakeRequest();
            drain();
            scripts.tick(now);
        } catch (RuntimeException e) {
            log.log(LogLevel.WARNING, "Sentinel timer failed: " + e);
        } finally {
            scheduleTick();
        }
    }

    private void observe(Inbound in) {
        if (closed || brain == null) {
            return;
        }
        SentinelMetrics m = metrics;
        if (m != null && in instanceof Inbound.PingReply reply) {
            m.pingReplied(reply.id());
        }
        brain.step(now(), in);
        drain();
        long wake = brain.takeWakeRequest();
        if (wake != 0 && wake < tickAtMillis && tickFuture != null && tickFuture.cancel(false)) {
            // A failover start planned sooner than the next periodic tick: tick then instead.
            tickAtMillis = wake;
            tickFuture = server.schedule(this::tick, Math.max(0, wake - now()));
        }
    }

    private void helloReceived(String payload) {
        HelloParser.parse(payload).ifPresent(h -> observe(new Inbound.Hello(h)));
    }

    /** PUBLISH __sentinel__:hello from a peer: processed like a hello from a pub/sub link. */
    public void helloFromPeer(String payload) {
        helloReceived(payload);
    }

    /**
     * Drains the brain: persist first (fsync), then send, then events and scripts. Returns false when
     * a save failed; data commands of that batch are then not sent (a vote must never leave unsaved).
     */
    public boolean drain() {
        boolean ok = true;
        while (true) {
            Ready r = brain.ready();
            if (r.isEmpty()) {
                return ok;
            }
            boolean saved = true;
            if (r.persist().isPresent()) {
                saved = save(r.persist().get());
                ok &= saved;
            }
            SentinelMetrics m = metrics;
            for (Outbound o : r.commands()) {
                if (m != null && o instanceof Outbound.Ping ping && saved) {
                    m.pingSent(ping.id());
                }
                if (saved || o instanceof Outbound.Connect || o instanceof Outbound.Disconnect
                        || o instanceof Outbound.Reconnect) {
                    links.send(o);
                } else if (o.id() != 0) {
                    long id = o.id();
                    server.eventLoop().execute(() -> observe(new Inbound.CommandFailed(id, "config not saved")));
                }
            }
            for (SentinelEvent e : r.events()) {
                emit(e);
            }
            for (ClientReconfig c : r.reconfigScripts()) {
                MasterOptions o = settings.masterOptions.get(c.masterName());
                if (o != null && o.clientReconfigScript != null) {
                    List<String> argv = new ArrayList<>();
                    argv.add(o.clientReconfigScript);
                    argv.addAll(c.args());
                    scripts.schedule(argv, now());
                }
            }
            if (r.crash()) {
                log.log(LogLevel.WARNING, "Sentinel CRASH because of SENTINEL simulate-failure");
                closed = true;
                onCrash.run();
                return ok;
            }
        }
    }

    /** Flushes the current state now (SENTINEL FLUSHCONFIG, runtime-only option changes). */
    public boolean flushConfig() {
        return save(brain.snapshot());
    }

    private boolean save(PersistedState state) {
        try {
            settings.myId = state.myId();
            settings.currentEpoch = state.currentEpoch();
            SentinelConfigWriter.save(settings, state, settings.masterOptions);
            log.log(LogLevel.NOTICE, "Sentinel new configuration saved on disk");
            return true;
        } catch (ConfigSaveException e) {
            log.log(LogLevel.WARNING, "WARNING: Sentinel was not able to save the new configuration on disk!!!: "
                    + e.reason());
            SentinelMetrics m = metrics;
            if (m != null) {
                m.configPersistError();
            }
            return false;
        }
    }

    /** Emits an event the runtime produced itself (SENTINEL SET of runtime options). */
    public void emitEvent(SentinelEvent e) {
        emit(e);
    }

    /** Applies the SENTINEL DEBUG values the runtime owns (script limits). */
    public void applyDebug() {
        scripts.maxRuntimeMillis = debug.values().get("script-max-runtime");
        scripts.retryDelayMillis = debug.values().get("script-retry-delay");
    }

    /**
     * Registers an observer of every emitted event (metrics, the JSON event log). It is called on
     * the event-loop thread, after the brain produced the event, so it may read the brain.
     */
    public void addEventListener(SentinelEventListener listener) {
        eventListeners.add(listener);
    }

    /** Log, publish on the channel named like the event (not DEBUG), run the notification script (WARNING). */
    void emit(SentinelEvent e) {
        log.log(level(e.level()), e.message());
        long at = now();
        for (SentinelEventListener l : eventListeners) {
            try {
                l.onEvent(at, e);
            } catch (RuntimeException ex) {
                log.log(LogLevel.WARNING, "Event listener failed: " + ex);
            }
        }
        if (e.level() != EventLevel.DEBUG) {
            server.pubSub().publish(e.type().getBytes(StandardCharsets.UTF_8), e.text().getBytes(StandardCharsets.UTF_8));
        }
        if (e.level() == EventLevel.WARNING && e.instance() && e.masterName() != null) {
            MasterOptions o = settings.masterOptions.get(e.masterName());
            if (o != null && o.notificationScript != null) {
                scripts.schedule(List.of(o.notificationScript, e.type(), e.text()), now());
            }
        }
    }

    private static LogLevel level(EventLevel l) {
        return switch (l) {
            case DEBUG -> LogLevel.DEBUG;
            case VERBOSE -> LogLevel.VERBOSE;
            case NOTICE -> LogLevel.NOTICE;
            case WARNING -> LogLevel.WARNING;
        };
    }

    /** AUTH and renames for a link: the owning master's for nodes, sentinel-user/pass for peers. */
    private LinkCredentials credentials(Address a, boolean node) {
        if (!node) {
            String pass = settings.sentinelPass != null ? settings.sentinelPass : settings.requirepass;
            return new LinkCredentials(settings.sentinelPass != null ? settings.sentinelUser : null, pass, null);
        }
        long now = now();
        for (InstanceView m : brain.masters(now)) {
            boolean owns = m.address().equals(a) || m.advertisedAddress().equals(a);
            if (!owns) {
                for (InstanceView r : brain.replicas(m.name(), now).orElse(List.of())) {
                    if (r.address().equals(a)) {
                        owns = true;
                        break;
                    }
                }
            }
            if (owns) {
                MasterOptions o = settings.masterOptions.get(m.name());
                return o == null ? LinkCredentials.NONE : new LinkCredentials(o.authUser, o.authPass, o);
            }
        }
        return LinkCredentials.NONE;
    }

    /** Drops and reopens the links of a master and its replicas (SENTINEL SET auth-pass/auth-user). */
    public void reconnectMaster(String name) {
        long now = now();
        brain.master(name, now).ifPresent(m -> {
            links.relink(m.address());
            for (InstanceView r : brain.replicas(name, now).orElse(List.of())) {
                links.relink(r.address());
            }
        });
    }

    /** Drops and reopens every sentinel link (SENTINEL CONFIG SET sentinel-user/sentinel-pass). */
    public void reconnectSentinels() {
        long now = now();
        for (String name : brain.masterNames()) {
            for (InstanceView s : brain.sentinels(name, now).orElse(List.of())) {
                links.relink(s.address());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        HttpListener listener = http;
        if (listener != null) {
            listener.close();
        }
        try {
            server.call(() -> {
                if (links != null) {
                    links.close();
                }
                scripts.killAll();
                return null;
            });
        } catch (RuntimeException ignored) {
            // the loop may already be gone
        }
        server.close();
        eventLog.close();
    }

    /** The kernel's questions, answered for a sentinel. */
    private final class Hooks implements ServerHooks {
        /** Until the brain exists (lettuce warm-up after bind), only connection commands answer. */
        @Override
        public String refuse(ClientSession session, io.vigil.node.server.CommandSpec spec, byte[][] argv) {
            if (brain != null) {
                return null;
            }
            String root = spec.container() == null ? spec.name() : spec.container();
            return switch (root) {
                case "ping", "hello", "auth", "client", "command", "shutdown", "subscribe", "psubscribe",
                        "unsubscribe", "punsubscribe", "acl" -> null;
                default -> "LOADING Sentinel is starting";
            };
        }

        @Override
        public boolean authRequired(ClientSession session) {
            return settings.requirepass != null && !session.authenticated();
        }
    }
}
