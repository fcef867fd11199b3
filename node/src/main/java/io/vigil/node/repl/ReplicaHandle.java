package io.vigil.node.repl;

import io.netty.buffer.ByteBuf;
import io.vigil.node.server.ClientSession;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A replica attached to this master: its connection, what it announced, where it is in the sync,
 * the stream bytes held for it until its snapshot has been delivered, and its last ACK.
 * Event-loop thread only.
 */
public final class ReplicaHandle {
    final ClientSession session;
    ReplicaState state = ReplicaState.WAIT_BGSAVE_START;
    int listeningPort;
    String announcedIp;
    boolean capaEof;
    boolean capaPsync2;
    boolean rdbOnly;
    /** Attached with the old SYNC: no +FULLRESYNC, no ACKs expected. */
    boolean preSync;
    /** Diskless transfer done: the stream starts with its first REPLCONF ACK. */
    boolean awaitingFirstAck;
    long ackOffset;
    long ackTimeMillis;
    long waitStartMillis;
    long initialOffset = -1;
    long softLimitSinceMillis;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private long heldBytes;

    ReplicaHandle(ClientSession session, long nowMillis) {
        this.session = session;
        this.ackTimeMillis = nowMillis;
        this.waitStartMillis = nowMillis;
    }

    public ClientSession session() {
        return session;
    }

    public ReplicaState state() {
        return state;
    }

    public long ackOffset() {
        return ackOffset;
    }

    public long ackTimeMillis() {
        return ackTimeMillis;
    }

    public int listeningPort() {
        return listeningPort;
    }

    /** The address INFO and ROLE show: the announced one, else the peer's. */
    public String ip() {
        if (announcedIp != null) {
            return announcedIp;
        }
        InetSocketAddress remote = session.remoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "?";
        }
        String host = remote.getAddress().getHostAddress();
        int zone = host.indexOf('%');
        return zone >= 0 ? host.substring(0, zone) : host;
    }

    /** Redis's replicationGetSlaveName: {@code ip:port}, or the client id without a port. */
    public String name() {
        if (listeningPort != 0) {
            return ip() + ":" + listeningPort;
        }
        return "client id #" + session.id();
    }

    boolean streaming() {
        return state == ReplicaState.ONLINE && !awaitingFirstAck;
    }

    /** True while stream bytes must be held back for it (its snapshot is not delivered yet). */
    boolean holding() {
        return state == ReplicaState.WAIT_BGSAVE_END || state == ReplicaState.SEND_BULK || awaitingFirstAck;
    }

    void hold(ByteBuf bytes) {
        heldBytes += bytes.readableBytes();
        held.addLast(bytes);
    }

    long heldBytes() {
        return heldBytes;
    }

    /** A copy of another replica's held stream (joining a disk snapshot already in progress). */
    void copyHeldFrom(ReplicaHandle other) {
        for (ByteBuf buf : other.held) {
            hold(buf.retainedDuplicate());
        }
    }

    /** Sends what was held, in order; the caller flushes. */
    void releaseHeld() {
        ByteBuf buf;
        while ((buf = held.pollFirst()) != null) {
            session.channel().write(buf, session.channel().voidPromise());
        }
        heldBytes = 0;
    }

    void discardHeld() {
        ByteBuf buf;
        while ((buf = held.pollFirst()) != null) {
            buf.release();
        }
        heldBytes = 0;
    }

    /** Output buffer as client-output-buffer-limit counts it. */
    long outputBytes() {
        return heldBytes + session.pendingOutputBytes();
    }
}
