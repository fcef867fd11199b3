package io.vigil.node.repl;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.vigil.node.server.ServerLog;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One snapshot for the replicas that asked for a full sync together. The RDB is produced on a
 * background thread from a frozen view of the dataset: streamed straight to the replicas' sockets
 * ({@code $EOF:<mark>} framing) when diskless, or written to a temporary file that is then sent
 * with {@code $<len>}. The result is handed back to the event loop.
 */
final class FullSync {
    /** Bytes queued on sockets before the producer waits for them to drain. */
    private static final long MAX_IN_FLIGHT = 8L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    final boolean diskless;
    final List<ReplicaHandle> targets;
    final long offset;
    final String replId;
    private final Replication replication;
    private final RdbSupport.Snapshot snapshot;
    private final List<Channel> channels;
    private final AtomicLong inFlight = new AtomicLong();
    volatile boolean cancelled;

    FullSync(Replication replication, boolean diskless, List<ReplicaHandle> targets, String replId, long offset,
             RdbSupport.Snapshot snapshot) {
        this.replication = replication;
        this.diskless = diskless;
        this.targets = targets;
        this.replId = replId;
        this.offset = offset;
        this.snapshot = snapshot;
        this.channels = targets.stream().map(t -> t.session.channel()).toList();
    }

    void start() {
        Thread thread = new Thread(diskless ? this::streamToSockets : this::writeToFile, "vigil-repl-rdb");
        thread.setDaemon(true);
        thread.start();
    }

    private void streamToSockets() {
        byte[] mark = ReplicationIds.eofMark();
        boolean ok = false;
        try {
            send(("$EOF:" + new String(mark, StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            try (OutputStream out = new ChunkedSocketStream()) {
                snapshot.write(out, 0, replId, offset);
            }
            send(mark);
            ok = true;
        } catch (IOException | RuntimeException e) {
            ServerLog.get().warning("Diskless rdb transfer failed: " + e.getMessage());
        } finally {
            snapshot.release();
        }
        boolean success = ok;
        replication.eventLoop().execute(() -> replication.fullSyncStreamed(this, success));
    }

    private void writeToFile() {
        File file = new File(replication.settings().dir(), "temp-repl-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime() + ".rdb");
        boolean ok = false;
        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file), CHUNK)) {
            snapshot.write(out, 0, replId, offset);
            ok = true;
        } catch (IOException | RuntimeException e) {
            ServerLog.get().warning("Background saving error: " + e.getMessage());
        } finally {
            snapshot.release();
        }
        boolean success = ok;
        if (!ok) {
            file.delete();
        }
        replication.eventLoop().execute(() -> replication.fullSyncFileReady(this, success ? file : null));
    }

    private boolean anyActive() {
        for (Channel channel : channels) {
            if (channel.isActive()) {
                return true;
            }
        }
        return false;
    }

    private void send(byte[] bytes) throws IOException {
        if (cancelled || !anyActive()) {
            throw new IOException("all replicas dropped");
        }
        while (inFlight.get() > MAX_IN_FLIGHT) {
            if (cancelled || !anyActive()) {
                throw new IOException("all replicas dropped");
            }
            LockSupport.parkNanos(200_000);
        }
        for (Channel channel : channels) {
            if (!channel.isActive()) {
                continue;
            }
            inFlight.addAndGet(bytes.length);
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes))
                    .addListener(f -> inFlight.addAndGet(-bytes.length));
        }
    }

    /** Collects the writer's output into chunks sent to every target socket. */
    private final class ChunkedSocketStream extends OutputStream {
        private byte[] buffer = new byte[CHUNK];
        private int count;

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                flushChunk();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (count == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(len, buffer.length - count);
                System.arraycopy(b, off, buffer, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        private void flushChunk() throws IOException {
            if (count == 0) {
                return;
            }
            byte[] chunk = count == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, count);
            send(chunk);
            buffer = new byte[CHUNK];
            count = 0;
        }

        @Override
        public void close() throws IOException {
            flushChunk();
        }
    }
}
