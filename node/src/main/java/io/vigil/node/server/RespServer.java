package io.vigil.node.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.node.resp.ProtocolError;
import io.vigil.node.resp.Request;
import io.vigil.node.resp.RespDecoder;
import io.vigil.node.resp.RespLimits;
import io.vigil.node.resp.RespWriter;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The server kernel: binds, accepts, decodes, dispatches and replies, all on one event-loop thread
 * so commands run one at a time in arrival order, as in Redis. Replies of one read are flushed
 * together. The dispatch checks follow Redis's processCommand: unknown command, arity, auth, ACL,
 * the owner's refusals, the RESP2 pub/sub context, then MULTI queueing.
 */
public final class RespServer implements AutoCloseable {
    private final CommandTable commands;
    private final ServerHooks hooks;
    private final ServerStats stats = new ServerStats();
    private final Map<Long, ClientSession> clients = new LinkedHashMap<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final EventLoopGroup group;
    /** Listening sockets live on their own thread so CONFIG SET port/bind can rebind from the loop. */
    private EventLoopGroup bossGroup;
    private final IoHandlerFactory ioFactory;
    private final String threadName;
    private ServerSettings boundSettings;
    private final EventLoop loop;
    private final boolean epoll;
    private final PubSub pubSub = new PubSub();
    private final List<ClientSession> flushQueue = new ArrayList<>();
    private LongSupplier maxBulkBytes = () -> 512L * 1024 * 1024;
    private long nextClientId = 1;
    private int maxClients = 10000;
    private long flushTasks;

    /**
     * Loads and initialises the transport classes (Netty's platform probing, the epoll native
     * library) on a background thread, so a process can do it while it reads its configuration.
     * Class initialisation is thread-safe: the server constructor simply finds the work done, or
     * waits for it.
     */
    public static void prewarm() {
        Thread thread = new Thread(() -> {
            try {
                if (!"nio".equals(System.getProperty("vigil.transport")) && Epoll.isAvailable()) {
                    EpollIoHandler.newFactory();
                    Class.forName("io.netty.channel.epoll.EpollServerSocketChannel");
                    Class.forName("io.netty.channel.epoll.EpollSocketChannel");
                } else {
                    NioIoHandler.newFactory();
                }
                io.netty.buffer.ByteBufAllocator.DEFAULT.ioBuffer(64).release();
                Class.forName("io.netty.bootstrap.ServerBootstrap");
            } catch (Throwable ignored) {
                // Only a warm-up: the real start reports any problem.
            }
        }, "vigil-prewarm");
        thread.setDaemon(true);
        thread.start();
    }

