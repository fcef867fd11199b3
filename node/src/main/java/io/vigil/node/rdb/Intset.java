package io.vigil.node.rdb;

import java.util.Arrays;

/**
 * Redis's intset (intset.c), the blob of SET_INTSET: uint32 LE element width (2, 4 or 8), uint32
 * LE count, then the sorted integers little-endian in that width.
 */
public final class Intset {
    private Intset() {
    }

    public static long[] decode(byte[] blob) throws RdbFormatException {
        if (blob.length < 8) {
            throw new RdbFormatException("Intset too short (" + blob.length + " bytes)");
        }
        long width = u32(blob, 0);
        long count = u32(blob, 4);
        if (width != 2 && width != 4 && width != 8) {
            throw new RdbFormatException("Invalid intset encoding " + width);
        }
        if (8 + count * width != blob.length) {
            throw new RdbFormatException("Intset of " + count + " x " + width + " bytes does not match blob size "
                    + blob.length);
        }
        long[] values = new long[(int) count];
        int p = 8;
        for (int i = 0; i < count; i++) {
            long v = 0;
            for (int b = (int) width - 1; b >= 0; b--) {
                v = (v << 8) | (blob[p + b] & 0xff);
            }
            int shift = 64 - 8 * (int) width;
            values[i] = (v << shift) >> shift;
            p += (int) width;
        }
        for (int i = 1; i < values.length; i++) {
            if (values[i] <= values[i - 1]) {
                throw new RdbFormatException("Intset is not sorted or has duplicates");
            }
        }
        return values;
    }

    /** Encodes integers (any order, no duplicates) in the narrowest width, as intsetAdd would. */
    public static byte[] encode(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int width = 2;
        for (long v : sorted) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                width = 8;
                break;
            }
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                width = 4;
            }
        }
        byte[] blob = new byte[8 + sorted.length * width];
        putU32(blob, 0, width);
        putU32(blob, 4, sorted.length);
        int p = 8;
        for (long v : sorted) {
            for (int b = 0; b < width; b++) {
                blob[p + b] = (byte) (v >>> (8 * b));
            }
            p += width;
        }
        return blob;
    }

    private static void putU32(byte[] b, int p, long v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }
}
