package io.vigil.node.server;

import io.netty.channel.Channel;
import io.vigil.node.resp.Request;
import io.vigil.node.resp.RespDecoder;
import io.vigil.node.resp.RespWriter;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One connected client. Touched only from the server's event-loop thread. Features keep their
 * per-client state in {@link #attachment(Class)} slots so the kernel does not need to know them.
 */
public final class ClientSession {
    private final long id;
    private final Channel channel;
    private final RespWriter writer;
    private final RespServer server;
    private final long createdAtMillis;
    private long lastInteractionMillis;
    private int db;
    private String name = "";
    private String libName = "";
    private String libVersion = "";
    private String user = "default";
    private boolean authenticated;
    private ClientKind kind = ClientKind.NORMAL;
    private boolean closeAfterReply;
    private boolean closing;
    private Object blockedOn;
    private String lastCommand = "NULL";
    private final ArrayDeque<Request> pending = new ArrayDeque<>();
    private final Map<Class<?>, Object> attachments = new HashMap<>(4);
    /** The hottest attachments live in fields: every command looks at them. */
    private MultiState multiState;
    private Object principal;
    private boolean flushScheduled;
    private long commandsProcessed;
    private long readBytes;
    private ReplyMode replyMode = ReplyMode.ON;
    private boolean skipCurrentReply;
    private boolean noEvict;
    private boolean noTouch;
    private byte[][] currentArgv;
    /** Wire bytes of the requests queued behind a blocked command (part of the query buffer). */
    long queuedRequestBytes;
    /** The connection's decoder (null for sessions the server opened itself). */
    private RespDecoder decoder;
    /** When (unix seconds) the output soft limit was first seen reached, -1 when it is not. */
    long outputSoftLimitSinceSeconds = -1;

    /** CLIENT REPLY: ON, OFF (nothing is sent), SKIP (the next command's reply is not sent). */
    public enum ReplyMode {
        ON, OFF, SKIP
    }

    ClientSession(long id, Channel channel, RespServer server, long nowMillis) {
        this.id = id;
        this.channel = channel;
        this.server = server;
        this.writer = new RespWriter(channel.alloc());
        this.createdAtMillis = nowMillis;
        this.lastInteractionMillis = nowMillis;
    }

    public long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    public RespServer server() {
        return server;
    }

    public RespWriter writer() {
        return writer;
    }

    public int db() {
        return db;
    }

    public void db(int index) {
        db = index;
    }

    public String name() {
        return name;
    }

    public void name(String value) {
        name = value;
    }

    public String libName() {
        return libName;
    }

    public void libName(String value) {
        libName = value;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String value) {
        libVersion = value;
    }

    public String user() {
        return user;
    }

    /** What the authorization layer knows about the user (the ACL user object), or null. */
    public Object principal() {
        return principal;
    }

    public void principal(Object value) {
        principal = value;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticate(String userName) {
        user = userName;
        authenticated = true;
    }

    public void deauthenticate() {
        authenticated = false;
        user = "default";
    }

    public ClientKind kind() {
        return kind;
    }

    public void kind(ClientKind value) {
        kind = value;
    }

    public int protocol() {
        return writer.protocol();
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    void touch(long nowMillis) {
        lastInteractionMillis = nowMillis;
    }

    public ReplyMode replyMode() {
        return replyMode;
    }

    /** CLIENT REPLY: takes effect from the next command, as in Redis. */
    public void replyMode(ReplyMode mode) {
        replyMode = mode;
    }

    /**
     * Called before each command: true when this command is the one CLIENT REPLY SKIP skips. The
     * kernel drops the command's reply when this is true or when the mode is OFF once it has run
     * (so CLIENT REPLY ON answers OK, and CLIENT REPLY OFF does not).
     */
    boolean startCommandReply() {
        boolean skip = replyMode == ReplyMode.SKIP;
        if (skip) {
            replyMode = ReplyMode.ON;
        }
        skipCurrentReply = skip || replyMode == ReplyMode.OFF;
        return skip;
    }

    /** True while the running command's reply is dropped (CLIENT REPLY OFF/SKIP in effect). */
    public boolean replySuppressed() {
        return skipCurrentReply;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean value) {
        noEvict = value;
    }

    public boolean noTouch() {
        return noTouch;
    }

    public void noTouch(boolean value) {
        noTouch = value;
    }

    /** Bytes of the arguments of the command being run (CLIENT LIST's argv-mem), 0 between commands. */
    public long currentArgvBytes() {
        byte[][] argv = currentArgv;
        if (argv == null) {
            return 0;
        }
        long total = 0;
        for (byte[] arg : argv) {
            total += arg.length;
        }
        return total;
    }

    void currentArgv(byte[][] argv) {
        currentArgv = argv;
    }

    /** The socket's file descriptor when the transport exposes it (epoll), else -1. */
    public int fd() {
        if (channel instanceof io.netty.channel.epoll.EpollSocketChannel epollChannel) {
            return epollChannel.fd().intValue();
        }
        return -1;
    }

    void decoder(RespDecoder value) {
        decoder = value;
    }

    /**
     * Redis's query buffer: input received and not yet run, i.e. undecoded bytes plus requests
     * queued behind a blocked command (CLIENT LIST qbuf, client-query-buffer-limit).
     */
    public long queryBufferBytes() {
        return (decoder == null ? 0 : decoder.bufferedBytes()) + queuedRequestBytes;
    }

    /**
     * The start of the query buffer for the log line: the oldest queued request (re-encoded), or
     * else the first undecoded bytes.
     */
    byte[] queryBufferPrefix(int max) {
        Request first = pending.peekFirst();
        if (first == null) {
            return decoder == null ? new byte[0] : decoder.bufferedPrefix(max);
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        encoded.writeBytes(("*" + first.argv().length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : first.argv()) {
            encoded.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            encoded.writeBytes(arg);
            encoded.writeBytes(new byte[]{'\r', '\n'});
            if (encoded.size() >= max) {
                break;
            }
        }
        return Arrays.copyOf(encoded.toByteArray(), Math.min(max, encoded.size()));
    }

    /** Requests queued behind a blocked or postponed command (CLIENT LIST's qbuf estimate). */
    public int queuedRequests() {
        return pending.size();
    }

    /** Sets the user name without changing the authenticated flag (RESET, ACL bookkeeping). */
    public void user(String userName) {
        user = userName;
    }

    /** Sets the authenticated flag (a new connection when the default user needs no password). */
    public void authenticated(boolean value) {
        authenticated = value;
    }

    public String lastCommand() {
        return lastCommand;
    }

    void lastCommand(String value) {
        lastCommand = value;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }

    void countCommand() {
        commandsProcessed++;
    }

    public long readBytes() {
        return readBytes;
    }

    void countRead(long bytes) {
        readBytes += bytes;
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** {@code ip:port} as CLIENT LIST prints it. */
    public String addr() {
        return RespServer.hostPort(remoteAddress());
    }

    public String laddr() {
        return RespServer.hostPort(localAddress());
    }

    public boolean isLoopback() {
        InetSocketAddress remote = remoteAddress();
        return remote == null || remote.getAddress() == null || remote.getAddress().isLoopbackAddress();
    }

    @SuppressWarnings("unchecked")
    public <T> T attachment(Class<T> type) {
        if (type == MultiState.class) {
            return (T) multiState;
        }
        return attachments.isEmpty() ? null : (T) attachments.get(type);
    }

    public <T> void attach(Class<T> type, T value) {
        if (type == MultiState.class) {
            multiState = (MultiState) value;
            return;
        }
        if (value == null) {
            attachments.remove(type);
        } else {
            attachments.put(type, value);
        }
    }

    /** True while a command of this client waits (BLPOP, WAIT, CLIENT PAUSE); its later requests wait too. */
    public boolean isBlocked() {
        return blockedOn != null;
    }

    public Object blockedOn() {
        return blockedOn;
    }

    /** Parks this client: nothing more of its pipeline runs until {@link #unblock()}. */
    public void block(Object reason) {
        blockedOn = reason;
    }

    /** Resumes the client: its queued requests run now, and its replies are flushed. */
    public void unblock() {
        if (blockedOn == null) {
            return;
        }
        blockedOn = null;
        server.resume(this);
    }

    ArrayDeque<Request> pending() {
        return pending;
    }

    /** Close the connection once the pending replies have been written (QUIT, protocol errors, CLIENT KILL of self). */
    public void closeAfterReply() {
        closeAfterReply = true;
    }

    public boolean closingAfterReply() {
        return closeAfterReply;
    }

    /** Closes now (CLIENT KILL of another client, output-buffer limits). */
    public void close() {
        if (!closing) {
            closing = true;
            server.flush(this);
            channel.close();
        }
    }

    public boolean isClosing() {
        return closing || !channel.isActive();
    }

    /** Asks for this client's pending replies to be flushed soon (replies written outside its own read). */
    public void flushSoon() {
        if (!flushScheduled) {
            flushScheduled = true;
            server.scheduleFlush(this);
        }
    }

    void flushDone() {
        flushScheduled = false;
    }

    /** Bytes queued in Netty for this client and not yet on the socket (output-buffer limits). */
    public long pendingOutputBytes() {
        var outbound = channel.unsafe().outboundBuffer();
        long queued = outbound == null ? 0 : outbound.totalPendingWriteBytes();
        return queued;
    }
}