    public RespServer(CommandTable commands, ServerHooks hooks, String threadName) {
        this.commands = commands;
        this.hooks = hooks;
        this.epoll = !"nio".equals(System.getProperty("vigil.transport")) && Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.ioFactory = factory;
        this.threadName = threadName;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, false), factory);
        this.loop = group.next();
    }

    public CommandTable commands() {
        return commands;
    }

    public ServerStats stats() {
        return stats;
    }

    public PubSub pubSub() {
        return pubSub;
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public boolean inEventLoop() {
        return loop.inEventLoop();
    }

    /** Wall-clock milliseconds, the clock of key expiry as in Redis. */
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    /**
     * The monotonic start of the next command in the current read batch: the previous command's
     * end, so a pipelined command costs one clock read instead of three (they were 7% of a
     * pipelined GET). Negative when no batch is running; the first command reads the clock.
     */
    private long batchClockNanos = -1;
    /** Wall-clock milliseconds at {@link #wallAnchorNanos}; re-read once a millisecond has passed. */
    private long wallAnchorMillis;
    private long wallAnchorNanos;

    private long commandStartNanos() {
        long nanos = batchClockNanos;
        if (nanos < 0) {
            nanos = System.nanoTime() & Long.MAX_VALUE;
            batchClockNanos = nanos;
        }
        return nanos;
    }

    /** Wall-clock milliseconds at monotonic {@code nanos}, exact to the millisecond. */
    private long wallMillisAt(long nanos) {
        long since = nanos - wallAnchorNanos;
        if (since < 0 || since >= 1_000_000L || wallAnchorMillis == 0) {
            wallAnchorMillis = System.currentTimeMillis();
            wallAnchorNanos = nanos;
        }
        return wallAnchorMillis;
    }

    /** Ends the read batch: the next command reads the clock afresh. */
    private void endBatchClock() {
        batchClockNanos = -1;
    }

    public void maxBulkBytes(LongSupplier supplier) {
        maxBulkBytes = supplier;
    }

    public void maxClients(int value) {
        maxClients = value;
    }

    private boolean latencyTracking = true;

    /** latency-tracking: whether per-command latency histograms are kept (INFO latencystats). */
    public void latencyTracking(boolean enabled) {
        latencyTracking = enabled;
    }

    public int maxClients() {
        return maxClients;
    }

    /** client-query-buffer-limit: a client with more undecoded input than this is closed. */
    private volatile long maxQueryBufferBytes = 1024L * 1024 * 1024;

    public void maxQueryBufferBytes(long value) {
        maxQueryBufferBytes = value;
    }

    public long maxQueryBufferBytes() {
        return maxQueryBufferBytes;
    }

    private final ClientOutputLimits outputLimits = new ClientOutputLimits();
    private final Monitors monitors = new Monitors(this);
    /** True while a client is in MONITOR mode: the one field the command path looks at for it. */
    private boolean monitoring;

    /** The clients in MONITOR mode. */
    public Monitors monitors() {
        return monitors;
    }

    void monitoring(boolean value) {
        monitoring = value;
    }

    /** client-output-buffer-limit for normal and pubsub clients. */
    public ClientOutputLimits outputLimits() {
        return outputLimits;
    }

    /** Redis's catClientInfoString for log lines; the node installs its full CLIENT LIST line. */
    private java.util.function.Function<ClientSession, String> clientInfo = RespServer::shortClientInfo;

    public void clientInfo(java.util.function.Function<ClientSession, String> describer) {
        clientInfo = describer;
    }

    public String clientInfo(ClientSession session) {
        return clientInfo.apply(session);
    }

    private static String shortClientInfo(ClientSession session) {
        return "id=" + session.id() + " addr=" + session.addr() + " laddr=" + session.laddr() + " fd=" + session.fd()
                + " name=" + session.name() + " db=" + session.db() + " cmd=" + session.lastCommand()
                + " user=" + session.user();
    }

    /** The settings of the current listeners (null before the first bind). */
    public ServerSettings boundSettings() {
        return boundSettings;
    }

    /**
     * Replaces the listeners (CONFIG SET port / bind), the way Redis's changeBindAddr does: the old
     * sockets are closed first, and bound again if the new ones fail. Safe to call on the loop.
     */
    public synchronized List<InetSocketAddress> rebind(ServerSettings settings) throws BindFailure {
        ServerSettings previous = boundSettings;
        closeListeners();
        try {
            return bind(settings);
        } catch (BindFailure failure) {
            if (previous != null) {
                try {
                    bind(previous);
                } catch (BindFailure ignored) {
                    ServerLog.get().warning("Failed to restore old listening sockets.");
                }
            }
            throw failure;
        }
    }

    /** Connected clients in connection order (CLIENT LIST). */
    public Collection<ClientSession> clients() {
        return Collections.unmodifiableCollection(clients.values());
    }

    public ClientSession client(long id) {
        return clients.get(id);
    }

    /**
     * Binds every address of {@code settings}. An address marked optional with '-' may fail
     * quietly; any other failure closes what was bound and throws.
     *
     * @return the bound local addresses
     */
    public synchronized List<InetSocketAddress> bind(ServerSettings settings) throws BindFailure {
        List<InetSocketAddress> bound = new ArrayList<>();
        boundSettings = settings;
        if (settings.port() == 0 && settings.bindAddresses().isEmpty()) {
            return bound;
        }
        if (bossGroup == null) {
            bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName + "-accept", true), ioFactory);
        }
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, settings.tcpBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, settings.tcpKeepAliveSeconds() > 0)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel);
                    }
                });
        if (epoll && settings.tcpKeepAliveSeconds() > 0) {
            // Redis's anetKeepAlive: probes after the idle interval, then every third of it, three times.
            int interval = settings.tcpKeepAliveSeconds();
            bootstrap.childOption(io.netty.channel.epoll.EpollChannelOption.TCP_KEEPIDLE, interval)
                    .childOption(io.netty.channel.epoll.EpollChannelOption.TCP_KEEPINTVL, Math.max(1, interval / 3))
                    .childOption(io.netty.channel.epoll.EpollChannelOption.TCP_KEEPCNT, 3);
        }
        for (String spec : settings.bindAddresses()) {
            boolean optional = spec.startsWith("-");
            String host = optional ? spec.substring(1) : spec;
            try {
                InetAddress address = switch (host) {
                    case "*" -> InetAddress.getByName("0.0.0.0");
                    case "::*" -> InetAddress.getByName("::");
                    default -> InetAddress.getByName(host);
                };
                Channel channel = bootstrap.bind(address, settings.port()).sync().channel();
                listeners.add(channel);
                bound.add((InetSocketAddress) channel.localAddress());
            } catch (Exception e) {
                if (optional || (host.equals("::*") && bound.size() > 0)) {
                    continue;
                }
                closeListeners();
                throw new BindFailure(host, settings.port(), strerror(e));
            }
        }
        return bound;
    }

    /** The C library's wording of a bind error (Netty and the JDK add their own prefixes). */
    static String strerror(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("Address already in use")) {
            return "Address already in use";
        }
        if (message.contains("Cannot assign requested address")) {
            return "Cannot assign requested address";
        }
        if (message.contains("Permission denied")) {
            return "Permission denied";
        }
        int colon = message.lastIndexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }

    /** A listening socket could not be created; carries Redis's wording. */
    public static final class BindFailure extends Exception {
        public BindFailure(String host, int port, String reason) {
            super("Could not create server TCP listening socket " + host + ":" + port + ": bind: " + reason);
        }
    }

    private synchronized void closeListeners() {
        for (Channel channel : listeners) {
            channel.close().syncUninterruptibly();
        }
        listeners.clear();
    }

    /** The addresses currently listened on. */
    public synchronized List<InetSocketAddress> listenAddresses() {
        List<InetSocketAddress> result = new ArrayList<>();
        for (Channel channel : listeners) {
            result.add((InetSocketAddress) channel.localAddress());
        }
        return result;
    }

    private void accept(SocketChannel channel) {
        ClientSession session = new ClientSession(nextClientId++, channel, this, nowMillis());
        session.writer().onError(stats::countError);
        channel.pipeline().addLast(new RespDecoder(new RespLimits() {
            @Override
            public long maxBulkBytes() {
                return maxBulkBytes.getAsLong();
            }

            @Override
            public boolean authenticationPending() {
                return !session.authenticated() && hooks.authRequired(session);
            }

            @Override
            public boolean exempt() {
                return session.kind() == ClientKind.MASTER;
            }
        }));
        channel.pipeline().addLast(new ClientHandler(this, session));
    }

    /**
     * A session for a connection this server opened itself (a replica's link to its master). It is
     * listed among the clients; its requests come in through {@link #dispatch}, and its replies
     * stay in its writer for the owner to send or discard.
     */
    public ClientSession openSession(Channel channel, ClientKind kind) {
        ClientSession session = new ClientSession(nextClientId++, channel, this, nowMillis());
        session.writer().onError(stats::countError);
        session.kind(kind);
        clients.put(session.id(), session);
        return session;
    }

    /**
     * Runs a request of a session opened with {@link #openSession} as if it came from its socket.
     * The owner calls {@link #endReadBatch} once the requests of one read are dispatched.
     */
    public void dispatch(ClientSession session, Request request) {
        received(session, request);
    }

    /**
     * Ends a read's batch of dispatched requests: the next command reads the clock afresh instead
     * of starting at the previous command's end (a socket read's batch ends at its flush).
     */
    public void endReadBatch() {
        endBatchClock();
    }

    /** Forgets a session opened with {@link #openSession} (its connection closed). */
    public void closeSession(ClientSession session) {
        closed(session);
    }

    void opened(ClientSession session) {
        String refusal = clients.size() >= maxClients ? "ERR max number of clients reached" : hooks.admit(session);
        if (refusal != null) {
            // Redis writes this straight to the socket: it is not a command reply, so it is not
            // counted in errorstats.
            stats.rejectedConnections++;
            session.writer().onError(null);
            session.writer().error(refusal);
            session.closeAfterReply();
            flush(session);
            return;
        }
        stats.connectionsReceived++;
        clients.put(session.id(), session);
    }

    void closed(ClientSession session) {
        if (monitoring) {
            monitors.remove(session);
        }
        if (clients.remove(session.id()) != null) {
            pubSub.unsubscribeAll(session);
            hooks.closed(session);
        }
        ByteBuf pending = session.writer().drain();
        if (pending != null) {
            pending.release();
        }
    }

    /** One decoded request or protocol error from a client. */
    void received(ClientSession session, Object message) {
        if (message instanceof ProtocolError error) {
            session.writer().error("ERR Protocol error: " + error.reason());
            session.closeAfterReply();
            return;
        }
        Request request = (Request) message;
        session.countRead(request.wireBytes());
        stats.netInputBytes += request.wireBytes();
        if (session.isBlocked() || !session.pending().isEmpty()) {
            session.pending().addLast(request);
            session.queuedRequestBytes += request.wireBytes();
            return;
        }
        execute(session, request);
    }

    /** Runs queued requests of a client that was just unblocked, then flushes its replies. */
    void resume(ClientSession session) {
        endBatchClock();
        while (!session.isBlocked() && !session.pending().isEmpty() && !session.isClosing()) {
            Request next = session.pending().pollFirst();
            // A postponed request goes back without being counted again: never below zero, and
            // exact again whenever the queue empties.
            session.queuedRequestBytes = Math.max(0, session.queuedRequestBytes - next.wireBytes());
            execute(session, next);
        }
        if (session.pending().isEmpty()) {
            session.queuedRequestBytes = 0;
        }
        endBatchClock();
        session.flushSoon();
    }

    private void execute(ClientSession session, Request request) {
        byte[][] argv = request.argv();
        RespWriter reply = session.writer();
        long now = wallMillisAt(commandStartNanos());
        session.touch(now);
        CommandSpec spec = commands.lookup(argv[0]);
        MultiState multi = session.attachment(MultiState.class);
        if (spec == null) {
            reject(session, multi, null, unknownCommand(argv));
            return;
        }
        // As Redis's lookupCommand: a container called alone is the container itself (COMMAND runs,
        // CONFIG fails its arity check).
        if (spec.hasSubcommands() && argv.length > 1) {
            CommandSpec sub = spec.subcommands().get(CommandTable.lowerAscii(argv[1]));
            if (sub == null) {
                reject(session, multi, spec, "ERR unknown subcommand '" + ellipsize(CommandTable.text(argv[1]))
                        + "'. Try " + spec.name().toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return;
            }
            spec = sub;
        }
        if (!spec.arityAccepts(argv.length)) {
            reject(session, multi, spec, arityError(spec));
            return;
        }
        if (!spec.has(CommandFlag.NO_AUTH) && !session.authenticated() && hooks.authRequired(session)) {
            reject(session, multi, spec, "NOAUTH Authentication required.");
            return;
        }
        String refusal = hooks.authorize(session, spec, argv);
        if (refusal == null) {
            refusal = hooks.refuse(session, spec, argv);
        }
        if (refusal == null && !reply.resp3() && pubSub.subscriptions(session) > 0 && !allowedInSubscribedContext(spec)) {
            refusal = "ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
        }
        if (refusal != null) {
            reject(session, multi, spec, refusal);
            return;
        }
        if (multi != null && spec.has(CommandFlag.NO_MULTI)) {
            reject(session, multi, spec, "ERR Command not allowed inside a transaction");
            return;
        }
        if (hooks.postpone(session, spec, argv)) {
            session.pending().addFirst(request);
            session.block(POSTPONED);
            return;
        }
        if (multi != null && !isTransactionControl(spec)) {
            multi.add(spec, argv);
            reply.simple("QUEUED");
            return;
        }
        call(session, spec, argv, now, request);
    }

    private void call(ClientSession session, CommandSpec spec, byte[][] argv, long now, Request request) {
        if (monitoring && monitors.refuses(session, spec)) {
            reject(session, session.attachment(MultiState.class), spec, Monitors.REPLICA_REFUSAL);
            return;
        }
        CommandCall call = new CommandCall(session, spec, argv, now, session.writer());
        boolean skipped = session.startCommandReply();
        long mark = session.writer().mark();
        session.currentArgv(argv);
        invoke(call);
        if (monitoring && !call.deferred()) {
            monitors.feed(session, spec, argv);
        }
        session.currentArgv(call.deferred() || session.isBlocked() ? argv : null);
        if (skipped || session.replyMode() == ClientSession.ReplyMode.OFF) {
            session.writer().rewind(mark);
        }
        if (call.deferred()) {
            session.pending().addFirst(request);
            return;
        }
        hooks.afterCommand(call);
    }

    /** The reason a postponed client is blocked with (see {@link ServerHooks#postpone}). */
    public static final Object POSTPONED = new Object() {
        @Override
        public String toString() {
            return "postponed";
        }
    };

    /**
     * Runs a command that already passed the checks (EXEC's queued commands), writing into the
     * caller's reply. Propagation and wake-ups are the caller's concern via {@link ServerHooks}.
     */
    public CommandCall invokeQueued(ClientSession session, CommandSpec spec, byte[][] argv, long now) {
        String refusal = hooks.refuse(session, spec, argv);
        CommandCall call = new CommandCall(session, spec, argv, now, session.writer());
        call.markInTransaction();
        if (refusal != null) {
            session.writer().error(refusal);
            return call;
        }
        invoke(call);
        if (monitoring) {
            monitors.feed(session, spec, argv);
        }
        return call;
    }

    private void invoke(CommandCall call) {
        CommandSpec spec = call.spec();
        ClientSession session = call.session();
        CommandStats commandStats = stats.command(spec.fullName());
        long errorsBefore = stats.errorReplies;
        session.lastCommand(spec.fullName());
        long started = batchClockNanos >= 0 ? batchClockNanos : System.nanoTime() & Long.MAX_VALUE;
        try {
            spec.handler().execute(call);
        } catch (CommandError error) {
            call.reply().error(error.getMessage());
        } catch (RuntimeException bug) {
            ServerLog.get().warning("Command '" + spec.fullName() + "' failed: " + bug);
            call.reply().error("ERR " + bug.getClass().getSimpleName() + ": " + bug.getMessage());
        }
        long ended = System.nanoTime() & Long.MAX_VALUE;
        if (batchClockNanos >= 0) {
            batchClockNanos = ended;
        }
        if (call.deferred()) {
            return;
        }
        commandStats.calls++;
        long micros = (ended - started) / 1000;
        commandStats.micros += micros;
        if (latencyTracking) {
            // Redis measures in microseconds and records nanoseconds into its histogram.
            commandStats.recordLatency(micros * 1000);
        }
        if (stats.errorReplies > errorsBefore) {
            commandStats.failedCalls++;
        }
        stats.commandsProcessed++;
        session.countCommand();
    }

    private void reject(ClientSession session, MultiState multi, CommandSpec spec, String error) {
        if (multi != null) {
            multi.abort();
        }
        if (spec != null) {
            stats.command(spec.fullName()).rejectedCalls++;
        }
        session.writer().error(error);
    }

    /** Enters MULTI for the session (the MULTI command). */
    public void beginMulti(ClientSession session) {
        session.attach(MultiState.class, new MultiState());
    }

    /** Leaves MULTI, returning what was queued (EXEC, DISCARD, RESET). */
    public MultiState endMulti(ClientSession session) {
        MultiState state = session.attachment(MultiState.class);
        session.attach(MultiState.class, null);
        return state;
    }

    private static boolean isTransactionControl(CommandSpec spec) {
        return switch (spec.fullName()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    private static boolean allowedInSubscribedContext(CommandSpec spec) {
        return switch (spec.fullName()) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                    "quit", "reset" -> true;
            default -> false;
        };
    }

    static String arityError(CommandSpec spec) {
        return "ERR wrong number of arguments for '" + spec.fullName() + "' command";
    }

    private static String unknownCommand(byte[][] argv) {
        StringBuilder text = new StringBuilder("ERR unknown command '")
                .append(ellipsize(CommandTable.text(argv[0]))).append("', with args beginning with: ");
        for (int i = 1; i < argv.length && text.length() < 128 + 60; i++) {
            text.append('\'').append(ellipsize(CommandTable.text(argv[i]))).append("' ");
        }
        return text.toString();
    }

    /** Redis cuts long names in errors to 128 characters. */
    private static String ellipsize(String text) {
        return text.length() > 128 ? text.substring(0, 128) : text;
    }

    /** Writes out a client's pending replies now (end of a read, or an asynchronous reply). */
    public void flush(ClientSession session) {
        endBatchClock();
        ByteBuf pending = session.writer().drain();
        Channel channel = session.channel();
        if (pending != null) {
            stats.writesProcessed++;
            stats.netOutputBytes += pending.readableBytes();
            if (session.closingAfterReply()) {
                channel.writeAndFlush(pending).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            channel.writeAndFlush(pending, channel.voidPromise());
        } else if (session.closingAfterReply()) {
            channel.close();
        }
    }

    void scheduleFlush(ClientSession session) {
        flushQueue.add(session);
        if (flushQueue.size() == 1) {
            flushTasks++;
            loop.execute(this::flushQueued);
        }
    }

    private void flushQueued() {
        List<ClientSession> batch = new ArrayList<>(flushQueue);
        flushQueue.clear();
        // Replies written outside a client's own read (unblocked commands, MONITOR lines) count
        // towards the normal output-buffer limit too.
        boolean limited = outputLimits.normalEnabled();
        for (ClientSession session : batch) {
            session.flushDone();
            if (!session.isClosing()) {
                flush(session);
                if (limited && session.kind() == ClientKind.NORMAL) {
                    outputLimits.enforce(session, nowMillis());
                }
            }
        }
    }

    /** Runs {@code task} on the event-loop thread after {@code delayMillis}. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long periodMillis) {
        return loop.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the event-loop thread and waits for it (tests, shutdown). */
    public <T> T call(java.util.concurrent.Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return submit(loop, task).join();
    }

    /** Runs {@code task} on {@code loop} later; its result or failure completes the future. */
    public static <T> CompletableFuture<T> submit(EventLoop loop, java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Stops accepting, closes every client, and stops the event loop. */
    @Override
    public void close() {
        closeListeners();
        if (!loop.inEventLoop()) {
            try {
                call(() -> {
                    new ArrayList<>(clients.values()).forEach(s -> s.channel().close());
                    return null;
                });
            } catch (RuntimeException ignored) {
                // the loop may already be shutting down
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Releases the port and stops the loop without waiting (SHUTDOWN from inside a command). */
    public void closeAsync() {
        for (Channel channel : listeners) {
            channel.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    public boolean usesEpoll() {
        return epoll;
    }

    static String hostPort(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        return host + ":" + address.getPort();
    }
}
