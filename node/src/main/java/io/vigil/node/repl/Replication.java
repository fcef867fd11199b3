package io.vigil.node.repl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoop;
import io.vigil.node.NodeFeature;
import io.vigil.node.PropagationSink;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.ServerLog;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replication of one node, both roles: the replication ids and offset, the backlog, the replicas
 * attached to it (it is their master) and, when it is itself a replica, the link to its master.
 * The stream is one sequence of bytes: on a master it is what {@link io.vigil.node.Propagation}
 * hands this sink, encoded once; on a replica it is the exact bytes its master sent, so chained
 * replicas share the master's ids and offsets. Event-loop thread only, except {@link FullSync}'s
 * background work.
 */
public final class Replication implements NodeFeature, PropagationSink {
    private static final byte[] PING = StreamCodec.encode("ping");
    private static final byte[] GETACK = StreamCodec.encode("REPLCONF", "GETACK", "*");

    final VigilNode node;
    private final io.vigil.node.command.PersistenceCommands persistence;
    private final ReplicationSettings settings = new ReplicationSettings();
    private RdbSupport rdb;

    // The stream's identity and position.
    String replId = ReplicationIds.random();
    String replId2 = ReplicationIds.NONE;
    long secondReplOffset = -1;
    long masterReplOffset;
    ReplicationBacklog backlog;

    // Master side.
    final List<ReplicaHandle> replicas = new ArrayList<>();
    private FullSync fullSync;
    /**
     * The stream bytes of this event-loop turn, gathered in a plain array and copied into one
     * direct buffer at the flush: a ByteBuf write per propagated command paid Netty's
     * reference-count and bounds checks each time (8% of SET with two replicas attached).
     */
    private byte[] pending = new byte[PENDING_INITIAL_BYTES];
    private int pendingLength;
    private boolean flushScheduled;
    private final Runnable flushTask = this::flushStream;
    /** Where commands are encoded before they are copied to the backlog and the replicas. */
    private byte[] scratch = new byte[1024];
    private static final int PENDING_INITIAL_BYTES = 16 * 1024;
    private static final int PENDING_KEPT_BYTES = 1024 * 1024;
    private long lastPingMillis;
    private long lastSecondMillis;
    private long noReplicasSinceMillis = System.currentTimeMillis();
    private long lastSeenOffset;
    private ClientSession lastWriter;
    private WaitQueue.WriteOffset lastWriterOffset;
    long syncFull;
    long syncPartialOk;
    long syncPartialErr;
    final WaitQueue waits = new WaitQueue(this);
    final Failover failover = new Failover(this);

    // Replica side.
    String masterHost;
    int masterPort;
    MasterLink link;
    /** A previous master's history we may continue with PSYNC (replId + masterReplOffset). */
    boolean cachedMaster;
    /** The db the master client had selected when the link dropped (partial resync resumes there). */
    int cachedMasterDb;
    long linkDownSinceMillis;

    public Replication(VigilNode node) {
        this.node = node;
        node.propagation().addSink(this);
        ReplicationConfig.wire(this, node.config());
        node.replicaRole(this::isReplica);
        node.info().register(new io.vigil.node.InfoSection() {
            @Override
            public String name() {
                return "replication";
            }

            @Override
            public void write(io.vigil.node.InfoWriter out) {
                // Cut at CRLF by hand: String.split with a two-character separator compiles a
                // regex on every call, and replicas are polled with INFO replication.
                String body = infoSection();
                int from = 0;
                for (int end; (end = body.indexOf("\r\n", from)) >= 0; from = end + 2) {
                    if (end > from) {
                        out.line(body.substring(from, end));
                    }
                }
                if (from < body.length()) {
                    out.line(body.substring(from));
                }
            }
        });
        node.info().counter("sync_full", () -> syncFull);
        node.info().counter("sync_partial_ok", () -> syncPartialOk);
        node.info().counter("sync_partial_err", () -> syncPartialErr);
        persistence = node.feature(io.vigil.node.command.PersistenceCommands.class);
        if (persistence != null) {
            persistence.rdb().replicationAux(this::rdbReplicationAux);
            persistence.rdb().masterRole(() -> !isReplica());
        }
        failover.writePause(new Failover.WritePause() {
            @Override
            public void pause() {
                node.pause().pause(io.vigil.node.server.ClientPause.Mode.WRITE, Long.MAX_VALUE);
            }

            @Override
            public void unpause() {
                node.pause().unpause();
            }
        });
    }

