package io.vigil.node.repl;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The replication stream's framing: commands as RESP multibulks, encoded once on the master and
 * parsed on the replica without the client limits (a master may send any bulk size), keeping
 * each command's exact wire bytes for offsets and for chained replicas.
 */
public final class StreamCodec {
    private static final byte[][] SMALL = new byte[1024][];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private StreamCodec() {
    }

    /** The RESP multibulk of {@code argv}. */
    public static byte[] encode(byte[][] argv) {
        int size = 1 + digits(argv.length) + 2;
        for (byte[] arg : argv) {
            size += 1 + digits(arg.length) + 2 + arg.length + 2;
        }
        byte[] out = new byte[size];
        int p = 0;
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
        return out;
    }

    public static byte[] encode(String... argv) {
        byte[][] bytes = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            bytes[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return encode(bytes);
    }

    private static int digits(int n) {
        return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : Integer.toString(n).length();
    }

    private static int putNumber(byte[] out, int p, int n) {
        byte[] text = n < SMALL.length ? SMALL[n] : Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, p, text.length);
        p += text.length;
        out[p++] = '\r';
        out[p++] = '\n';
        return p;
    }

    /** One command of the stream: its arguments (empty for a bare newline) and its exact bytes. */
    public record Frame(byte[][] argv, byte[] raw) {
    }

    /** Thrown on bytes that are not a multibulk stream. */
    public static final class StreamError extends RuntimeException {
        public StreamError(String message) {
            super(message);
        }
    }

    /**
     * Parses the next complete command at the reader index, consuming it; null (consuming
     * nothing) when more bytes are needed.
     */
    public static Frame next(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (start >= end) {
            return null;
        }
        byte first = in.getByte(start);
        if (first == '\n' || first == '\r') {
            // Keep-alive newlines count in the offset like any other byte of the stream.
            int p = start;
            while (p < end && (in.getByte(p) == '\n' || in.getByte(p) == '\r')) {
                p++;
            }
            return take(in, start, p, new byte[0][]);
        }
        if (first != '*') {
            throw new StreamError("expected '*', got '" + (char) (first & 0xff) + "'");
        }
        int p = start + 1;
        int cr = in.indexOf(p, end, (byte) '\r');
        if (cr < 0 || cr + 1 >= end) {
            return null;
        }
        long count = number(in, p, cr);
        p = cr + 2;
        if (count < 0 || count > 1024 * 1024) {
            throw new StreamError("invalid multibulk length");
        }
        int[] lengths = new int[(int) count];
        int[] offsets = new int[(int) count];
        for (int i = 0; i < count; i++) {
            if (p >= end) {
                return null;
            }
            if (in.getByte(p) != '$') {
                throw new StreamError("expected '$', got '" + (char) (in.getByte(p) & 0xff) + "'");
            }
            cr = in.indexOf(p + 1, end, (byte) '\r');
            if (cr < 0 || cr + 1 >= end) {
                return null;
            }
            long len = number(in, p + 1, cr);
            if (len < 0 || len > Integer.MAX_VALUE - 16) {
                throw new StreamError("invalid bulk length");
            }
            p = cr + 2;
            if ((long) end - p < len + 2) {
                return null;
            }
            offsets[i] = p;
            lengths[i] = (int) len;
            p += (int) len + 2;
        }
        byte[][] argv = new byte[(int) count][];
        for (int i = 0; i < count; i++) {
            argv[i] = new byte[lengths[i]];
            in.getBytes(offsets[i], argv[i]);
        }
        return take(in, start, p, argv);
    }

    private static Frame take(ByteBuf in, int start, int stop, byte[][] argv) {
        byte[] raw = new byte[stop - start];
        in.getBytes(start, raw);
        in.readerIndex(stop);
        return new Frame(argv, raw);
    }

    private static long number(ByteBuf in, int from, int to) {
        if (to <= from || to - from > 19) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
