package io.vigil.node.repl;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vigil.node.resp.Request;
import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.MultiState;
import io.vigil.node.server.ServerLog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The replica's connection to its master (Redis's syncWithMaster and readSyncBulkPayload): a Netty
 * client on the node's own event loop that performs the handshake, receives the snapshot
 * (length-prefixed or EOF-marked), has it loaded off the loop, then applies the command stream
 * through the command table as the master client, advancing the offset by each command's exact
 * wire bytes and passing those bytes on unchanged to sub-replicas.
 */
final class MasterLink {
    private enum Step { PONG, REPLY, PSYNC, BULK_HEADER, PAYLOAD, LOADING, STREAM, DEAD }

    private final Replication repl;
    private final String host;
    private final int port;
    private Channel channel;
    private LinkState state = LinkState.CONNECT;
    private Step step;
    private final ArrayDeque<String> expectedReplies = new ArrayDeque<>();
    private ByteBuf in = Unpooled.buffer(1024);
    private long lastIoMillis;
    private long stateSinceMillis;
    private boolean cancelled;
    private boolean psyncFailover;

    // Transfer.
    private boolean eofMode;
    private byte[] mark;
    private long transferSize = -1;
    private long transferRead;
    private RdbReceiver receiver;
    private String fullSyncId;
    private long fullSyncOffset;

    // Stream.
    private ClientSession master;
    private long readOffset;
    private final ByteArrayOutputStream multiRaw = new ByteArrayOutputStream();

    MasterLink(Replication repl, String host, int port) {
        this.repl = repl;
        this.host = host;
        this.port = port;
    }

    LinkState state() {
        return state;
    }

    boolean inHandshake() {
        return state == LinkState.HANDSHAKE;
    }

    long lastIoMillis() {
        return lastIoMillis;
    }

    long transferSize() {
        return transferSize;
    }

    long transferRead() {
        return transferRead;
    }

    long readOffset() {
        return state == LinkState.CONNECTED ? readOffset : repl.masterReplOffset;
    }

    ClientSession masterSession() {
        return master;
    }

    /** The next PSYNC carries FAILOVER: we are the old master handing over (FAILOVER command). */
    void psyncFailover(boolean value) {
        psyncFailover = value;
    }

    private long now() {
        return repl.node.server().nowMillis();
    }

    private void state(LinkState next) {
        state = next;
        stateSinceMillis = now();
    }