    public ReplicationSettings settings() {
        return settings;
    }

    /** Plugs in the persistence layer's snapshot writer and loader. */
    public void rdbSupport(RdbSupport support) {
        this.rdb = support;
    }

    RdbSupport rdb() {
        if (rdb == null) {
            rdb = RdbBridge.forNode(node);
        }
        return rdb;
    }

    EventLoop eventLoop() {
        return node.server().eventLoop();
    }

    public boolean isReplica() {
        return masterHost != null;
    }

    public String replId() {
        return replId;
    }

    public String replId2() {
        return replId2;
    }

    public long masterReplOffset() {
        return masterReplOffset;
    }

    public long secondReplOffset() {
        return secondReplOffset;
    }

    public ReplicationBacklog backlog() {
        return backlog;
    }

    public List<ReplicaHandle> replicas() {
        return replicas;
    }

    public String masterHost() {
        return masterHost;
    }

    public int masterPort() {
        return masterPort;
    }

    public LinkState linkState() {
        return link == null ? (isReplica() ? LinkState.CONNECT : LinkState.NONE) : link.state();
    }

    public long syncFull() {
        return syncFull;
    }

    public long syncPartialOk() {
        return syncPartialOk;
    }

    public long syncPartialErr() {
        return syncPartialErr;
    }

    public String failoverState() {
        return failover.stateName();
    }

    /** INFO replication's body, CRLF-terminated lines in Redis's order. */
    public String infoSection() {
        return ReplicationInfo.body(this, node.server().nowMillis());
    }

    @Override
    public void register(CommandTable table) {
        ReplicationCommands commands = new ReplicationCommands(this);
        commands.register(table);
    }

    // ---------------------------------------------------------------- the stream

    /** A write executed on this node, SELECT included (PropagationSink). */
    @Override
    public void append(byte[][] argv) {
        if (isReplica()) {
            // A replica's stream is its master's bytes, fed by the link; local writes of a
            // writable replica are not propagated, as in Redis.
            return;
        }
        if (backlog == null && replicas.isEmpty()) {
            // Nobody to feed: skip encoding the command (the common standalone case).
            feed(null);
            return;
        }
        // Encoded once into a reused array, then copied to the backlog and the replicas' buffer.
        int length = StreamCodec.encodedLength(argv);
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        StreamCodec.encode(argv, scratch, 0);
        feed(scratch, 0, length);
    }

    /** Appends bytes to the stream: offset, backlog and every attached replica; null when there are none. */
    void feed(byte[] bytes) {
        if (bytes == null) {
            if (backlog == null && replicas.isEmpty() && aofEnabled()) {
                // Redis still moves the offset (by one) for the AOF's sake, and only with the AOF on.
                masterReplOffset += 1;
            }
            return;
        }
        feed(bytes, 0, bytes.length);
    }

