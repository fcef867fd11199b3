package io.vigil.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Decodes client requests (multibulk and inline) into {@link Request}s, keeping its place across
 * reads so a half-received frame is never parsed twice. Limits and error texts follow Redis's
 * networking.c; after a {@link ProtocolError} the rest of the input is discarded.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    private final RespLimits limits;
    private byte[][] argv;
    private int argIndex;
    private int requestBytes;
    private boolean failed;

    public RespDecoder(RespLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            Object decoded = argv == null && in.getByte(in.readerIndex()) != '*'
                    ? decodeInline(in)
                    : decodeMultibulk(in);
            if (decoded == null) {
                return;
            }
            if (decoded instanceof ProtocolError) {
                failed = true;
                in.skipBytes(in.readableBytes());
                out.add(decoded);
                return;
            }
            if (decoded != SKIP) {
                out.add(decoded);
            }
        }
    }

    private static final Object SKIP = new Object();

    private Object decodeInline(ByteBuf in) {
        int start = in.readerIndex();
        int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > RespLimits.INLINE_MAX_BYTES) {
                return new ProtocolError("too big inline request");
            }
            return null;
        }
        int end = newline;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        int consumed = newline + 1 - start;
        in.skipBytes(consumed);
        byte[][] args = InlineArgs.split(line, 0, line.length);
        if (args == null) {
            return new ProtocolError("unbalanced quotes in request");
        }
        if (args.length == 0) {
            return SKIP;
        }
        return new Request(args, consumed, true);
    }

    private Object decodeMultibulk(ByteBuf in) {
        if (argv == null) {
            long count = readCountLine(in);
            if (count == NEED_MORE) {
                return null;
            }
            if (count == TOO_BIG) {
                return new ProtocolError("too big mbulk count string");
            }
            if (count == INVALID || count > Integer.MAX_VALUE
                    || (count > RespLimits.UNAUTHENTICATED_MAX_MULTIBULK && limits.authenticationPending())) {
                return new ProtocolError("invalid multibulk length");
            }
            if (count <= 0) {
                requestBytes = 0;
                return SKIP;
            }
            // Grow lazily past 1024 so a lying count cannot make us allocate gigabytes up front.
            argv = new byte[(int) Math.min(count, 1024)][];
            expectedArgs = (int) count;
            argIndex = 0;
        }
        while (argIndex < expectedArgs) {
            if (!in.isReadable()) {
                return null;
            }
            if (bulkLength < 0) {
                // Like Redis, look at the type byte only once the whole line (CR LF) is here.
                int start = in.readerIndex();
                int cr = in.indexOf(start, Math.min(in.writerIndex(), start + RespLimits.INLINE_MAX_BYTES + 1),
                        (byte) '\r');
                if (cr < 0) {
                    if (in.readableBytes() > RespLimits.INLINE_MAX_BYTES) {
                        return new ProtocolError("too big bulk count string");
                    }
                    return null;
                }
                if (cr + 1 >= in.writerIndex()) {
                    return null;
                }
                byte first = in.getByte(start);
                if (first != '$') {
                    return new ProtocolError("expected '$', got '" + (char) (first & 0xff) + "'");
                }
                long len = parseLong(in, start + 1, cr);
                int consumed = cr + 2 - start;
                in.skipBytes(consumed);
                requestBytes += consumed;
                if (len == INVALID || len < 0 || (!limits.exempt() && len > limits.maxBulkBytes())
                        || (len > RespLimits.UNAUTHENTICATED_MAX_BULK && limits.authenticationPending())) {
                    return new ProtocolError("invalid bulk length");
                }
                bulkLength = len;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[(int) bulkLength];
            in.readBytes(arg);
            in.skipBytes(2);
            requestBytes += (int) bulkLength + 2;
            bulkLength = -1;
            if (argIndex == argv.length) {
                argv = java.util.Arrays.copyOf(argv, Math.min(expectedArgs, argv.length * 2));
            }
            argv[argIndex++] = arg;
        }
        Request request = new Request(argv, requestBytes, false);
        argv = null;
        requestBytes = 0;
        return request;
    }

    private int expectedArgs;
    private long bulkLength = -1;

    private static final long NEED_MORE = Long.MIN_VALUE;
    private static final long INVALID = Long.MIN_VALUE + 1;
    private static final long TOO_BIG = Long.MIN_VALUE + 2;

    /** Reads a {@code *N\r\n} or {@code $N\r\n} line after its type byte. */
    private long readCountLine(ByteBuf in) {
        int start = in.readerIndex();
        int cr = in.indexOf(start, Math.min(in.writerIndex(), start + RespLimits.INLINE_MAX_BYTES + 1), (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > RespLimits.INLINE_MAX_BYTES) {
                return TOO_BIG;
            }
            return NEED_MORE;
        }
        if (cr + 1 >= in.writerIndex()) {
            return NEED_MORE;
        }
        long value = parseLong(in, start + 1, cr);
        int consumed = cr + 2 - start;
        in.skipBytes(consumed);
        requestBytes += consumed;
        return value;
    }

    /** Redis's string2ll: optional '-', digits, no leading zeros, no '+', no spaces. */
    static long parseLong(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return INVALID;
        }
        int i = from;
        boolean negative = false;
        if (in.getByte(i) == '-') {
            negative = true;
            i++;
            if (i == to) {
                return INVALID;
            }
        }
        if (in.getByte(i) == '0' && to - i > 1) {
            return INVALID;
        }
        long value = 0;
        for (; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return INVALID;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }
}
