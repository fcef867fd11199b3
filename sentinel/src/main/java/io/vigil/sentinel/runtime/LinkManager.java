package io.vigil.sentinel.runtime;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.Inbound;
import io.vigil.sentinel.core.Outbound;
import io.vigil.sentinel.core.PingReplyKind;
import io.vigil.sentinel.core.parse.InfoParser;
import io.vigil.sentinel.core.parse.IsMasterDownReplyParser;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The sentinel's outgoing connections, made with lettuce but managed here: lettuce never reconnects
 * on its own and rejects commands while disconnected, so link state and timeouts are decided by
 * the brain and this class only reports what happened ({@link Inbound.LinkUp}/{@link
 * Inbound.LinkDown}, replies with their correlation ids). Reconnection is attempted at most once per
 * reconnect period. All state is touched on the daemon's event-loop thread only; lettuce callbacks are
 * handed over with {@link Executor#execute}.
 */
final class LinkManager implements AutoCloseable {
    private static final String HELLO_CHANNEL = Outbound.HELLO_CHANNEL;

    private final Executor loop;
    private final ClientResources resources;
    private final RedisClient client;
    private final Consumer<Inbound> sink;
    private final BiFunction<Address, Boolean, LinkCredentials> credentials;
    private String namePrefix;
    private final long reconnectPeriodMillis;
    private final Map<Address, InstanceLink> links = new HashMap<>();
    private final Map<Object, InstanceLink> owners = new IdentityHashMap<>();
    private final java.util.function.LongSupplier clock;

    /**
     * @param sink        receives every observation, always on the loop thread, never re-entrantly
     * @param credentials AUTH and rename map for an address (true = master/replica, false = sentinel)
     * @param namePrefix  {@code sentinel-<first 8 chars of myid>}
     */
    LinkManager(Executor loop, java.util.function.LongSupplier clock, Consumer<Inbound> sink,
                BiFunction<Address, Boolean, LinkCredentials> credentials, String namePrefix, long connectTimeoutMillis,
                long reconnectPeriodMillis) {
        this.loop = loop;
        this.clock = clock;
        this.sink = sink;
        this.credentials = credentials;
        this.namePrefix = namePrefix;
        this.reconnectPeriodMillis = reconnectPeriodMillis;
        // Small read buffers (see SmallReadBufferAllocator): 64 KB per connection was most of the
        // resident memory of a sentinel watching hundreds of masters.
        io.netty.buffer.ByteBufAllocator allocator = new SmallReadBufferAllocator(io.netty.buffer.ByteBufAllocator.DEFAULT);
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1)
                .nettyCustomizer(new io.lettuce.core.resource.NettyCustomizer() {
                    @Override
                    public void afterBootstrapInitialized(io.netty.bootstrap.Bootstrap bootstrap) {
                        bootstrap.option(io.netty.channel.ChannelOption.ALLOCATOR, allocator);
                    }

                    @Override
                    public void afterChannelInitialized(io.netty.channel.Channel channel) {
                        channel.config().setAllocator(allocator);
                    }
                }).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .pingBeforeActivateConnection(false)
                .protocolVersion(ProtocolVersion.RESP2)
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                        .keepAlive(true).build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                loop.execute(() -> connectionLost(connection));
            }
        });
    }

    /**
     * Loads and initialises lettuce's connection machinery once (a refused connection to a closed
     * loopback port), so the first real connect does not stall the event loop for seconds, which
     * the brain would take for a clock jump (TILT).
     */
    void warmUp() {
        try {
            RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(1).build();
            uri.setLibraryName("");
            uri.setLibraryVersion("");
            client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().handle((c, e) -> {
                if (c != null) {
                    c.closeAsync();
                }
                return null;
            }).get(10, TimeUnit.SECONDS);
            client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture().handle((c, e) -> {
                if (c != null) {
                    c.closeAsync();
                }
                return null;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // only a warm-up
        }
        new ArrayOutput<>(StringCodec.UTF8);
        new StatusOutput<>(StringCodec.UTF8);
        new IntegerOutput<>(StringCodec.UTF8);
        InfoParser.parse("role:master\r\n");
    }

    /** Connected, disconnected or wanted addresses (for diagnostics). */
    int size() {
        return links.size();
    }

    boolean connected(Address a) {
        InstanceLink l = links.get(a);
        return l != null && l.reportedUp;
    }

    /** Executes one command of a {@link io.vigil.sentinel.core.Ready} batch. */
    void send(Outbound o) {
        if (o instanceof Outbound.Connect c) {
            InstanceLink l = links.computeIfAbsent(c.target(), InstanceLink::new);
            l.closed = false;
            l.pubsubWanted |= c.pubsub();
            l.credentials = credentials.apply(c.target(), l.pubsubWanted);
            connectMissing(l, true);
            return;
        }
        if (o instanceof Outbound.Disconnect d) {
            InstanceLink l = links.remove(d.target());
            if (l != null) {
                l.closed = true;
                closeAll(l);
            }
            return;
        }
        if (o instanceof Outbound.Reconnect r) {
            InstanceLink l = links.get(r.target());
            if (l != null) {
                closeAll(l);
                l.credentials = credentials.apply(r.target(), l.pubsubWanted);
                connectMissing(l, true);
            }
            return;
        }
        InstanceLink l = links.get(o.target());
        if (l == null || l.cmd == null || !l.cmd.isOpen()) {
            fail(o.id(), "link down");
            return;
        }
        StatefulRedisConnection<String, String> c = l.cmd;
        if (o instanceof Outbound.Ping p) {
            dispatch(l, c, List.of("PING"), new StatusOutput<>(StringCodec.UTF8)).whenComplete((v, e) -> {
                if (e == null) {
                    deliver(new Inbound.PingReply(p.id(), PingReplyKind.classify(v)));
                } else if (e instanceof RedisCommandExecutionException) {
                    deliver(new Inbound.PingReply(p.id(), PingReplyKind.classify(e.getMessage())));
                } else {
                    deliver(new Inbound.CommandFailed(p.id(), String.valueOf(e.getMessage())));
                }
            });
        } else if (o instanceof Outbound.Info i) {
            dispatch(l, c, List.of("INFO"), new StatusOutput<>(StringCodec.UTF8)).whenComplete((v, e) -> {
                if (e == null && v != null) {
                    deliver(new Inbound.InfoReply(i.id(), InfoParser.parse(v), v));
                } else {
                    deliver(new Inbound.CommandFailed(i.id(), e == null ? "null INFO" : String.valueOf(e.getMessage())));
                }
            });
        } else if (o instanceof Outbound.PublishHello h) {
            var hello = helloAddress.apply(h.hello(), l.localIp == null ? "127.0.0.1" : l.localIp);
            dispatch(l, c, List.of("PUBLISH", HELLO_CHANNEL, hello.payload()), new IntegerOutput<>(StringCodec.UTF8))
                    .whenComplete((v, e) -> deliver(e == null ? new Inbound.PublishOk(h.id())
                            : new Inbound.CommandFailed(h.id(), String.valueOf(e.getMessage()))));
        } else if (o instanceof Outbound.AskMasterDown a) {
            dispatch(l, c, a.argv().get(0), new ArrayOutput<>(StringCodec.UTF8)).whenComplete((v, e) -> {
                var parsed = e == null ? IsMasterDownReplyParser.parse(v) : java.util.Optional.<io.vigil.sentinel.core.IsMasterDownReply>empty();
                deliver(parsed.<Inbound>map(r -> new Inbound.AskReply(a.id(), r))
                        .orElseGet(() -> new Inbound.CommandFailed(a.id(), e == null ? "malformed reply" : String.valueOf(e.getMessage()))));
            });
        } else if (o instanceof Outbound.ReplicaOf r) {
            List<List<String>> cmds = r.argv();
            // Pipelined on the command connection exactly as Redis sends it; only EXEC's reply matters.
            for (int k = 0; k < cmds.size() - 1; k++) {
                dispatch(l, c, cmds.get(k), new StatusOutput<>(StringCodec.UTF8));
            }
            dispatch(l, c, cmds.get(cmds.size() - 1), new ExecReplyOutput()).whenComplete((v, e) -> {
                if (e == null) {
                    boolean ok = v != null && !v.isEmpty() && "OK".equals(v.get(0));
                    deliver(new Inbound.TransactionReply(r.id(), ok));
                } else if (e instanceof RedisCommandExecutionException) {
                    deliver(new Inbound.TransactionReply(r.id(), false));
                } else {
                    deliver(new Inbound.CommandFailed(r.id(), String.valueOf(e.getMessage())));
                }
            });
        } else if (o instanceof Outbound.ConfigGetReplicaPriority g) {
            dispatch(l, c, g.argv().get(0), new ArrayOutput<>(StringCodec.UTF8)).whenComplete((v, e) -> {
                Integer prio = null;
                if (e == null && v != null && v.size() == 2 && v.get(1) instanceof String s) {
                    try {
                        prio = Integer.parseInt(s.trim());
                    } catch (NumberFormatException ignored) {
                        prio = null;
                    }
                }
                deliver(prio != null ? new Inbound.ReplicaPriorityReply(g.id(), prio)
                        : new Inbound.CommandFailed(g.id(), e == null ? "malformed reply" : String.valueOf(e.getMessage())));
            });
        } else {
            // ScriptKill, FailoverTo, FailoverAbort, ClientPause, ClientUnpause, ConfigRewrite and
            // anything newer: send the argv; the last reply is CommandOk, or CommandFailed with the
            // error (or the timeout / link failure).
            List<List<String>> cmds = o.argv();
            CompletionStage<?> last = null;
            for (List<String> argv : cmds) {
                last = dispatch(l, c, argv, new StatusOutput<>(StringCodec.UTF8));
            }
            if (last != null && o.id() != 0) {
                last.whenComplete((v, e) -> deliver(e == null ? new Inbound.CommandOk(o.id())
                        : new Inbound.CommandFailed(o.id(), String.valueOf(e.getMessage()))));
            }
        }
    }

    /**
     * Drops and reopens a link on the runtime's initiative (credentials changed): the brain is told
     * the link went down, and up again once reconnected.
     */
    void relink(Address a) {
        InstanceLink l = links.get(a);
        if (l == null) {
            return;
        }
        markDown(l);
        closeAll(l);
        l.credentials = credentials.apply(a, l.pubsubWanted);
        connectMissing(l, true);
    }

    /** Reconnects links that lost a connection, at most once per reconnect period. */
    void maintain() {
        for (InstanceLink l : new ArrayList<>(links.values())) {
            connectMissing(l, false);
        }
    }

    private void connectMissing(InstanceLink l, boolean now) {
        try {
            connectMissingUnchecked(l, now);
        } catch (RuntimeException e) {
            // A connect that cannot even start (bad address): try again at the next period.
            l.cmdConnecting = false;
            l.pubsubConnecting = false;
        }
    }

    private void connectMissingUnchecked(InstanceLink l, boolean now) {
        if (l.closed || l.complete() || l.cmdConnecting || l.pubsubConnecting) {
            return;
        }
        long t = clock.getAsLong();
        if (!now && t - l.lastAttemptMillis < reconnectPeriodMillis) {
            return;
        }
        l.lastAttemptMillis = t;
        RedisURI uri = RedisURI.builder().withHost(l.address.ip()).withPort(l.address.port())
                .withTimeout(Duration.ofSeconds(60)).build();
        uri.setLibraryName("");
        uri.setLibraryVersion("");
        int gen = l.generation;
        if (l.cmd == null || !l.cmd.isOpen()) {
            l.cmdConnecting = true;
            client.connectAsync(StringCodec.UTF8, uri).whenComplete((conn, err) -> loop.execute(() -> {
                l.cmdConnecting = false;
                if (err != null) {
                    return;
                }
                if (l.closed || gen != l.generation || links.get(l.address) != l) {
                    conn.closeAsync();
                    return;
                }
                l.cmd = conn;
                owners.put(conn, l);
                List<String> auth = l.credentials.authArgv();
                if (auth != null) {
                    dispatch(l, conn, auth, new StatusOutput<>(StringCodec.UTF8));
                }
                dispatch(l, conn, List.of("CLIENT", "SETNAME", namePrefix + "-cmd"), new StatusOutput<>(StringCodec.UTF8));
                if (l.localIp == null) {
                    l.localIp = localIpFor(l.address);
                }
                checkUp(l);
            }));
        }
        if (l.pubsubWanted && (l.pubsub == null || !l.pubsub.isOpen())) {
            l.pubsubConnecting = true;
            client.connectPubSubAsync(StringCodec.UTF8, uri).whenComplete((conn, err) -> loop.execute(() -> {
                l.pubsubConnecting = false;
                if (err != null) {
                    return;
                }
                if (l.closed || gen != l.generation || links.get(l.address) != l) {
                    conn.closeAsync();
                    return;
                }
                l.pubsub = conn;
                owners.put(conn, l);
                conn.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        if (HELLO_CHANNEL.equals(channel)) {
                            loop.execute(() -> helloReceived(message));
                        }
                    }
                });
                List<String> auth = l.credentials.authArgv();
                if (auth != null) {
                    dispatch(l, conn, auth, new StatusOutput<>(StringCodec.UTF8));
                }
                dispatch(l, conn, List.of("CLIENT", "SETNAME", namePrefix + "-pubsub"), new StatusOutput<>(StringCodec.UTF8));
                conn.async().subscribe(HELLO_CHANNEL).whenComplete((v, e) -> {
                    if (e != null) {
                        // An error reply to SUBSCRIBE drops the pub/sub connection (spec 6.4).
                        loop.execute(() -> {
                            if (l.pubsub == conn) {
                                dropPubsub(l);
                            }
                        });
                    }
                });
                checkUp(l);
            }));
        }
    }

    void namePrefix(String prefix) {
        namePrefix = prefix;
    }

    private Consumer<String> helloSink = m -> { };
    /** Fills the sentinel address of an outgoing hello (announce-ip/port, else the link's local address). */
    private BiFunction<io.vigil.sentinel.core.HelloMessage, String, io.vigil.sentinel.core.HelloMessage> helloAddress =
            (h, localIp) -> h.withSentinelIp(localIp);

    void helloAddress(BiFunction<io.vigil.sentinel.core.HelloMessage, String, io.vigil.sentinel.core.HelloMessage> f) {
        helloAddress = f;
    }

    void onHello(Consumer<String> helloSink) {
        this.helloSink = helloSink;
    }

    private void helloReceived(String payload) {
        helloSink.accept(payload);
    }

    private void checkUp(InstanceLink l) {
        if (!l.reportedUp && l.complete()) {
            l.reportedUp = true;
            l.reportedPubsubOnlyDown = false;
            sink.accept(new Inbound.LinkUp(l.address));
        }
    }

    private void connectionLost(Object connection) {
        InstanceLink l = owners.remove(connection);
        if (l == null) {
            return;
        }
        if (l.cmd == connection) {
            l.cmd = null;
        } else if (l.pubsub == connection) {
            l.pubsub = null;
        }
        markDown(l);
    }

    private void dropPubsub(InstanceLink l) {
        StatefulRedisPubSubConnection<String, String> p = l.pubsub;
        l.pubsub = null;
        if (p != null) {
            owners.remove(p);
            p.closeAsync();
        }
        markDown(l);
    }

    private void markDown(InstanceLink l) {
        boolean commandsLost = l.cmd == null || !l.cmd.isOpen();
        if (l.reportedUp) {
            l.reportedUp = false;
            l.reportedPubsubOnlyDown = !commandsLost;
            if (!l.closed) {
                sink.accept(new Inbound.LinkDown(l.address, commandsLost));
            }
        } else if (l.reportedPubsubOnlyDown && commandsLost) {
            // The command connection went too while the pub/sub one was being replaced.
            l.reportedPubsubOnlyDown = false;
            if (!l.closed) {
                sink.accept(new Inbound.LinkDown(l.address, true));
            }
        }
    }

    private void closeAll(InstanceLink l) {
        l.generation++;
        if (l.cmd != null) {
            owners.remove(l.cmd);
            l.cmd.closeAsync();
            l.cmd = null;
        }
        if (l.pubsub != null) {
            owners.remove(l.pubsub);
            l.pubsub.closeAsync();
            l.pubsub = null;
        }
        l.cmdConnecting = false;
        l.pubsubConnecting = false;
        l.reportedUp = false;
        l.reportedPubsubOnlyDown = false;
    }

    private <T> CompletionStage<T> dispatch(InstanceLink l, io.lettuce.core.api.StatefulConnection<String, String> c,
                                            List<String> argv, CommandOutput<String, String, T> output) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        for (int i = 1; i < argv.size(); i++) {
            args.add(argv.get(i));
        }
        RawKeyword keyword = new RawKeyword(l.credentials.map(argv.get(0)));
        if (c instanceof StatefulRedisPubSubConnection<String, String> p) {
            return p.async().dispatch(keyword, output, args);
        }
        return ((StatefulRedisConnection<String, String>) c).async().dispatch(keyword, output, args);
    }

    private void fail(long id, String why) {
        if (id != 0) {
            deliver(new Inbound.CommandFailed(id, why));
        }
    }

    /** Hands an observation to the loop, always asynchronously (never inside a Ready batch). */
    private void deliver(Inbound in) {
        loop.execute(() -> sink.accept(in));
    }

    private static String localIpFor(Address a) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(InetAddress.getByName(a.ip()), a.port());
            InetAddress local = s.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                return "127.0.0.1";
            }
            return local.getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }

    @Override
    public void close() {
        for (InstanceLink l : links.values()) {
            l.closed = true;
            closeAll(l);
        }
        links.clear();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