    /**
     * Appends {@code length} bytes of {@code bytes} from {@code from} to the stream. The replicas
     * share one direct buffer per event-loop turn: each gets a retained duplicate of it, so the
     * bytes are copied once whatever the number of replicas, and Netty writes them as they are.
     */
    void feed(byte[] bytes, int from, int length) {
        if (backlog == null && replicas.isEmpty()) {
            if (aofEnabled()) {
                masterReplOffset += 1;
            }
            return;
        }
        masterReplOffset += length;
        if (backlog != null) {
            backlog.append(bytes, from, length);
        }
        if (replicas.isEmpty()) {
            return;
        }
        if (pending.length - pendingLength < length) {
            pending = java.util.Arrays.copyOf(pending, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(2L * pending.length, (long) pendingLength + length)));
        }
        System.arraycopy(bytes, from, pending, pendingLength, length);
        pendingLength += length;
        if (!flushScheduled) {
            flushScheduled = true;
            eventLoop().execute(flushTask);
        }
    }

    /**
     * appendonly as last set: kept by {@link ReplicationConfig}'s change listener, because a
     * config lookup takes the config's lock on every write.
     */
    private volatile boolean aofEnabled;

    void aofEnabled(boolean enabled) {
        aofEnabled = enabled;
    }

    private boolean aofEnabled() {
        return aofEnabled;
    }

    /** Hands the bytes appended since the last flush to the replicas: once per event-loop turn. */
    void flushStream() {
        flushScheduled = false;
        int length = pendingLength;
        if (length == 0 || replicas.isEmpty()) {
            pendingLength = 0;
            return;
        }
        pendingLength = 0;
        ByteBuf chunk = replicas.get(0).session.channel().alloc().directBuffer(length, length);
        chunk.writeBytes(pending, 0, length);
        if (pending.length > PENDING_KEPT_BYTES) {
            // a burst (a big MSET, a slow turn) does not keep its array for good
            pending = new byte[PENDING_INITIAL_BYTES];
        }
        try {
            if (!chunk.isReadable()) {
                return;
            }
            for (ReplicaHandle replica : List.copyOf(replicas)) {
                if (replica.session.isClosing()) {
                    continue;
                }
                if (replica.streaming()) {
                    replica.session.channel().writeAndFlush(chunk.retainedDuplicate(),
                            replica.session.channel().voidPromise());
                } else if (replica.holding() && !replica.rdbOnly) {
                    replica.hold(chunk.retainedDuplicate());
                } else {
                    continue;
                }
                checkOutputLimit(replica, node.server().nowMillis());
            }
        } finally {
            chunk.release();
        }
    }

    private void checkOutputLimit(ReplicaHandle replica, long now) {
        long used = replica.outputBytes();
        long hard = settings.replicaHardLimitBytes();
        long soft = settings.replicaSoftLimitBytes();
        boolean over = hard > 0 && used >= hard;
        if (!over && soft > 0 && used >= soft) {
            if (replica.softLimitSinceMillis == 0) {
                replica.softLimitSinceMillis = now;
            } else if (now - replica.softLimitSinceMillis >= settings.replicaSoftLimitSeconds() * 1000L) {
                over = true;
            }
        } else if (!over) {
            replica.softLimitSinceMillis = 0;
        }
        if (over) {
            ServerLog.get().warning("Client " + clientInfo(replica.session)
                    + " scheduled to be closed ASAP for overcoming of output buffer limits.");
            replica.session.close();
        }
    }

    /** Appends raw master-stream bytes on a replica (what was applied, for sub-replicas). */
    void feedFromMaster(byte[] raw, int from, int length) {
        feed(raw, from, length);
    }

    // ---------------------------------------------------------------- master side: sync

    /** SYNC / PSYNC from a replica. */
    void sync(CommandCall call) {
        ClientSession session = call.session();
        if (session.kind() == ClientKind.REPLICA) {
            return;
        }
        boolean psync = call.is(0, "psync");
        if (psync && call.argc() > 3 && call.is(3, "failover")) {
            if (call.text(1).equalsIgnoreCase(replId)) {
                if (isReplica()) {
                    becomeMaster();
                    ServerLog.get().notice("MASTER MODE enabled (failover request from '" + clientInfo(session) + "')");
                }
            } else {
                call.reply().error("ERR PSYNC FAILOVER replid must match my replid.");
                return;
            }
        }
        if (failover.active()) {
            call.reply().error("NOMASTERLINK Can't SYNC while failing over");
            return;
        }
        if (isReplica() && linkState() != LinkState.CONNECTED) {
            call.reply().error("NOMASTERLINK Can't SYNC while not connected with my master");
            return;
        }
        if (session.writer().hasPending()) {
            call.reply().error("ERR SYNC and PSYNC are invalid with pending output");
            return;
        }
        long psyncOffset = 0;
        if (psync) {
            try {
                psyncOffset = Long.parseLong(call.text(2));
            } catch (NumberFormatException e) {
                call.reply().error("ERR value is not an integer or out of range");
                return;
            }
        }
        ReplicaHandle replica = session.attachment(ReplicaHandle.class);
        long now = node.server().nowMillis();
        if (replica == null) {
            replica = new ReplicaHandle(session, now);
            session.attach(ReplicaHandle.class, replica);
        }
        ServerLog.get().notice("Replica " + replica.name() + " asks for synchronization");
        // Anything appended before now must not reach this replica twice.
        flushStream();
        if (psync) {
            if (tryPartial(replica, call.text(1), psyncOffset, now)) {
                syncPartialOk++;
                return;
            }
            if (!call.text(1).equals("?")) {
                syncPartialErr++;
            }
        } else {
            replica.preSync = true;
        }
        syncFull++;
        replica.state = ReplicaState.WAIT_BGSAVE_START;
        replica.waitStartMillis = now;
        session.kind(ClientKind.REPLICA);
        replicas.add(replica);
        if (settings.disableTcpNoDelay()) {
            session.channel().config().setOption(io.netty.channel.ChannelOption.TCP_NODELAY, false);
        }
        if (replicas.size() == 1 && backlog == null) {
            changeReplicationId();
            clearReplicationId2();
            createBacklog();
            ServerLog.get().notice("Replication backlog created, my new replication IDs are '" + replId + "' and '"
                    + replId2 + "'");
        }
        if (fullSync != null) {
            if (!fullSync.diskless) {
                ReplicaHandle peer = null;
                for (ReplicaHandle other : fullSync.targets) {
                    if (other != replica && other.state == ReplicaState.WAIT_BGSAVE_END && !other.session.isClosing()) {
                        peer = other;
                        break;
                    }
                }
                if (peer != null) {
                    replica.copyHeldFrom(peer);
                    setupFullResync(replica, fullSync.offset);
                    fullSync.targets.add(replica);
                    ServerLog.get().notice("Waiting for end of BGSAVE for SYNC");
                } else {
                    ServerLog.get().notice("Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
                }
            } else {
                ServerLog.get().notice("Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC");
            }
            return;
        }
        if (settings.disklessSync() && replica.capaEof && settings.disklessSyncDelaySeconds() > 0) {
            ServerLog.get().notice("Delay next BGSAVE for diskless SYNC");
            return;
        }
        startFullSync(now);
    }

    private boolean tryPartial(ReplicaHandle replica, String requestedId, long offset, long now) {
        boolean idMatches = requestedId.equalsIgnoreCase(replId)
                || (requestedId.equalsIgnoreCase(replId2) && offset <= secondReplOffset);
        if (!idMatches) {
            if (!requestedId.equals("?")) {
                if (!requestedId.equalsIgnoreCase(replId) && !requestedId.equalsIgnoreCase(replId2)) {
                    ServerLog.get().notice("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '"
                            + requestedId + "', my replication IDs are '" + replId + "' and '" + replId2 + "')");
                } else {
                    ServerLog.get().notice("Partial resynchronization not accepted: Requested offset for second ID was "
                            + offset + ", but I can reply up to " + secondReplOffset);
                }
            } else {
                ServerLog.get().notice("Full resync requested by replica " + replica.name());
            }
            return false;
        }
        if (backlog == null || !backlog.covers(offset)) {
            ServerLog.get().notice("Unable to partial resync with replica " + replica.name()
                    + " for lack of backlog (Replica request was: " + offset + ").");
            if (offset > masterReplOffset) {
                ServerLog.get().warning("Warning: replica " + replica.name()
                        + " tried to PSYNC with an offset that is greater than the master replication offset.");
            }
            return false;
        }
        ClientSession session = replica.session;
        session.kind(ClientKind.REPLICA);
        replica.state = ReplicaState.ONLINE;
        replica.ackTimeMillis = now;
        replica.awaitingFirstAck = false;
        replicas.add(replica);
        // +CONTINUE and the missed history leave in one write: the replica wakes once for both.
        byte[] line = (replica.capaPsync2 ? "+CONTINUE " + replId + "\r\n" : "+CONTINUE\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        int historyLength = (int) (backlog.lastOffset() + 1 - offset);
        ByteBuf out = session.channel().alloc().directBuffer(line.length + historyLength);
        out.writeBytes(line);
        backlog.copyTo(offset, out);
        session.channel().writeAndFlush(out, session.channel().voidPromise());
        ServerLog.get().notice("Partial resynchronization request from " + replica.name() + " accepted. Sending "
                + historyLength + " bytes of backlog starting from offset " + offset + ".");
        return true;
    }

    /** Sends +FULLRESYNC and starts holding the stream for the replica from {@code offset}. */
    private void setupFullResync(ReplicaHandle replica, long offset) {
        replica.initialOffset = offset;
        replica.state = ReplicaState.WAIT_BGSAVE_END;
        node.propagation().resetSelectedDb(this);
        if (!replica.preSync) {
            replica.session.writer().raw(("+FULLRESYNC " + replId + " " + offset + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            node.server().flush(replica.session);
        }
    }

    /** Starts a snapshot for every replica waiting for one (Redis's startBgsaveForReplication). */
    private void startFullSync(long now) {
        if (fullSync != null) {
            return;
        }
        List<ReplicaHandle> waiting = new ArrayList<>();
        boolean allEof = true;
        for (ReplicaHandle replica : replicas) {
            if (replica.state == ReplicaState.WAIT_BGSAVE_START && !replica.session.isClosing()) {
                waiting.add(replica);
                allEof &= replica.capaEof;
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        boolean diskless = settings.disklessSync() && allEof;
        ServerLog.get().notice("Starting BGSAVE for SYNC with target: " + (diskless ? "replicas sockets" : "disk"));
        flushStream();
        RdbSupport.Snapshot snapshot;
        try {
            snapshot = rdb().take();
        } catch (RuntimeException e) {
            ServerLog.get().warning("BGSAVE for replication failed: " + e.getMessage());
            for (ReplicaHandle replica : waiting) {
                replica.session.writer().error("ERR BGSAVE failed, replication can't continue");
                replica.session.closeAfterReply();
                node.server().flush(replica.session);
            }
            return;
        }
        long offset = masterReplOffset;
        for (ReplicaHandle replica : waiting) {
            setupFullResync(replica, offset);
        }
        fullSync = new FullSync(this, diskless, new ArrayList<>(waiting), replId, offset, snapshot);
        fullSync.start();
    }

    /** Background diskless transfer finished (event loop). */
    void fullSyncStreamed(FullSync job, boolean success) {
        if (fullSync == job) {
            fullSync = null;
        }
        for (ReplicaHandle replica : job.targets) {
            if (replica.session.isClosing()) {
                continue;
            }
            if (!success) {
                replica.discardHeld();
                replica.session.close();
                continue;
            }
            if (replica.rdbOnly) {
                ServerLog.get().notice("Streamed RDB transfer with replica " + replica.name()
                        + " succeeded (socket). Closing the connection.");
                replica.session.closeAfterReply();
                node.server().flush(replica.session);
                continue;
            }
            replica.state = ReplicaState.ONLINE;
            replica.awaitingFirstAck = true;
            replica.ackTimeMillis = node.server().nowMillis();
            ServerLog.get().notice("Streamed RDB transfer with replica " + replica.name()
                    + " succeeded (socket). Waiting for REPLCONF ACK from replica to enable streaming");
        }
        startFullSync(node.server().nowMillis());
    }

    /** Background disk snapshot finished (event loop): send the file, then the held stream. */
    void fullSyncFileReady(FullSync job, File file) {
        if (fullSync == job) {
            fullSync = null;
        }
        if (file == null) {
            for (ReplicaHandle replica : job.targets) {
                if (!replica.session.isClosing()) {
                    replica.discardHeld();
                    replica.session.writer().error("ERR BGSAVE failed, replication can't continue");
                    replica.session.closeAfterReply();
                    node.server().flush(replica.session);
                }
            }
            startFullSync(node.server().nowMillis());
            return;
        }
        long length = file.length();
        List<ReplicaHandle> live = job.targets.stream().filter(r -> !r.session.isClosing()).toList();
        AtomicInteger remaining = new AtomicInteger(live.size());
        if (live.isEmpty()) {
            file.delete();
        }
        for (ReplicaHandle replica : live) {
            var channel = replica.session.channel();
            replica.state = ReplicaState.SEND_BULK;
            channel.write(Unpooled.wrappedBuffer(("$" + length + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                    channel.voidPromise());
            channel.writeAndFlush(new DefaultFileRegion(file, 0, length)).addListener(f -> {
                if (remaining.decrementAndGet() == 0) {
                    file.delete();
                }
                eventLoop().execute(() -> bulkSent(replica, f.isSuccess()));
            });
        }
        startFullSync(node.server().nowMillis());
    }

    private void bulkSent(ReplicaHandle replica, boolean success) {
        if (replica.session.isClosing() || !success) {
            replica.discardHeld();
            return;
        }
        if (replica.rdbOnly) {
            replica.session.closeAfterReply();
            node.server().flush(replica.session);
            return;
        }
        replica.state = ReplicaState.ONLINE;
        replica.ackTimeMillis = node.server().nowMillis();
        replica.releaseHeld();
        replica.session.channel().flush();
        ServerLog.get().notice("Synchronization with replica " + replica.name() + " succeeded");
    }

    /** REPLCONF ACK from an attached replica. */
    void ack(ReplicaHandle replica, long offset, long now) {
        if (offset > replica.ackOffset) {
            replica.ackOffset = offset;
        }
        replica.ackTimeMillis = now;
        if (replica.awaitingFirstAck && replica.state == ReplicaState.ONLINE) {
            replica.awaitingFirstAck = false;
            replica.releaseHeld();
            replica.session.channel().flush();
            ServerLog.get().notice("Synchronization with replica " + replica.name() + " succeeded");
        }
        waits.check();
        failover.check();
    }

    // ---------------------------------------------------------------- ids

    void changeReplicationId() {
        replId = ReplicationIds.random();
    }

    void clearReplicationId2() {
        replId2 = ReplicationIds.NONE;
        secondReplOffset = -1;
    }

    /** Promotion: the old history stays valid up to here under replid2 (PSYNC2). */
    void shiftReplicationId() {
        replId2 = replId;
        secondReplOffset = masterReplOffset + 1;
        changeReplicationId();
        ServerLog.get().notice("Setting secondary replication ID to " + replId2 + ", valid up to offset: "
                + secondReplOffset + ". New replication ID is " + replId);
    }

    void createBacklog() {
        backlog = new ReplicationBacklog(settings.backlogSize(), masterReplOffset);
    }

    /** CONFIG SET repl-backlog-size. */
    public void resizeBacklog(long size) {
        settings.backlogSize(size);
        if (backlog != null) {
            backlog.resize(settings.backlogSize());
        }
    }

    /** Closes every attached replica (they come back with PSYNC). */
    void disconnectReplicas() {
        for (ReplicaHandle replica : List.copyOf(replicas)) {
            replica.session.close();
        }
    }

    // ---------------------------------------------------------------- roles

    /** REPLICAOF host port. */
    void replicaOf(String host, int port, ClientSession requester) {
        if (!isReplica()) {
            ServerLog.get().notice("Before turning into a replica, using my own master parameters to synthesize a cached "
                    + "master: I may be able to synchronize with the new master with just a partial transfer.");
            cachedMaster = true;
            waits.failAll();
        } else if (link != null) {
            if (link.state() == LinkState.CONNECTED) {
                cachedMaster = true;
            }
            link.cancel();
        }
        link = null;
        masterHost = host;
        masterPort = port;
        linkDownSinceMillis = 0;
        ServerLog.get().role('S');
        if (requester != null) {
            ServerLog.get().notice("REPLICAOF " + host + ":" + port + " enabled (user request from '"
                    + clientInfo(requester) + "')");
        }
        connectToMaster();
    }

    /** REPLICAOF NO ONE. */
    void becomeMaster() {
        if (!isReplica()) {
            return;
        }
        if (link != null) {
            link.cancel();
            link = null;
        }
        masterHost = null;
        masterPort = 0;
        cachedMaster = false;
        shiftReplicationId();
        disconnectReplicas();
        if (backlog == null) {
            createBacklog();
        }
        node.propagation().resetSelectedDb(this);
        noReplicasSinceMillis = node.server().nowMillis();
        linkDownSinceMillis = 0;
        ServerLog.get().role('M');
    }

    void connectToMaster() {
        connectToMaster(true);
    }

    private void connectToMaster(boolean announce) {
        if (masterHost == null) {
            return;
        }
        if (link != null && link.state() != LinkState.CONNECT) {
            return;
        }
        link = new MasterLink(this, masterHost, masterPort);
        link.connect(announce);
    }

    /** The link to the master dropped or failed; called by the link. */
    void linkLost(MasterLink lost, boolean wasConnected) {
        if (link != lost) {
            return;
        }
        if (wasConnected) {
            cachedMaster = true;
            linkDownSinceMillis = node.server().nowMillis();
        }
        link = null;
        if (masterHost != null && wasConnected) {
            ServerLog.get().notice("Reconnecting to MASTER " + masterHost + ":" + masterPort);
            connectToMaster(false);
        }
    }

    /** The link reached the connected state (full or partial sync done). */
    void linkConnected() {
        linkDownSinceMillis = 0;
    }

    /** A full sync from the master was loaded: take over its history (event loop). */
    void fullSyncLoaded(String masterReplId, long offset) {
        replId = masterReplId;
        clearReplicationId2();
        masterReplOffset = offset;
        backlog = null;
        disconnectReplicas();
        createBacklog();
        cachedMaster = false;
    }

    /** +CONTINUE with a new id: the master was promoted; our history continues under the new id. */
    void continueWithNewId(String newId) {
        replId2 = replId;
        secondReplOffset = masterReplOffset + 1;
        replId = newId;
        disconnectReplicas();
    }

    // ---------------------------------------------------------------- node hooks

    @Override
    public boolean deletesExpiredKeys() {
        return !isReplica();
    }

    @Override
    public String refuse(ClientSession session, CommandSpec spec, byte[][] argv) {
        if (session.kind() == ClientKind.MASTER) {
            return null;
        }
        boolean write = spec.isWrite() || (spec.fullName().equals("exec") && queuedWrite(session));
        if (!isReplica() && write && settings.minReplicasToWrite() > 0 && settings.minReplicasMaxLag() > 0
                && goodReplicas(node.server().nowMillis()) < settings.minReplicasToWrite()) {
            return "NOREPLICAS Not enough good replicas to write.";
        }
        if (isReplica() && settings.readOnly() && write) {
            return "READONLY You can't write against a read only replica.";
        }
        if (isReplica() && linkState() != LinkState.CONNECTED && !settings.serveStaleData()
                && !spec.has(CommandFlag.STALE)) {
            return "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
        }
        return failover.refuse(session, spec);
    }

    private static boolean queuedWrite(ClientSession session) {
        var multi = session.attachment(io.vigil.node.server.MultiState.class);
        if (multi == null) {
            return false;
        }
        for (var queued : multi.queued()) {
            if (queued.spec().isWrite()) {
                return true;
            }
        }
        return false;
    }

    /** Online replicas whose last ACK is at most min-replicas-max-lag seconds old. */
    public int goodReplicas(long now) {
        int good = 0;
        for (ReplicaHandle replica : replicas) {
            if (replica.state == ReplicaState.ONLINE
                    && (now - replica.ackTimeMillis) / 1000 <= settings.minReplicasMaxLag()) {
                good++;
            }
        }
        return good;
    }

    @Override
    public void afterCommand(CommandCall call) {
        if (masterReplOffset != lastSeenOffset) {
            lastSeenOffset = masterReplOffset;
            // Pipelined writes come in runs from one client: remember its slot between commands.
            ClientSession session = call.session();
            if (session != lastWriter) {
                lastWriter = session;
                lastWriterOffset = WaitQueue.writeOffset(session);
            }
            lastWriterOffset.offset = masterReplOffset;
        }
    }

    @Override
    public void closed(ClientSession session) {
        if (session == lastWriter) {
            lastWriter = null;
            lastWriterOffset = null;
        }
        ReplicaHandle replica = session.attachment(ReplicaHandle.class);
        if (replica != null) {
            replica.discardHeld();
            if (replicas.remove(replica)) {
                ServerLog.get().warning("Connection with replica " + replica.name() + " lost.");
                if (replicas.isEmpty()) {
                    noReplicasSinceMillis = node.server().nowMillis();
                }
                if (fullSync != null && fullSync.targets.stream().allMatch(r -> r.session.isClosing())) {
                    fullSync.cancelled = true;
                }
            }
        }
        waits.closed(session);
        if (link != null) {
            link.sessionClosed(session);
        }
    }

    @Override
    public void cron(long now) {
        lastSeenOffset = masterReplOffset;
        if (now - lastSecondMillis < 1000) {
            if (fullSync == null && !replicas.isEmpty()) {
                maybeStartDelayedSync(now);
            }
            waits.cron(now);
            failover.cron(now);
            return;
        }
        lastSecondMillis = now;
        if (link != null) {
            link.cron(now);
        } else if (isReplica()) {
            connectToMaster();
        }
        if (!isReplica() && !replicas.isEmpty() && now - lastPingMillis >= settings.pingPeriodSeconds() * 1000L) {
            lastPingMillis = now;
            if (!failover.pausing()) {
                feed(PING);
            }
        }
        for (ReplicaHandle replica : List.copyOf(replicas)) {
            if (replica.session.isClosing()) {
                continue;
            }
            boolean diskWait = replica.state == ReplicaState.WAIT_BGSAVE_START
                    || (replica.state == ReplicaState.WAIT_BGSAVE_END && fullSync != null && !fullSync.diskless);
            if (diskWait) {
                replica.session.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[]{'\n'}),
                        replica.session.channel().voidPromise());
            }
            if (replica.state == ReplicaState.ONLINE && !replica.preSync
                    && now - replica.ackTimeMillis > settings.timeoutSeconds() * 1000L) {
                ServerLog.get().warning("Disconnecting timedout replica (streaming sync): " + replica.name());
                replica.session.close();
                continue;
            }
            checkOutputLimit(replica, now);
        }
        if (!isReplica() && replicas.isEmpty() && backlog != null && settings.backlogTtlSeconds() > 0
                && now - noReplicasSinceMillis > settings.backlogTtlSeconds() * 1000L) {
            changeReplicationId();
            clearReplicationId2();
            backlog = null;
            ServerLog.get().notice("Replication backlog freed after " + settings.backlogTtlSeconds()
                    + " seconds without connected replicas.");
        }
        if (fullSync == null && !replicas.isEmpty()) {
            maybeStartDelayedSync(now);
        }
        waits.cron(now);
        failover.cron(now);
    }

    private void maybeStartDelayedSync(long now) {
        int waiting = 0;
        long oldest = Long.MAX_VALUE;
        for (ReplicaHandle replica : replicas) {
            if (replica.state == ReplicaState.WAIT_BGSAVE_START) {
                waiting++;
                oldest = Math.min(oldest, replica.waitStartMillis);
            }
        }
        if (waiting == 0) {
            return;
        }
        int max = settings.disklessSyncMaxReplicas();
        if (!settings.disklessSync() || now - oldest >= settings.disklessSyncDelaySeconds() * 1000L
                || (max > 0 && waiting >= max)) {
            startFullSync(now);
        }
    }

    /** What this node's own RDB saves record about replication (Redis's rdbPopulateSaveInfo). */
    private io.vigil.node.rdb.RdbWriter.ReplicationAux rdbReplicationAux() {
        if (!isReplica()) {
            return backlog == null ? null : new io.vigil.node.rdb.RdbWriter.ReplicationAux(0, replId, masterReplOffset);
        }
        MasterLink current = link;
        if (current != null && current.masterSession() != null) {
            return new io.vigil.node.rdb.RdbWriter.ReplicationAux(current.masterSession().db(), replId, masterReplOffset);
        }
        return cachedMaster ? new io.vigil.node.rdb.RdbWriter.ReplicationAux(Math.max(0, cachedMasterDb), replId,
                masterReplOffset) : null;
    }

    @Override
    public void start() throws Exception {
        if (persistence != null && masterHost != null) {
            persistence.rdb().whenLoaded(this::resumeFromSavedState);
        } else if (masterHost != null && link == null) {
            connectToMaster();
        }
    }

    /**
     * A replica restarted from its own RDB: the replication id and offset saved in it let it
     * continue with its master partially, as Redis does.
     */
    private void resumeFromSavedState() {
        java.util.Map<String, byte[]> aux = persistence.rdb().lastLoadAux();
        if (aux != null && aux.containsKey("repl-id") && aux.containsKey("repl-offset")) {
            try {
                String id = new String(aux.get("repl-id"), StandardCharsets.US_ASCII);
                long offset = Long.parseLong(new String(aux.get("repl-offset"), StandardCharsets.US_ASCII));
                if (id.length() == 40) {
                    replId = id;
                    masterReplOffset = offset;
                    cachedMaster = true;
                    byte[] db = aux.get("repl-stream-db");
                    cachedMasterDb = db == null ? 0 : Integer.parseInt(new String(db, StandardCharsets.US_ASCII));
                    createBacklog();
                    ServerLog.get().notice("Using the replication id and offset of the loaded RDB (" + replId + ":"
                            + masterReplOffset + ") to try a partial resynchronization with the master");
                }
            } catch (NumberFormatException e) {
                ServerLog.get().warning("Ignoring invalid replication info in the loaded RDB");
            }
        }
        if (masterHost != null && link == null) {
            connectToMaster();
        }
    }

    @Override
    public void stop() {
        if (link != null) {
            link.cancel();
            link = null;
        }
        if (fullSync != null) {
            fullSync.cancelled = true;
        }
    }

    /** Told (host, port) or (null, 0) when REPLICAOF changes the role, so CONFIG REWRITE can persist it. */
    public void onMasterChanged(java.util.function.BiConsumer<String, Integer> listener) {
        masterListener = listener;
    }

    private java.util.function.BiConsumer<String, Integer> masterListener = (host, port) -> {
    };

    void configChanged() {
        masterListener.accept(masterHost, masterPort);
    }

    /** Sets the master before start (the {@code replicaof} directive). */
    public void configureMaster(String host, int port) {
        masterHost = host;
        masterPort = port;
        ServerLog.get().role('S');
    }

    /** GETACK into the stream, so replicas report their offsets (WAIT, FAILOVER). */
    void requestAcks() {
        if (!replicas.isEmpty()) {
            feed(GETACK);
        }
    }

    /** A short form of Redis's client info string for log lines. */
    static String clientInfo(ClientSession session) {
        return "id=" + session.id() + " addr=" + session.addr() + " laddr=" + session.laddr() + " fd=-1 name="
                + session.name() + " flags=" + flag(session) + " db=" + session.db() + " cmd="
                + session.lastCommand() + " user=" + session.user();
    }

    private static String flag(ClientSession session) {
        return switch (session.kind()) {
            case REPLICA -> "S";
            case MASTER -> "M";
            default -> "N";
        };
    }
}
