package io.vigil.node.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bit-level helpers of Redis's bitops.c on byte arrays: bit 0 is the most significant bit of the
 * first byte (SETBIT's and BITFIELD's convention), counting, searching, and BITFIELD's integers
 * of 1 to 64 bits at any bit offset with Redis's overflow rules (WRAP, SAT, FAIL).
 */
public final class Bits {
    /** BITFIELD OVERFLOW WRAP: wrap around (the default). */
    public static final int WRAP = 0;
    /** BITFIELD OVERFLOW SAT: saturate at the type's minimum or maximum. */
    public static final int SAT = 1;
    /** BITFIELD OVERFLOW FAIL: leave the value alone and reply null. */
    public static final int FAIL = 2;

    private Bits() {
    }

    /** Eight bytes at once in the platform's order: the count of set bits does not depend on it. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** Set bits in {@code bytes[from, from + count)} (redisPopcount). */
    public static long popcount(byte[] bytes, int from, int count) {
        long bits = 0;
        int end = from + count;
        int i = from;
        for (; i + 8 <= end; i += 8) {
            bits += Long.bitCount((long) LONGS.get(bytes, i));
        }
        for (; i < end; i++) {
            bits += Integer.bitCount(bytes[i] & 0xff);
        }
        return bits;
    }

    /**
     * redisBitpos: the position of the first bit equal to {@code bit} in {@code bytes[from, from +
     * count)}, relative to {@code from}. Looking for 0 never fails: past the end the string counts
     * as zero-padded, so {@code count * 8} comes back. Looking for 1 in all-zero bytes gives -1.
     */
    public static long bitpos(byte[] bytes, int from, int count, int bit) {
        int skip = bit == 1 ? 0 : 0xff;
        for (int i = 0; i < count; i++) {
            int b = bytes[from + i] & 0xff;
            if (b != skip) {
                for (int j = 0; j < 8; j++) {
                    if (((b >> (7 - j)) & 1) == bit) {
                        return (long) i * 8 + j;
                    }
                }
            }
        }
        return bit == 1 ? -1 : (long) count * 8;
    }

    /** getUnsignedBitfield: {@code bits} bits from bit {@code offset}, most significant first. */
    public static long getUnsigned(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            int b = p[(int) (offset >>> 3)] & 0xff;
            int bitval = (b >> (7 - (int) (offset & 7))) & 1;
            value = (value << 1) | bitval;
            offset++;
        }
        return value;
    }

    /** getSignedBitfield: as {@link #getUnsigned}, the top bit sign-extended. */
    public static long getSigned(byte[] p, long offset, int bits) {
        long value = getUnsigned(p, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    /** setUnsignedBitfield (also used for signed values, two's complement). */
    public static void set(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            int bitval = (value & (1L << (bits - 1 - j))) != 0 ? 1 : 0;
            int index = (int) (offset >>> 3);
            int shift = 7 - (int) (offset & 7);
            int b = p[index] & ~(1 << shift);
            b |= bitval << shift;
            p[index] = (byte) b;
            offset++;
        }
    }

    /**
     * checkUnsignedBitfieldOverflow: 0 when {@code value + incr} fits in {@code bits} unsigned bits,
     * 1 on overflow, -1 on underflow; {@code limit[0]} then receives the wrapped or saturated value
     * (left alone for FAIL). {@code value} is read as unsigned, as Redis's uint64_t.
     */
    public static int checkUnsignedOverflow(long value, long incr, int bits, int overflow, long[] limit) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            if (overflow == WRAP) {
                return wrapUnsigned(value, incr, bits, limit);
            } else if (overflow == SAT) {
                limit[0] = max;
            }
            return 1;
        } else if (incr < 0 && incr < minIncr) {
            if (overflow == WRAP) {
                return wrapUnsigned(value, incr, bits, limit);
            } else if (overflow == SAT) {
                limit[0] = 0;
            }
            return -1;
        }
        return 0;
    }

    private static int wrapUnsigned(long value, long incr, int bits, long[] limit) {
        long mask = bits == 64 ? 0 : -1L << bits;
        limit[0] = (value + incr) & ~mask;
        // Redis returns 1 for a wrap whichever the direction
        return 1;
    }

    /**
     * checkSignedBitfieldOverflow, with Redis's arithmetic (its intermediate values wrap as C's do,
     * which Java's long arithmetic reproduces).
     */
    public static int checkSignedOverflow(long value, long incr, int bits, int overflow, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            if (overflow == WRAP) {
                return wrapSigned(value, incr, bits, limit);
            } else if (overflow == SAT) {
                limit[0] = max;
            }
            return 1;
        } else if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            if (overflow == WRAP) {
                return wrapSigned(value, incr, bits, limit);
            } else if (overflow == SAT) {
                limit[0] = min;
            }
            return -1;
        }
        return 0;
    }

    private static int wrapSigned(long value, long incr, int bits, long[] limit) {
        long c = value + incr;
        if (bits < 64) {
            long msb = 1L << (bits - 1);
            long mask = -1L << bits;
            c = (c & msb) != 0 ? c | mask : c & ~mask;
        }
        limit[0] = c;
        return 1;
    }
}
