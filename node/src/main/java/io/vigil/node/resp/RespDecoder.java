package io.vigil.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.internal.PlatformDependent;

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
        bind(in);
        try {
            while (in.isReadable()) {
                Object decoded = argv == null && at(in.readerIndex()) != '*'
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
        } finally {
            source = null;
            array = null;
            address = 0;
        }
    }

    private static final Object SKIP = new Object();

    /**
     * Bytes received and not yet decoded into a request: Redis's query buffer, which
     * client-query-buffer-limit bounds. Read by the kernel once per socket read, never per request.
     */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    /** The first {@code max} undecoded bytes (the log line of a client closed for its query buffer). */
    public byte[] bufferedPrefix(int max) {
        ByteBuf buffer = internalBuffer();
        byte[] prefix = new byte[Math.min(max, buffer.readableBytes())];
        buffer.getBytes(buffer.readerIndex(), prefix);
        return prefix;
    }

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
        int pos = in.readerIndex();
        final int end = in.writerIndex();
        if (argv == null) {
            int cr = findCr(pos, end);
            if (cr < 0) {
                return end - pos > RespLimits.INLINE_MAX_BYTES ? new ProtocolError("too big mbulk count string") : null;
            }
            if (cr + 1 >= end) {
                return null;
            }
            long count = parseLong(pos + 1, cr);
            requestBytes += cr + 2 - pos;
            pos = cr + 2;
            in.readerIndex(pos);
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
            if (pos >= end) {
                in.readerIndex(pos);
                return null;
            }
            if (bulkLength < 0) {
                // Like Redis, look at the type byte only once the whole line (CR LF) is here.
                int cr = findCr(pos, end);
                if (cr < 0) {
                    in.readerIndex(pos);
                    return end - pos > RespLimits.INLINE_MAX_BYTES ? new ProtocolError("too big bulk count string") : null;
                }
                if (cr + 1 >= end) {
                    in.readerIndex(pos);
                    return null;
                }
                byte first = at(pos);
                if (first != '$') {
                    return new ProtocolError("expected '$', got '" + (char) (first & 0xff) + "'");
                }
                long len = parseLong(pos + 1, cr);
                requestBytes += cr + 2 - pos;
                pos = cr + 2;
                if (len == INVALID || len < 0) {
                    return new ProtocolError("invalid bulk length");
                }
                // proto-max-bulk-len is at least 1mb, so only lengths past the unauthenticated
                // limit need the (per-connection) limit checks.
                if (len > RespLimits.UNAUTHENTICATED_MAX_BULK
                        && ((!limits.exempt() && len > limits.maxBulkBytes()) || limits.authenticationPending())) {
                    return new ProtocolError("invalid bulk length");
                }
                bulkLength = len;
            }
            if (end - pos < bulkLength + 2) {
                in.readerIndex(pos);
                return null;
            }
            int length = (int) bulkLength;
            byte[] arg = new byte[length];
            if (length <= 32) {
                // short arguments (names, keys, small values): a plain loop beats the bounds-checked copy
                for (int i = 0; i < length; i++) {
                    arg[i] = at(pos + i);
                }
            } else {
                in.getBytes(pos, arg);
            }
            pos += length + 2;
            requestBytes += length + 2;
            bulkLength = -1;
            if (argIndex == argv.length) {
                argv = java.util.Arrays.copyOf(argv, Math.min(expectedArgs, argv.length * 2));
            }
            argv[argIndex++] = arg;
        }
        in.readerIndex(pos);
        Request request = new Request(argv, requestBytes, false);
        argv = null;
        requestBytes = 0;
        return request;
    }

    /*
     * Raw access to the input for the parsing loops: ByteBuf.getByte checks bounds and the
     * reference count on every call, which dominated the decoder's profile. Valid during one
     * decode call; indexes are always below the writer index.
     */
    private ByteBuf source;
    private long address;
    private byte[] array;
    private int arrayOffset;

    private void bind(ByteBuf in) {
        source = in;
        if (in.hasMemoryAddress()) {
            address = in.memoryAddress();
            array = null;
        } else if (in.hasArray()) {
            address = 0;
            array = in.array();
            arrayOffset = in.arrayOffset();
        } else {
            address = 0;
            array = null;
        }
    }

    private byte at(int index) {
        if (address != 0) {
            return PlatformDependent.getByte(address + index);
        }
        if (array != null) {
            return array[arrayOffset + index];
        }
        return source.getByte(index);
    }

    /** The index of the first CR in [from, min(to, from + INLINE_MAX_BYTES + 1)), or -1. */
    private int findCr(int from, int to) {
        int limit = Math.min(to, from + RespLimits.INLINE_MAX_BYTES + 1);
        for (int i = from; i < limit; i++) {
            if (at(i) == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** Redis's string2ll: optional '-', digits, no leading zeros, no '+', no spaces. */
    private long parseLong(int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return INVALID;
        }
        int i = from;
        boolean negative = false;
        if (at(i) == '-') {
            negative = true;
            i++;
            if (i == to) {
                return INVALID;
            }
        }
        if (at(i) == '0' && to - i > 1) {
            return INVALID;
        }
        long value = 0;
        for (; i < to; i++) {
            int d = at(i) - '0';
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

    private int expectedArgs;
    private long bulkLength = -1;

    private static final long INVALID = Long.MIN_VALUE + 1;
}
