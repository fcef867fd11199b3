package io.vigil.node.repl;

/**
 * The replication backlog: a ring of the latest stream bytes, so a replica that lost its link can
 * continue from its offset ({@code PSYNC replid offset}) instead of taking a full snapshot.
 * Offsets are stream offsets: the first byte ever appended has offset 1, as in Redis.
 */
public final class ReplicationBacklog {
    /** Redis's CONFIG_REPL_BACKLOG_MIN_SIZE. */
    public static final int MIN_SIZE = 16 * 1024;

    private byte[] ring;
    private int writeIndex;
    private long histlen;
    private long firstByteOffset;

    /** An empty backlog whose next byte will have offset {@code streamOffset + 1}. */
    public ReplicationBacklog(long size, long streamOffset) {
        ring = new byte[clamp(size)];
        firstByteOffset = streamOffset + 1;
    }

    private static int clamp(long size) {
        return (int) Math.max(MIN_SIZE, Math.min(size, Integer.MAX_VALUE - 16));
    }

    public int size() {
        return ring.length;
    }

    public long histlen() {
        return histlen;
    }

    public long firstByteOffset() {
        return firstByteOffset;
    }

    /** Offset of the last byte held (firstByteOffset - 1 when empty). */
    public long lastOffset() {
        return firstByteOffset + histlen - 1;
    }

    public void append(byte[] bytes, int from, int length) {
        if (length >= ring.length) {
            // Only the tail fits; the history before it is gone.
            long dropped = histlen + length - ring.length;
            System.arraycopy(bytes, from + length - ring.length, ring, 0, ring.length);
            writeIndex = 0;
            firstByteOffset += dropped;
            histlen = ring.length;
            return;
        }
        int first = Math.min(length, ring.length - writeIndex);
        System.arraycopy(bytes, from, ring, writeIndex, first);
        if (first < length) {
            System.arraycopy(bytes, from + first, ring, 0, length - first);
        }
        writeIndex = (writeIndex + length) % ring.length;
        histlen += length;
        if (histlen > ring.length) {
            firstByteOffset += histlen - ring.length;
            histlen = ring.length;
        }
    }

    public void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    /** True when a replica that wants to continue at {@code offset} can be served from here. */
    public boolean covers(long offset) {
        return offset >= firstByteOffset && offset <= firstByteOffset + histlen;
    }

    /** The bytes from {@code offset} (inclusive) to the end; requires {@link #covers(long)}. */
    public byte[] copyFrom(long offset) {
        int skip = (int) (offset - firstByteOffset);
        int length = (int) (histlen - skip);
        byte[] out = new byte[length];
        int start = (int) ((writeIndex - histlen + skip) % ring.length);
        if (start < 0) {
            start += ring.length;
        }
        int first = Math.min(length, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        if (first < length) {
            System.arraycopy(ring, 0, out, first, length - first);
        }
        return out;
    }

    /** Writes the bytes from {@code offset} (inclusive) to the end into {@code out}; requires {@link #covers(long)}. */
    public void copyTo(long offset, io.netty.buffer.ByteBuf out) {
        int skip = (int) (offset - firstByteOffset);
        int length = (int) (histlen - skip);
        int start = (int) ((writeIndex - histlen + skip) % ring.length);
        if (start < 0) {
            start += ring.length;
        }
        int first = Math.min(length, ring.length - start);
        out.writeBytes(ring, start, first);
        if (first < length) {
            out.writeBytes(ring, 0, length - first);
        }
    }

    /** CONFIG SET repl-backlog-size: keeps as much of the newest history as fits. */
    public void resize(long size) {
        int newSize = clamp(size);
        if (newSize == ring.length) {
            return;
        }
        long keep = Math.min(histlen, newSize);
        byte[] tail = copyFrom(lastOffset() + 1 - keep);
        ring = new byte[newSize];
        System.arraycopy(tail, 0, ring, 0, tail.length);
        firstByteOffset = lastOffset() + 1 - keep;
        histlen = keep;
        writeIndex = (int) (keep % newSize);
    }
}
