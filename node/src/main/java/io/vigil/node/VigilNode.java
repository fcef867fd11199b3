package io.vigil.node;

import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerHooks;
import io.vigil.node.server.ServerLog;
import io.vigil.node.server.ServerSettings;
import io.vigil.node.store.Database;
import io.vigil.node.store.Keyspace;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A vigil-node: the keyspace, the server kernel and the node's features, wired together. It can run
 * as a process ({@link NodeMain}) or embedded in a JVM, several per JVM, each with its own thread.
 */
public final class VigilNode implements AutoCloseable {
    private final RespServer server;
    private final CommandTable commands = new CommandTable();
    private final Keyspace keyspace;
    private final Propagation propagation = new Propagation();
    private final List<NodeFeature> features = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    private final String runId;
    private final long startedAtMillis = System.currentTimeMillis();
    private final ServerSettings settings;
    private List<InetSocketAddress> boundAddresses = List.of();
    private volatile int hz;

    private VigilNode(ServerSettings settings, int databases, int hz) {
        this.settings = settings;
        this.hz = hz;
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        this.keyspace = new Keyspace(databases, new Database.ExpiryListener() {
            @Override
            public void expired(Database db, byte[] key) {
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
    }

    /** Builds a node; features are created in order and may look each other up with {@link #feature(Class)}. */
    public static VigilNode create(ServerSettings settings, int databases, int hz,
                                   List<Function<VigilNode, NodeFeature>> featureFactories) {
        VigilNode node = new VigilNode(settings, databases, hz);
        for (Function<VigilNode, NodeFeature> factory : featureFactories) {
            NodeFeature feature = factory.apply(node);
            node.features.add(feature);
            feature.register(node.commands);
        }
        return node;
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

    public ServerSettings settings() {
        return settings;
    }

    public int hz() {
        return hz;
    }

    public void hz(int value) {
        hz = Math.max(1, Math.min(500, value));
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
        server.call(() -> {
            for (NodeFeature feature : features) {
                feature.start();
            }
            return null;
        });
        boundAddresses = server.bind(settings);
        scheduleCron();
        return this;
    }

    private void scheduleCron() {
        server.schedule(() -> {
            long now = server.nowMillis();
            server.stats().sample(now);
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

    /** The TCP port actually bound (useful with port 0 in tests). */
    public int port() {
        return boundAddresses.isEmpty() ? settings.port() : boundAddresses.get(0).getPort();
    }

    /** Stops the features (which may save), then the server. */
    @Override
    public void close() {
        try {
            server.call(() -> {
                stopFeatures();
                return null;
            });
        } catch (RuntimeException e) {
            ServerLog.get().warning("Error while stopping: " + e);
        }
        server.close();
    }

    private boolean stopped;

    /** Runs every feature's stop once (SHUTDOWN calls it on the loop before exiting). */
    public void stopFeatures() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (int i = features.size() - 1; i >= 0; i--) {
            features.get(i).stop();
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
            for (NodeFeature feature : features) {
                String refusal = feature.authorize(session, spec, argv);
                if (refusal != null) {
                    return refusal;
                }
            }
            return null;
        }

        @Override
        public String refuse(ClientSession session, CommandSpec spec, byte[][] argv) {
            for (NodeFeature feature : features) {
                String refusal = feature.refuse(session, spec, argv);
                if (refusal != null) {
                    return refusal;
                }
            }
            return null;
        }

        @Override
        public void afterCommand(CommandCall call) {
            List<byte[][]> writes = call.propagation();
            if (!writes.isEmpty()) {
                propagation.propagateAtomically(call.session().db(), writes);
            }
            for (NodeFeature feature : features) {
                feature.afterCommand(call);
            }
        }

        @Override
        public void closed(ClientSession session) {
            for (NodeFeature feature : features) {
                feature.closed(session);
            }
        }
    }
}
