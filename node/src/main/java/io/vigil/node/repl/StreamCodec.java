package io.vigil.node.repl;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The replication stream's framing: commands as RESP multibulks, encoded once on the master and
 * parsed on the replica without the client limits (a master may send any bulk size), keeping
 * each command's exact wire bytes for offsets and for chained replicas.
 */
public final class StreamCodec {
    private StreamCodec() {
    }

    /** The RESP multibulk of {@code argv}. */
    public static byte[] encode(byte[][] argv) {
        byte[] out = new byte[encodedLength(argv)];
        encode(argv, out, 0);
        return out;
    }

    /** Bytes the RESP multibulk of {@code argv} takes. */
    public static int encodedLength(byte[][] argv) {
        int size = 1 + digits(argv.length) + 2;
        for (byte[] arg : argv) {
            size += 1 + digits(arg.length) + 2 + arg.length + 2;
        }
        return size;
    }

    /** Writes the RESP multibulk of {@code argv} at {@code p} (room checked by the caller); returns the end. */
    public static int encode(byte[][] argv, byte[] out, int p) {
        out[p++] = '*';
        p = putNumber(out, p, argv.length);
        for (byte[] arg : argv) {
            out[p++] = '$';
            p = putNumber(out, p, arg.length);
            System.arraycopy(arg, 0, out, p, arg.length);
            p += arg.length;
            out[p++] = '\r';
            out[p++] = '\n';
        }
        return p;
    }

    public static byte[] encode(String... argv) {
        byte[][] bytes = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            bytes[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return encode(bytes);
    }

    private static int digits(int n) {
        if (n < 10) {
            return 1;
        }
        if (n < 100) {
            return 2;
        }
        if (n < 1000) {
            return 3;
        }
        int d = 4;
        for (n /= 10000; n > 0; n /= 10) {
            d++;
        }
        return d;
    }

    /** Writes {@code n} and CRLF; the common lengths (under 100) take no division loop. */
    private static int putNumber(byte[] out, int p, int n) {
        if (n < 10) {
            out[p] = (byte) ('0' + n);
            out[p + 1] = '\r';
            out[p + 2] = '\n';
            return p + 3;
        }
        if (n < 100) {
            out[p] = (byte) ('0' + n / 10);
            out[p + 1] = (byte) ('0' + n % 10);
            out[p + 2] = '\r';
            out[p + 3] = '\n';
            return p + 4;
        }
        int end = p + digits(n);
        int q = end;
        do {
            out[--q] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        out[end] = '\r';
        out[end + 1] = '\n';
        return end + 2;
    }

    /** One command of the stream: its arguments (empty for bare newlines) and its length in bytes. */
    public record Frame(byte[][] argv, int length) {
    }

    /** Thrown on bytes that are not a multibulk stream. */
    public static final class StreamError extends RuntimeException {
        public StreamError(String message) {
            super(message);
        }
    }

    private static final byte[][] NO_ARGS = new byte[0][];

    /**
     * Parses the next complete command at the reader index, consuming it; null (consuming
     * nothing) when more bytes are needed. The command's exact bytes are the {@code length} bytes
     * before the new reader index. Works on the heap array directly: this is the replica's
     * per-command hot path.
     */
    public static Frame next(ByteBuf in) {
        if (!in.hasArray()) {
            throw new IllegalArgumentException("the stream buffer must be a heap buffer");
        }
        byte[] a = in.array();
        int base = in.arrayOffset();
        int start = base + in.readerIndex();
        int end = base + in.writerIndex();
        if (start >= end) {
            return null;
        }
        byte first = a[start];
        if (first == '\n' || first == '\r') {
            // Keep-alive newlines count in the offset like any other byte of the stream.
            int p = start;
            while (p < end && (a[p] == '\n' || a[p] == '\r')) {
                p++;
            }
            in.readerIndex(p - base);
            return new Frame(NO_ARGS, p - start);
        }
        if (first != '*') {
            throw new StreamError("expected '*', got '" + (char) (first & 0xff) + "'");
        }
        int p = start + 1;
        int cr = indexOfCr(a, p, end);
        if (cr < 0 || cr + 1 >= end) {
            return null;
        }
        long count = number(a, p, cr);
        p = cr + 2;
        if (count < 0 || count > 1024 * 1024) {
            throw new StreamError("invalid multibulk length");
        }
        int argsStart = p;
        // First pass: is the command complete? Copying comes after, so a large command that
        // arrives over many reads is not copied again at each of them.
        for (int i = 0; i < count; i++) {
            if (p >= end) {
                return null;
            }
            if (a[p] != '$') {
                throw new StreamError("expected '$', got '" + (char) (a[p] & 0xff) + "'");
            }
            cr = indexOfCr(a, p + 1, end);
            if (cr < 0 || cr + 1 >= end) {
                return null;
            }
            long len = number(a, p + 1, cr);
            if (len < 0 || len > Integer.MAX_VALUE - 16) {
                throw new StreamError("invalid bulk length");
            }
            p = cr + 2;
            if ((long) end - p < len + 2) {
                return null;
            }
            p += (int) len + 2;
        }
        byte[][] argv = count == 0 ? NO_ARGS : new byte[(int) count][];
        int q = argsStart;
        for (int i = 0; i < count; i++) {
            cr = indexOfCr(a, q + 1, end);
            int len = (int) number(a, q + 1, cr);
            q = cr + 2;
            argv[i] = java.util.Arrays.copyOfRange(a, q, q + len);
            q += len + 2;
        }
        in.readerIndex(p - base);
        return new Frame(argv, p - start);
    }

    private static int indexOfCr(byte[] a, int from, int end) {
        for (int i = from; i < end; i++) {
            if (a[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static long number(byte[] a, int from, int to) {
        if (to <= from || to - from > 19) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
