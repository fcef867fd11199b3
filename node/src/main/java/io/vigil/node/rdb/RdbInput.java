package io.vigil.node.rdb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads RDB primitives (rdbLoadLen, rdbGenericLoadStringObject with the integer and LZF
 * encodings, doubles, times) from a stream, keeping the CRC-64 of every byte consumed so the
 * trailing checksum can be verified. Never reads past what it consumes by more than its buffer,
 * and {@link #rest()} hands the unread bytes on (an AOF with an RDB preamble continues in RESP).
 */
public final class RdbInput {
    /** Lengths above this are read incrementally so a corrupt length cannot allocate gigabytes up front. */
    private static final int EAGER_LIMIT = 1 << 20;
    private static final int MAX_STRING = Integer.MAX_VALUE - 16;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long crc;
    private int crcFrom;
    private long consumedBefore;
    private boolean lastLengthEncoded;

    public RdbInput(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return consumedBefore + position;
    }

    /** The CRC-64 of every byte consumed so far. */
    public long crc() {
        crc = Crc64.update(crc, buffer, crcFrom, position - crcFrom);
        crcFrom = position;
        return crc;
    }

    private boolean fill() throws IOException {
        crc = Crc64.update(crc, buffer, crcFrom, position - crcFrom);
        consumedBefore += position;
        position = 0;
        crcFrom = 0;
        limit = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }

    /** True when the stream has no more bytes. */
    public boolean atEnd() throws IOException {
        return position == limit && !fill();
    }

    public int readByte() throws IOException {
        if (position == limit && !fill()) {
            throw new RdbTruncatedException(offset());
        }
        return buffer[position++] & 0xff;
    }

    public void readFully(byte[] target, int offset, int length) throws IOException {
        while (length > 0) {
            if (position == limit && !fill()) {
                throw new RdbTruncatedException(offset());
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    public byte[] readBytes(long length) throws IOException {
        if (length < 0 || length > MAX_STRING) {
            throw new RdbFormatException("Invalid string length " + length + " at offset " + offset());
        }
        int n = (int) length;
        if (n <= EAGER_LIMIT) {
            byte[] result = new byte[n];
            readFully(result, 0, n);
            return result;
        }
        // Grow as the bytes actually arrive: a truncated or corrupt file fails before a huge allocation.
        byte[] result = new byte[EAGER_LIMIT];
        int filled = 0;
        while (filled < n) {
            if (filled == result.length) {
                result = java.util.Arrays.copyOf(result, (int) Math.min((long) result.length * 2, n));
            }
            int chunk = result.length - filled;
            readFully(result, filled, chunk);
            filled += chunk;
        }
        return result;
    }

    public void skip(long length) throws IOException {
        while (length > 0) {
            if (position == limit && !fill()) {
                throw new RdbTruncatedException(offset());
            }
            int n = (int) Math.min(length, limit - position);
            position += n;
            length -= n;
        }
    }

    /**
     * rdbLoadLenByRef: a length, or with the top bits 11 a special string encoding whose id is
     * returned with {@link #lastLengthEncoded()} set.
     */
    public long readLengthOrEncoding() throws IOException {
        int first = readByte();
        int type = (first & 0xC0) >>> 6;
        lastLengthEncoded = false;
        switch (type) {
            case 0:
                return first & 0x3F;
            case 1:
                return ((long) (first & 0x3F) << 8) | readByte();
            case 3:
                lastLengthEncoded = true;
                return first & 0x3F;
            default:
                if (first == 0x80) {
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v = (v << 8) | readByte();
                    }
                    return v;
                }
                if (first == 0x81) {
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = (v << 8) | readByte();
                    }
                    return v;
                }
                throw new RdbFormatException("Unknown length encoding " + first + " in rdbLoadLen() at offset "
                        + (offset() - 1));
        }
    }

    public boolean lastLengthEncoded() {
        return lastLengthEncoded;
    }

    /** A plain length (no special encodings allowed). */
    public long readLength() throws IOException {
        long length = readLengthOrEncoding();
        if (lastLengthEncoded) {
            throw new RdbFormatException("Unexpected encoded length at offset " + (offset() - 1));
        }
        return length;
    }

    /** A length that must fit a Java collection. */
    public int readCount() throws IOException {
        long length = readLength();
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new RdbFormatException("Invalid element count " + length + " at offset " + offset());
        }
        return (int) length;
    }

    /** A string in any of its encodings, as its bytes (integers as their decimal text). */
    public byte[] readString() throws IOException {
        long length = readLengthOrEncoding();
        if (!lastLengthEncoded) {
            return readBytes(length);
        }
        switch ((int) length) {
            case RdbOpcodes.ENC_INT8:
                return ascii((byte) readByte());
            case RdbOpcodes.ENC_INT16: {
                int lo = readByte();
                int hi = readByte();
                return ascii((short) (lo | (hi << 8)));
            }
            case RdbOpcodes.ENC_INT32: {
                int v = readByte() | (readByte() << 8) | (readByte() << 16) | (readByte() << 24);
                return ascii(v);
            }
            case RdbOpcodes.ENC_LZF: {
                long compressed = readLength();
                long original = readLength();
                if (original > MAX_STRING || compressed > MAX_STRING) {
                    throw new RdbFormatException("Invalid LZF lengths at offset " + offset());
                }
                byte[] packed = readBytes(compressed);
                return Lzf.decompress(packed, packed.length, (int) original);
            }
            default:
                throw new RdbFormatException("Unknown RDB string encoding type " + length + " at offset " + offset());
        }
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** Type 3 (old ZSET) doubles: a length byte, 253 NaN, 254 +inf, 255 -inf, else ASCII. */
    public double readStringDouble() throws IOException {
        int length = readByte();
        switch (length) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] text = new byte[length];
                readFully(text, 0, length);
                try {
                    return Double.parseDouble(new String(text, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new RdbFormatException("Invalid double value at offset " + offset());
                }
        }
    }

    public long readLongLE() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 8) {
            v |= (long) readByte() << shift;
        }
        return v;
    }

    public double readBinaryDouble() throws IOException {
        return Double.longBitsToDouble(readLongLE());
    }

    /** 4-byte little-endian seconds (the old EXPIRETIME opcode). */
    public long readIntLE() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            v |= (long) readByte() << shift;
        }
        return v;
    }

    /** What is left after the bytes consumed: the buffered part, then the rest of the stream. */
    public InputStream rest() {
        byte[] left = java.util.Arrays.copyOfRange(buffer, position, limit);
        consumedBefore += position;
        crc = Crc64.update(crc, buffer, crcFrom, position - crcFrom);
        position = limit;
        crcFrom = limit;
        return new SequenceInputStream(new ByteArrayInputStream(left), in);
    }
}
