package io.vigil.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Encodes replies for one connection straight into a pending output buffer, in RESP2 or RESP3
 * as the connection negotiated with HELLO. RESP3-only types degrade the way Redis degrades them
 * for RESP2 clients (maps become flat arrays, doubles bulk strings, booleans integers).
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] INTEGERS = new byte[1025][];
    static {
        for (int i = 0; i < INTEGERS.length; i++) {
            INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final ByteBufAllocator allocator;
    private ByteBuf buffer;
    private int protocol = 2;
    private long writtenBytes;
    /** Type byte, digits and CRLF of a header or integer, assembled for one write into the buffer. */
    private final byte[] scratch = new byte[24];
    /** A small bulk reply (header, value, CRLF) assembled whole: one buffer write instead of three. */
    private final byte[] smallBulk = new byte[SMALL_BULK_MAX + 16];
    private static final int SMALL_BULK_MAX = 112;
    private java.util.function.Consumer<String> errorSink;

    public RespWriter(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    /** Takes what has been written so far, or null when nothing is pending. */
    public ByteBuf drain() {
        ByteBuf pending = buffer;
        buffer = null;
        return pending;
    }

    /** A position to {@link #rewind} to, so a reply can be taken back (CLIENT REPLY OFF/SKIP). */
    public long mark() {
        return buffer == null ? -1 : buffer.writerIndex();
    }

    /** Drops everything written since {@code mark} (within the same, undrained buffer). */
    public void rewind(long mark) {
        if (buffer == null) {
            return;
        }
        if (mark < 0) {
            writtenBytes -= buffer.readableBytes();
            buffer.release();
            buffer = null;
            return;
        }
        int writerIndex = (int) mark;
        if (writerIndex >= buffer.readerIndex() && writerIndex <= buffer.writerIndex()) {
            writtenBytes -= buffer.writerIndex() - writerIndex;
            buffer.writerIndex(writerIndex);
        }
    }

    /** Bytes written and not yet drained (CLIENT LIST's obl/omem). */
    public int pendingBytes() {
        return buffer == null ? 0 : buffer.readableBytes();
    }

    public boolean hasPending() {
        return buffer != null && buffer.isReadable();
    }

    /** Bytes of reply written since the connection opened (CLIENT LIST's tot-net-out). */
    public long writtenBytes() {
        return writtenBytes;
    }

    private ByteBuf out() {
        if (buffer == null) {
            buffer = allocator.ioBuffer(256);
        }
        return buffer;
    }

    /** Appends bytes that are already RESP-encoded (e.g. a cached reply). */
    public RespWriter raw(byte[] encoded) {
        out().writeBytes(encoded);
        writtenBytes += encoded.length;
        return this;
    }

    public RespWriter raw(ByteBuf encoded) {
        writtenBytes += encoded.readableBytes();
        out().writeBytes(encoded);
        return this;
    }

    public RespWriter ok() {
        return raw(OK);
    }

    public RespWriter simple(String text) {
        ByteBuf out = out();
        int before = out.writerIndex();
        out.writeByte('+');
        out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        out.writeBytes(CRLF);
        writtenBytes += out.writerIndex() - before;
        return this;
    }

    /** Called with the text of every error reply (INFO errorstats, failed_calls). */
    public void onError(java.util.function.Consumer<String> sink) {
        errorSink = sink;
    }

    /** An error reply; {@code text} starts with its code, e.g. {@code "ERR syntax error"}. */
    public RespWriter error(String text) {
        if (errorSink != null) {
            errorSink.accept(text);
        }
        ByteBuf out = out();
        int before = out.writerIndex();
        out.writeByte('-');
        // Redis replaces newlines so an error can never break the framing.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.writeByte(c == '\r' || c == '\n' ? ' ' : c);
        }
        out.writeBytes(CRLF);
        writtenBytes += out.writerIndex() - before;
        return this;
    }

    public RespWriter integer(long value) {
        if (value >= 0 && value < INTEGERS.length) {
            return raw(INTEGERS[(int) value]);
        }
        return header(':', value);
    }

    /**
     * An integer reply from its canonical decimal bytes, which the caller already has (INCR's new
     * value): spares formatting the number a second time.
     */
    public RespWriter integerDigits(byte[] decimal) {
        int n = decimal.length;
        if (n > scratch.length - 3) {
            return integer(Long.parseLong(new String(decimal, StandardCharsets.US_ASCII)));
        }
        byte[] s = scratch;
        s[0] = ':';
        System.arraycopy(decimal, 0, s, 1, n);
        s[n + 1] = '\r';
        s[n + 2] = '\n';
        out().writeBytes(s, 0, n + 3);
        writtenBytes += n + 3;
        return this;
    }

    public RespWriter bulk(byte[] value) {
        if (value == null) {
            return nullBulk();
        }
        return bulk(value, 0, value.length);
    }

    public RespWriter bulk(byte[] value, int offset, int length) {
        if (length <= SMALL_BULK_MAX) {
            byte[] s = smallBulk;
            s[0] = '$';
            int at = length < 10 ? 2 : length < 100 ? 3 : 4;
            DecimalDigits.writeBackwards(s, at, length);
            s[at++] = '\r';
            s[at++] = '\n';
            System.arraycopy(value, offset, s, at, length);
            at += length;
            s[at++] = '\r';
            s[at++] = '\n';
            out().writeBytes(s, 0, at);
            writtenBytes += at;
            return this;
        }
        header('$', length);
        ByteBuf out = out();
        out.writeBytes(value, offset, length);
        out.writeBytes(CRLF);
        writtenBytes += length + 2;
        return this;
    }

    public RespWriter bulk(String value) {
        if (value == null) {
            return nullBulk();
        }
        return bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    public RespWriter bulk(long value) {
        return bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** The null bulk string ({@code $-1} in RESP2, {@code _} in RESP3). */
    public RespWriter nullBulk() {
        return raw(resp3() ? NULL3 : NULL_BULK);
    }

    /** The null array ({@code *-1} in RESP2, {@code _} in RESP3). */
    public RespWriter nullArray() {
        return raw(resp3() ? NULL3 : NULL_ARRAY);
    }

    public RespWriter array(int length) {
        return header('*', length);
    }

    /** A map of {@code pairs} entries; RESP2 sees a flat array of twice as many elements. */
    public RespWriter map(int pairs) {
        return resp3() ? header('%', pairs) : header('*', 2L * pairs);
    }

    /** A set; RESP2 sees an array. */
    public RespWriter set(int length) {
        return resp3() ? header('~', length) : header('*', length);
    }

    /** An out-of-band push (pub/sub); RESP2 sees an array. */
    public RespWriter push(int length) {
        return resp3() ? header('>', length) : header('*', length);
    }

    /** A double as Redis 7.0 sends it: {@code ,%.17g} in RESP3, a bulk string in RESP2. */
    public RespWriter doubleValue(double value) {
        String text = RespDoubles.format17g(value);
        if (resp3()) {
            ByteBuf out = out();
            int before = out.writerIndex();
            out.writeByte(',');
            out.writeCharSequence(text, StandardCharsets.US_ASCII);
            out.writeBytes(CRLF);
            writtenBytes += out.writerIndex() - before;
            return this;
        }
        return bulk(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A boolean: {@code #t}/{@code #f} in RESP3, 1/0 in RESP2. */
    public RespWriter bool(boolean value) {
        if (resp3()) {
            return raw((value ? "#t\r\n" : "#f\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return integer(value ? 1 : 0);
    }

    /** Verbatim text (INFO, CLIENT LIST): {@code =N\r\ntxt:...} in RESP3, a bulk string in RESP2. */
    public RespWriter verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!resp3()) {
            return bulk(bytes);
        }
        ByteBuf out = out();
        int before = out.writerIndex();
        out.writeByte('=');
        writeDecimal(out, bytes.length + 4);
        out.writeBytes(CRLF);
        out.writeCharSequence("txt:", StandardCharsets.US_ASCII);
        out.writeBytes(bytes);
        out.writeBytes(CRLF);
        writtenBytes += out.writerIndex() - before;
        return this;
    }

    /** An array of bulk strings. */
    public RespWriter bulks(Collection<byte[]> values) {
        array(values.size());
        for (byte[] value : values) {
            bulk(value);
        }
        return this;
    }

    public RespWriter bulkStrings(Collection<String> values) {
        array(values.size());
        for (String value : values) {
            bulk(value);
        }
        return this;
    }

    private RespWriter header(char type, long value) {
        if (value == Long.MIN_VALUE) {
            ByteBuf out = out();
            int before = out.writerIndex();
            out.writeByte(type);
            writeDecimal(out, value);
            out.writeBytes(CRLF);
            writtenBytes += out.writerIndex() - before;
            return this;
        }
        // one write of type, digits and CRLF: each ByteBuf write pays its own checks
        byte[] s = scratch;
        int at = s.length;
        s[--at] = '\n';
        s[--at] = '\r';
        at = DecimalDigits.writeBackwards(s, at, value < 0 ? -value : value);
        if (value < 0) {
            s[--at] = '-';
        }
        s[--at] = (byte) type;
        out().writeBytes(s, at, s.length - at);
        writtenBytes += s.length - at;
        return this;
    }

    static void writeDecimal(ByteBuf out, long value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        if (value == Long.MIN_VALUE) {
            out.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        // digits into a scratch array, then one bounds-checked write instead of one per digit
        byte[] digits = new byte[19];
        int at = digits.length;
        do {
            long q = value / 10;
            digits[--at] = (byte) ('0' + (int) (value - q * 10));
            value = q;
        } while (value != 0);
        out.writeBytes(digits, at, digits.length - at);
    }
}