    /** Starts the connection; {@code announce} is false after a lost link, which Redis logs as "Reconnecting". */
    void connect(boolean announce) {
        state(LinkState.CONNECTING);
        lastIoMillis = now();
        if (announce) {
            ServerLog.get().notice("Connecting to MASTER " + host + ":" + port);
        }
        ServerLog.get().notice("MASTER <-> REPLICA sync started");
        boolean epoll = repl.node.server().usesEpoll();
        Bootstrap bootstrap = new Bootstrap()
                .group(repl.eventLoop())
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, repl.settings().timeoutSeconds() * 1000)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new Handler());
        try {
            bootstrap.connect(host, port).addListener(f -> {
                if (!f.isSuccess() && !cancelled) {
                    Throwable cause = f.cause();
                    ServerLog.get().warning("Error condition on socket for SYNC: "
                            + (cause == null ? "unknown" : rootMessage(cause)));
                    fail(false);
                }
            });
        } catch (RuntimeException e) {
            ServerLog.get().warning("Unable to connect to MASTER: " + e.getMessage());
            fail(false);
        }
    }

    private static String rootMessage(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message != null && message.contains("Connection refused")) {
            return "Connection refused";
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }

    /** Drops the link for good (REPLICAOF elsewhere, NO ONE, shutdown). */
    void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        saveMasterDb();
        teardown();
    }

    private void saveMasterDb() {
        if (master != null) {
            repl.cachedMasterDb = master.db();
        }
    }

    private void teardown() {
        step = Step.DEAD;
        if (receiver != null) {
            receiver.abort();
            receiver = null;
        }
        if (master != null) {
            ClientSession session = master;
            master = null;
            repl.node.server().closeSession(session);
        }
        if (channel != null) {
            channel.close();
        }
        if (in != null) {
            in.release();
            in = null;
        }
    }

    /** The link failed; the replication layer decides about reconnecting. */
    private void fail(boolean wasConnected) {
        if (cancelled) {
            return;
        }
        cancelled = true;
        saveMasterDb();
        teardown();
        LinkState previous = state;
        state(LinkState.CONNECT);
        repl.linkLost(this, wasConnected || previous == LinkState.CONNECTED);
    }

    void sessionClosed(ClientSession session) {
        if (session == master && !cancelled) {
            // CLIENT KILL TYPE master.
            channel.close();
        }
    }

    /** Once a second (replication cron). */
    void cron(long now) {
        int timeoutMillis = repl.settings().timeoutSeconds() * 1000;
        switch (state) {
            case CONNECTING, HANDSHAKE -> {
                if (now - stateSinceMillis > timeoutMillis) {
                    ServerLog.get().warning("Timeout connecting to the MASTER...");
                    fail(false);
                }
            }
            case TRANSFER -> {
                if (step == Step.LOADING) {
                    // Keep the master from timing us out while the snapshot loads.
                    write(new byte[]{'\n'});
                } else if (now - lastIoMillis > timeoutMillis) {
                    ServerLog.get().warning("Timeout receiving bulk data from MASTER... If the problem persists try to "
                            + "set the 'repl-timeout' parameter in redis.conf to a larger value.");
                    fail(false);
                }
            }
            case CONNECTED -> {
                if (now - lastIoMillis > timeoutMillis) {
                    ServerLog.get().warning("MASTER timeout: no data nor PING received...");
                    fail(true);
                } else {
                    sendAck();
                }
            }
            default -> {
            }
        }
    }

    /** REPLCONF ACK with the processed offset (every second, and for GETACK). */
    void sendAck() {
        if (state == LinkState.CONNECTED && channel != null) {
            write(StreamCodec.encode("REPLCONF", "ACK", Long.toString(repl.masterReplOffset)));
        }
    }

    private void write(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes), channel.voidPromise());
    }

    private void send(String... argv) {
        channel.write(Unpooled.wrappedBuffer(StreamCodec.encode(argv)), channel.voidPromise());
    }

    // ---------------------------------------------------------------- socket events

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (cancelled) {
                ctx.close();
                return;
            }
            channel = ctx.channel();
            ServerLog.get().notice("Non blocking connect for SYNC fired the event.");
            state(LinkState.HANDSHAKE);
            step = Step.PONG;
            lastIoMillis = now();
            // PING, AUTH and the REPLCONFs leave in one write: the master answers them in order,
            // so the handshake costs two round trips instead of Redis's three (PSYNC cannot join
            // them: a master refuses it while replies are pending, as Redis does).
            send("PING");
            sendHandshake();
            channel.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (cancelled || in == null) {
                    return;
                }
                lastIoMillis = now();
                if (step == Step.STREAM) {
                    readOffset += buf.readableBytes();
                }
                in.writeBytes(buf);
            } finally {
                buf.release();
            }
            process();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (cancelled) {
                return;
            }
            if (state == LinkState.CONNECTED) {
                ServerLog.get().warning("Connection with master lost.");
                ServerLog.get().notice("Caching the disconnected master state.");
                fail(true);
            } else if (state == LinkState.TRANSFER) {
                ServerLog.get().warning("I/O error trying to sync with MASTER: connection lost");
                fail(false);
            } else {
                ServerLog.get().warning("Master closed the connection during the replication handshake");
                fail(false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof java.io.IOException)) {
                ServerLog.get().warning("Error on the link with MASTER: " + cause);
            }
            ctx.close();
        }
    }

    private void process() {
        try {
            while (!cancelled && in != null) {
                boolean progressed = switch (step) {
                    case PONG, REPLY, PSYNC -> handshakeReply();
                    case BULK_HEADER -> bulkHeader();
                    case PAYLOAD -> payload();
                    case STREAM -> stream();
                    case LOADING, DEAD -> false;
                };
                if (!progressed) {
                    break;
                }
            }
            if (in != null && in.readerIndex() > 64 * 1024) {
                in.discardReadBytes();
            }
        } catch (StreamCodec.StreamError e) {
            ServerLog.get().warning("Protocol error from MASTER: " + e.getMessage() + ". Closing the link.");
            fail(state == LinkState.CONNECTED);
        } finally {
            // The commands applied from this read shared clock readings; the next read starts afresh.
            repl.node.server().endReadBatch();
        }
    }

    /** A {@code \r\n}-terminated line, without it; null when incomplete. */
    private String readLine() {
        int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            return null;
        }
        int end = newline;
        if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
            end--;
        }
        String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(newline + 1);
        return line;
    }

    // ---------------------------------------------------------------- handshake

    private boolean handshakeReply() {
        String line = readLine();
        if (line == null) {
            return false;
        }
        if (line.isEmpty() && step != Step.PONG && step != Step.REPLY) {
            return true; // keep-alive while the master prepares the snapshot
        }
        switch (step) {
            case PONG -> {
                if (!line.startsWith("+") && !line.startsWith("-NOAUTH") && !line.startsWith("-NOPERM")
                        && !line.startsWith("-ERR operation not permitted")) {
                    ServerLog.get().warning("Error reply to PING from master: '" + line + "'");
                    fail(false);
                    return false;
                }
                ServerLog.get().notice("Master replied to PING, replication can continue...");
                step = Step.REPLY;
            }
            case REPLY -> {
                String what = expectedReplies.pollFirst();
                if (line.startsWith("-")) {
                    if ("auth".equals(what)) {
                        ServerLog.get().warning("Unable to AUTH to MASTER: " + line);
                        fail(false);
                        return false;
                    }
                    ServerLog.get().notice("(Non critical) Master does not understand REPLCONF " + what + ": " + line);
                }
                if (expectedReplies.isEmpty()) {
                    sendPsync();
                }
            }
            case PSYNC -> psyncReply(line);
            default -> {
            }
        }
        return true;
    }

    /** Queues AUTH and the REPLCONFs behind the PING; their replies are checked after the PONG. */
    private void sendHandshake() {
        ReplicationSettings settings = repl.settings();
        expectedReplies.clear();
        if (settings.masterAuth() != null) {
            if (settings.masterUser() != null) {
                send("AUTH", settings.masterUser(), settings.masterAuth());
            } else {
                send("AUTH", settings.masterAuth());
            }
            expectedReplies.add("auth");
        }
        int listeningPort = settings.announcePort() != 0 ? settings.announcePort() : repl.node.port();
        send("REPLCONF", "listening-port", Integer.toString(listeningPort));
        expectedReplies.add("listening-port");
        if (settings.announceIp() != null) {
            send("REPLCONF", "ip-address", settings.announceIp());
            expectedReplies.add("ip-address");
        }
        send("REPLCONF", "capa", "eof", "capa", "psync2");
        expectedReplies.add("capa");
    }

    private void sendPsync() {
        step = Step.PSYNC;
        String id;
        String offset;
        if (repl.cachedMaster) {
            id = repl.replId;
            offset = Long.toString(repl.masterReplOffset + 1);
            ServerLog.get().notice("Trying a partial resynchronization (request " + id + ":" + offset + ").");
        } else {
            id = "?";
            offset = "-1";
            ServerLog.get().notice("Partial resynchronization not possible (no cached master)");
        }
        if (psyncFailover) {
            send("PSYNC", id, offset, "FAILOVER");
        } else {
            send("PSYNC", id, offset);
        }
        channel.flush();
    }

    private void psyncReply(String line) {
        if (line.startsWith("+FULLRESYNC")) {
            String[] parts = line.split(" ");
            if (parts.length < 3 || parts[1].length() != 40) {
                ServerLog.get().warning("Master replied with wrong +FULLRESYNC syntax.");
                fullSyncId = ReplicationIds.random();
                fullSyncOffset = 0;
            } else {
                fullSyncId = parts[1];
                fullSyncOffset = Long.parseLong(parts[2]);
                ServerLog.get().notice("Full resync from master: " + fullSyncId + ":" + fullSyncOffset);
            }
            if (repl.cachedMaster) {
                ServerLog.get().notice("Discarding previously cached master state.");
                repl.cachedMaster = false;
            }
            startTransfer();
            repl.failover.psyncAnswered(true);
        } else if (line.startsWith("+CONTINUE")) {
            String newId = line.length() > "+CONTINUE ".length() ? line.substring("+CONTINUE ".length()).trim() : "";
            ServerLog.get().notice("Successful partial resynchronization with master.");
            if (newId.length() == 40 && !newId.equals(repl.replId)) {
                ServerLog.get().notice("Master replication ID changed to " + newId);
                repl.continueWithNewId(newId);
            }
            if (repl.backlog == null) {
                repl.createBacklog();
            }
            ServerLog.get().notice("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
            startStream(Math.max(0, repl.cachedMasterDb));
            repl.failover.psyncAnswered(true);
        } else if (line.startsWith("-NOMASTERLINK") || line.startsWith("-LOADING")) {
            ServerLog.get().notice("Master is currently unable to PSYNC but should be in the future: " + line);
            repl.failover.psyncAnswered(false);
            fail(false);
        } else if (line.startsWith("-ERR")) {
            ServerLog.get().warning("Unexpected reply to PSYNC from master: " + line);
            if (repl.failover.inProgress()) {
                repl.failover.psyncAnswered(false);
                return;
            }
            ServerLog.get().notice("Retrying with SYNC...");
            write("SYNC\r\n".getBytes(StandardCharsets.US_ASCII));
            fullSyncId = ReplicationIds.random();
            fullSyncOffset = 0;
            repl.cachedMaster = false;
            startTransfer();
        } else {
            ServerLog.get().warning("Unexpected reply to PSYNC from master: " + line);
            fail(false);
        }
    }

    // ---------------------------------------------------------------- transfer

    private void startTransfer() {
        state(LinkState.TRANSFER);
        step = Step.BULK_HEADER;
        transferSize = -1;
        transferRead = 0;
    }

    private boolean bulkHeader() {
        String line = readLine();
        if (line == null) {
            return false;
        }
        if (line.isEmpty()) {
            return true;
        }
        if (line.startsWith("-")) {
            ServerLog.get().warning("MASTER aborted replication with an error: " + line.substring(1));
            fail(false);
            return false;
        }
        if (!line.startsWith("$")) {
            ServerLog.get().warning("Bad protocol from MASTER, the first byte is not '$' (we received '" + line
                    + "'), are you sure the host and port are right?");
            fail(false);
            return false;
        }
        boolean toDisk = repl.settings().disklessLoad().equals("disabled")
                || (repl.settings().disklessLoad().equals("on-empty-db") && repl.node.keyspace().size() > 0);
        String target = toDisk ? "disk" : "parser";
        if (line.startsWith("$EOF:") && line.length() >= 5 + 40) {
            eofMode = true;
            mark = line.substring(5, 45).getBytes(StandardCharsets.ISO_8859_1);
            transferSize = 0;
            ServerLog.get().notice("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to " + target);
        } else {
            eofMode = false;
            try {
                transferSize = Long.parseLong(line.substring(1));
            } catch (NumberFormatException e) {
                transferSize = -1;
            }
            if (transferSize < 0) {
                ServerLog.get().warning("Bad protocol from MASTER, invalid bulk length '" + line + "'");
                fail(false);
                return false;
            }
            ServerLog.get().notice("MASTER <-> REPLICA sync: receiving " + transferSize + " bytes from master to "
                    + target);
        }
        receiver = new RdbReceiver(repl, this, toDisk);
        step = Step.PAYLOAD;
        return true;
    }

    private boolean payload() {
        int readable = in.readableBytes();
        if (readable == 0) {
            return false;
        }
        if (!eofMode) {
            int n = (int) Math.min(readable, transferSize - transferRead);
            byte[] chunk = new byte[n];
            in.readBytes(chunk);
            transferRead += n;
            receiver.accept(chunk);
            if (transferRead == transferSize) {
                finishTransfer();
            }
            return true;
        }
        // EOF framing: the last 40 bytes received may be the end mark, so they stay in the input
        // buffer until more data shows they are not (Redis keeps them aside the same way). One
        // copy per read, into the chunk the loader takes.
        int markLength = mark.length;
        if (readable >= markLength && endsWithMark()) {
            if (readable > markLength) {
                byte[] chunk = new byte[readable - markLength];
                in.readBytes(chunk);
                receiver.accept(chunk);
            }
            in.skipBytes(markLength);
            transferRead += readable;
            finishTransfer();
            return true;
        }
        if (readable <= markLength) {
            return false;
        }
        byte[] chunk = new byte[readable - markLength];
        in.readBytes(chunk);
        transferRead += chunk.length;
        receiver.accept(chunk);
        return true;
    }

    private boolean endsWithMark() {
        int from = in.writerIndex() - mark.length;
        for (int i = 0; i < mark.length; i++) {
            if (in.getByte(from + i) != mark[i]) {
                return false;
            }
        }
        return true;
    }

    private void finishTransfer() {
        step = Step.LOADING;
        channel.config().setAutoRead(false);
        receiver.finish();
    }

    /** Back-pressure from the loader thread. */
    void pauseReading(boolean pause) {
        if (channel != null && !cancelled && step == Step.PAYLOAD) {
            channel.config().setAutoRead(!pause);
        }
    }

    /** The snapshot was loaded off the loop (event loop). */
    void loaded(RdbSupport.Loaded loaded) {
        receiver = null;
        if (cancelled) {
            return;
        }
        ServerLog.get().notice("MASTER <-> REPLICA sync: Flushing old data");
        ServerLog.get().notice("MASTER <-> REPLICA sync: Loading DB in memory");
        repl.rdb().install(loaded);
        repl.fullSyncLoaded(fullSyncId, fullSyncOffset);
        int db = 0;
        try {
            db = Integer.parseInt(loaded.aux().getOrDefault("repl-stream-db", "0"));
        } catch (NumberFormatException ignored) {
            // keep 0
        }
        startStream(db);
        ServerLog.get().notice("MASTER <-> REPLICA sync: Finished with success");
        if (eofMode) {
            sendAck();
        }
        channel.config().setAutoRead(true);
        process();
    }

    /** The snapshot could not be loaded; the old dataset stays (event loop). */
    void loadFailed(Exception error, boolean fromDisk) {
        receiver = null;
        if (cancelled) {
            return;
        }
        ServerLog.get().warning("Failed trying to load the MASTER synchronization DB from " + (fromDisk ? "disk" : "socket")
                + ", check server logs.");
        ServerLog.get().warning("RDB load error: " + error.getMessage());
        fail(false);
    }

    // ---------------------------------------------------------------- stream

    private void startStream(int db) {
        master = repl.node.server().openSession(channel, ClientKind.MASTER);
        master.authenticate("default");
        master.db(db);
        readOffset = repl.masterReplOffset + in.readableBytes();
        multiRaw.reset();
        state(LinkState.CONNECTED);
        repl.linkDownSinceMillis = 0;
        step = Step.STREAM;
        repl.linkConnected();
    }

    private boolean stream() {
        StreamCodec.Frame frame;
        while (!cancelled && (frame = StreamCodec.next(in)) != null) {
            if (frame.argv().length > 0) {
                repl.node.server().dispatch(master, new Request(frame.argv(), frame.length(), false));
                if (master != null) {
                    discardReplies(master.writer());
                }
            }
            if (cancelled) {
                return false;
            }
            // The command's exact bytes are still in the buffer, right before the reader index.
            byte[] array = in.array();
            int from = in.arrayOffset() + in.readerIndex() - frame.length();
            if (master.attachment(MultiState.class) != null) {
                multiRaw.write(array, from, frame.length());
            } else if (multiRaw.size() > 0) {
                multiRaw.write(array, from, frame.length());
                byte[] block = multiRaw.toByteArray();
                multiRaw.reset();
                repl.feedFromMaster(block, 0, block.length);
            } else {
                repl.feedFromMaster(array, from, frame.length());
            }
        }
        return false;
    }

    /**
     * A master gets no replies (Redis does not even produce them): they are dropped, keeping the
     * writer's buffer for the next command instead of allocating one per command.
     */
    private static void discardReplies(RespWriter writer) {
        if (writer.pendingBytes() > 64 * 1024) {
            ByteBuf replies = writer.drain();
            if (replies != null) {
                replies.release();
            }
        } else {
            writer.rewind(0);
        }
    }
}
