package io.vigil.node;

import io.vigil.conf.InvalidValueException;
import io.vigil.conf.NodeConfig;
import io.vigil.node.server.ClientPause;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerHooks;
import io.vigil.node.server.ServerLog;
import io.vigil.node.server.ServerSettings;
import io.vigil.node.server.acl.AclUsers;
import io.vigil.node.store.Database;
import io.vigil.node.store.Keyspace;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A vigil-node: the keyspace, the server kernel and the node's features, wired together. It can run
 * as a process ({@link NodeMain}) or embedded in a JVM, several per JVM, each with its own thread.
 *
 * <p>Its configuration is the conf module's {@link NodeConfig}: features read their settings from
 * {@link #config()} when they start and follow CONFIG SET with {@code config().onApply(name, hook)}
 * (a hook may veto the change) or {@code config().onChange(name, listener)}.
 */
public final class VigilNode implements AutoCloseable {
    /** Vigil's own version, printed beside the Redis version it is compatible with. */
    public static final String VIGIL_VERSION = "0.1.0";
    /** The Redis version clients see (INFO redis_version, HELLO version). */
    public static final String REDIS_VERSION = "7.0.15";

    private final RespServer server;
    private final CommandTable commands = new CommandTable();
    private final Keyspace keyspace;
    private final Propagation propagation = new Propagation();
    private final List<NodeFeature> features = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom();
    private final String runId;
    private final long startedAtMillis = System.currentTimeMillis();
    private final NodeConfig config;
    private final AclUsers acl;
    private final InfoRegistry info = new InfoRegistry();
    private final NodeStats stats = new NodeStats();
    private final ClientPause pause;
    private ServerSettings settings;
    private List<InetSocketAddress> boundAddresses = List.of();
    private volatile int hz;
    private volatile long maxBulkBytes;
    private BooleanSupplier replicaRole = () -> false;
    private volatile boolean activeExpire = true;
    private IntConsumer exitAction = status -> {
    };
    private boolean stopped;
    /** Set once SHUTDOWN or a fatal error has closed the node: {@link #close()} then has nothing left to do. */
    private volatile boolean finished;
    /** The features that override each per-command hook: the others are not asked at all. */
    private NodeFeature[] authorizers = new NodeFeature[0];
    private NodeFeature[] refusers = new NodeFeature[0];
    private NodeFeature[] afterCommanders = new NodeFeature[0];

    private VigilNode(NodeConfig config, ServerSettings settings) {
        this.config = config;
        this.settings = settings;
        this.hz = config.getInt("hz");
        this.maxBulkBytes = config.getLong("proto-max-bulk-len");
        this.runId = randomHex(random);
        this.keyspace = new Keyspace(config.getInt("databases"), new Database.ExpiryListener() {
            @Override
            public void expired(Database db, byte[] key) {
                stats.expired();
                // Redis propagates an expiry as DEL so replicas and the AOF never expire keys themselves.
                propagation.propagate(db.index(), new byte[][]{"DEL".getBytes(StandardCharsets.US_ASCII), key});
                for (NodeFeature feature : features) {
                    feature.keyExpired(db, key);
                }
            }

            @Override
            public boolean deletesExpiredKeys() {
                for (NodeFeature feature : features) {
                    if (!feature.deletesExpiredKeys()) {
                        return false;
                    }
                }
                return true;
            }
        });
        this.server = new RespServer(commands, new Hooks(), "vigil-node");
        this.server.maxBulkBytes(() -> maxBulkBytes);
        this.server.maxClients(config.getInt("maxclients"));
        this.acl = new AclUsers(commands);
        this.pause = new ClientPause(server);
        // Log lines about a client (limits, kills) carry its CLIENT LIST line, as Redis's do.
        this.server.clientInfo(session -> io.vigil.node.command.ClientCommand.describe(this, session));
    }

    /**
     * Builds a node with Redis's default configuration except for the listener, databases and hz
     * given here (tests and embedding). Features are created in order and may look each other up
     * with {@link #feature(Class)}.
     */
    public static VigilNode create(ServerSettings settings, int databases, int hz,
                                   List<Function<VigilNode, NodeFeature>> featureFactories) {
        NodeConfig config = NodeConfig.defaults(Path.of("").toAbsolutePath());
        try {
            config.setInternal("bind", settings.bindAddresses());
            config.setInternal("port", List.of(Integer.toString(settings.port())));
            config.setInternal("tcp-backlog", List.of(Integer.toString(settings.tcpBacklog())));
            config.setInternal("tcp-keepalive", List.of(Integer.toString(settings.tcpKeepAliveSeconds())));
            config.setInternal("databases", List.of(Integer.toString(databases)));
            config.setInternal("hz", List.of(Integer.toString(hz)));
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            return create(config, settings, featureFactories);
        } catch (NodeConfigurationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Builds a node from a loaded configuration (the process, or tests that need config directives). */
    public static VigilNode create(NodeConfig config, List<Function<VigilNode, NodeFeature>> featureFactories)
            throws NodeConfigurationException {
        return create(config, NodeConfiguration.serverSettings(config), featureFactories);
    }

    private static VigilNode create(NodeConfig config, ServerSettings settings,
                                    List<Function<VigilNode, NodeFeature>> featureFactories)
            throws NodeConfigurationException {
        VigilNode node = new VigilNode(config, settings);
        for (Function<VigilNode, NodeFeature> factory : featureFactories) {
            NodeFeature feature = factory.apply(node);
            node.features.add(feature);
            feature.register(node.commands);
        }
        node.acl.commandsRegistered();
        node.authorizers = overriding(node.features, "authorize", ClientSession.class, CommandSpec.class, byte[][].class);
        node.refusers = overriding(node.features, "refuse", ClientSession.class, CommandSpec.class, byte[][].class);
        node.afterCommanders = overriding(node.features, "afterCommand", CommandCall.class);
        NodeConfiguration.wire(node);
        return node;
    }

    /** The features whose class overrides a NodeFeature default method, in feature order. */
    private static NodeFeature[] overriding(List<NodeFeature> features, String method, Class<?>... parameters) {
        List<NodeFeature> result = new ArrayList<>();
        for (NodeFeature feature : features) {
            try {
                if (feature.getClass().getMethod(method, parameters).getDeclaringClass() != NodeFeature.class) {
                    result.add(feature);
                }
            } catch (NoSuchMethodException e) {
                result.add(feature);
            }
        }
        return result.toArray(new NodeFeature[0]);
    }

    /**
     * 40 random hex characters (run ids, replication ids). SplittableRandom's default seed mixes the
     * clock and a per-JVM seed, which is all Redis's /dev/urandom run id needs to be: new at each start.
     */
    public static String randomHex(SplittableRandom random) {
        byte[] id = new byte[20];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    public RespServer server() {
        return server;
    }

    public CommandTable commands() {
        return commands;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** The database the client has selected. */
    public Database db(ClientSession session) {
        return keyspace.db(session.db());
    }

    public Propagation propagation() {
        return propagation;
    }

    public SplittableRandom random() {
        return random;
    }

    /** 40 hex characters, new at each start (INFO's run_id). */
    public String runId() {
        return runId;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** The node's configuration (CONFIG GET/SET/REWRITE, and every feature's settings). */
    public NodeConfig config() {
        return config;
    }

    /** The ACL users (AUTH, HELLO, ACL, requirepass). */
    public AclUsers acl() {
        return acl;
    }

    /** INFO sections and counters; features register theirs here. */
    public InfoRegistry info() {
        return info;
    }

    /** Node-wide INFO stats counters (expired keys, keyspace hits and misses...). */
    public NodeStats stats() {
        return stats;
    }

    /** CLIENT PAUSE state. */
    public ClientPause pause() {
        return pause;
    }

    /** The listener settings in effect. */
    public ServerSettings settings() {
        return settings;
    }

    void settings(ServerSettings value) {
        settings = value;
    }

    public int hz() {
        return hz;
    }

    public void hz(int value) {
        hz = Math.max(1, Math.min(500, value));
    }

    /** proto-max-bulk-len, read by the decoder for every bulk. */
    public void maxBulkBytes(long value) {
        maxBulkBytes = value;
    }

    /** proto-max-bulk-len as configured now (the decoder's limit; also what APPEND, SETRANGE and SETBIT may build). */
    public long maxBulkBytes() {
        return maxBulkBytes;
    }

    /** DEBUG SET-ACTIVE-EXPIRE: whether the cron's active expiry cycle runs (lazy expiry always does). */
    public boolean activeExpire() {
        return activeExpire;
    }

    public void activeExpire(boolean enabled) {
        activeExpire = enabled;
    }

    /** Whether this node is a replica (HELLO role, INFO role); the replication feature installs it. */
    public boolean isReplica() {
        return replicaRole.getAsBoolean();
    }

    public void replicaRole(BooleanSupplier supplier) {
        replicaRole = supplier;
    }

    /**
     * What to do once SHUTDOWN, a signal or a fatal error has stopped the node, given the exit
     * status (0 for a requested shutdown, 1 for a fatal error, as redis-server exits): the process
     * exits with it, an embedded node just stays closed.
     */
    public void exitAction(IntConsumer action) {
        exitAction = action;
    }

    public List<NodeFeature> features() {
        return features;
    }

    public <T extends NodeFeature> T feature(Class<T> type) {
        for (NodeFeature feature : features) {
            if (type.isInstance(feature)) {
                return type.cast(feature);
            }
        }
        return null;
    }

    /** Starts the features (loading data), binds the listeners and starts the cron. */
    public VigilNode start() throws Exception {
        // Bind first, as Redis does (initServer before loadDataFromDisk): features that announce
        // the node's address (a replica's REPLCONF listening-port) then see the real port even
        // when port 0 asked for an ephemeral one. Clients that connect meanwhile wait behind the
        // start task on the event loop, then get -LOADING while a long load continues in slices.
        boundAddresses = server.bind(settings);
        server.call(() -> {
            for (NodeFeature feature : features) {
                feature.start();
            }
            return null;
        });
        scheduleCron();
        return this;
    }

    private void scheduleCron() {
        server.schedule(() -> {
            long now = server.nowMillis();
            server.stats().sample(now);
            pause.expireIfDue();
            for (NodeFeature feature : features) {
                try {
                    feature.cron(now);
                } catch (RuntimeException e) {
                    ServerLog.get().warning("cron of " + feature.getClass().getSimpleName() + " failed: " + e);
                }
            }
            if (!server.eventLoop().isShuttingDown()) {
                scheduleCron();
            }
        }, 1000 / hz);
    }

    public List<InetSocketAddress> boundAddresses() {
        return boundAddresses;
    }

    void boundAddresses(List<InetSocketAddress> value) {
        boundAddresses = value;
    }

    /** The TCP port actually bound (useful with port 0 in tests). */
    public int port() {
        return boundAddresses.isEmpty() ? settings.port() : boundAddresses.get(0).getPort();
    }

    /**
     * Stops the features (which may save), then the server. A no-op when the node is already closed
     * (by SHUTDOWN, a fatal error or an earlier close): its loop is gone, nothing is left to stop.
     */
    @Override
    public void close() {
        if (finished) {
            // finishShutdown already closed the listeners and stopped the loops; only wait for them.
            server.eventLoop().terminationFuture().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
            return;
        }
        try {
            server.call(() -> {
                stopFeatures();
                return null;
            });
        } catch (RuntimeException e) {
            ServerLog.get().warning("Error while stopping: " + e);
        }
        server.close();
        finished = true;
    }

    /** Runs every feature's stop once (SHUTDOWN calls it on the loop before exiting). */
    public void stopFeatures() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = features.size() - 1; i >= 0; i--) {
            try {
                features.get(i).stop();
            } catch (RuntimeException e) {
                ServerLog.get().warning("Error stopping " + features.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
    }

    /**
     * Finishes a shutdown that already saved and stopped the features: closes every connection and
     * the listeners, then runs the exit action (the process exits 0). Called on the event loop.
     */
    public void finishShutdown() {
        finishShutdown(0);
    }

    /**
     * Finishes a shutdown with an exit status: 0 after SHUTDOWN or a signal, 1 after a fatal error
     * (a load that failed after start, an AOF write error under appendfsync always), as
     * redis-server's exit(1). Called on the event loop.
     */
    public void finishShutdown(int status) {
        finished = true;
        stopFeatures();
        for (ClientSession session : new ArrayList<>(server.clients())) {
            session.close();
        }
        server.closeAsync();
        exitAction.accept(status);
    }

    /**
     * The features' after-command work for a command EXEC ran from a transaction (notifications,
     * dirty counters, wake-ups). Its propagation is EXEC's business: the transaction travels as one
     * MULTI ... EXEC block.
     */
    public void afterQueuedCommand(CommandCall call) {
        for (NodeFeature feature : afterCommanders) {
            feature.afterCommand(call);
        }
    }

    /** Delegates the kernel's questions to the features in order. */
    private final class Hooks implements ServerHooks {
        @Override
        public String admit(ClientSession session) {
            for (NodeFeature feature : features) {
                String refusal = feature.admit(session);
                if (refusal != null) {
                    return refusal;
                }
            }
            return null;
        }

        @Override
        public boolean authRequired(ClientSession session) {
            for (NodeFeature feature : features) {
                if (feature.authRequired(session)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String authorize(ClientSession session, CommandSpec spec, byte[][] argv) {
            for (NodeFeature feature : authorizers) {
                String refusal = feature.authorize(session, spec, argv);
                if (refusal != null) {
                    return refusal;
                }
            }
            return null;
        }

        @Override
        public String refuse(ClientSession session, CommandSpec spec, byte[][] argv) {
            for (NodeFeature feature : refusers) {
                String refusal = feature.refuse(session, spec, argv);
                if (refusal != null) {
                    return refusal;
                }
            }
            return null;
        }

        @Override
        public boolean postpone(ClientSession session, CommandSpec spec, byte[][] argv) {
            return pause.postpone(session, spec);
        }

        @Override
        public void afterCommand(CommandCall call) {
            List<byte[][]> writes = call.propagation();
            if (!writes.isEmpty()) {
                propagation.propagateAtomically(call.session().db(), writes);
            }
            for (NodeFeature feature : afterCommanders) {
                feature.afterCommand(call);
            }
        }

        @Override
        public void closed(ClientSession session) {
            pause.forget(session);
            for (NodeFeature feature : features) {
                feature.closed(session);
            }
        }
    }
}
