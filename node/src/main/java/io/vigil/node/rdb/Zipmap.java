package io.vigil.node.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Decoder for the zipmap (zipmap.c), the small-hash encoding of RDB files from Redis before 2.6,
 * still loaded by 7.0: {@code <zmlen><len>key<len><free>value[free bytes]...<0xFF>}.
 */
public final class Zipmap {
    private Zipmap() {
    }

    /** Field, value, field, value... */
    public static List<byte[]> decode(byte[] zm) throws RdbFormatException {
        if (zm.length < 2) {
            throw new RdbFormatException("Zipmap too short");
        }
        List<byte[]> entries = new ArrayList<>();
        int p = 1;
        while (true) {
            check(p < zm.length, "key length");
            int first = zm[p] & 0xff;
            if (first == 255) {
                break;
            }
            long[] len = new long[1];
            p = readLength(zm, p, len);
            check(len[0] <= zm.length - p, "key");
            entries.add(java.util.Arrays.copyOfRange(zm, p, p + (int) len[0]));
            p += (int) len[0];
            check(p < zm.length, "value length");
            p = readLength(zm, p, len);
            check(p < zm.length, "free");
            int free = zm[p++] & 0xff;
            check(len[0] + free <= zm.length - p, "value");
            entries.add(java.util.Arrays.copyOfRange(zm, p, p + (int) len[0]));
            p += (int) len[0] + free;
        }
        if (p != zm.length - 1) {
            throw new RdbFormatException("Zipmap has trailing bytes");
        }
        return entries;
    }

    private static int readLength(byte[] zm, int p, long[] out) throws RdbFormatException {
        int first = zm[p] & 0xff;
        if (first < 254) {
            out[0] = first;
            return p + 1;
        }
        if (first == 254) {
            check(p + 5 <= zm.length, "length");
            out[0] = (zm[p + 1] & 0xffL) | (zm[p + 2] & 0xffL) << 8 | (zm[p + 3] & 0xffL) << 16
                    | (zm[p + 4] & 0xffL) << 24;
            return p + 5;
        }
        throw new RdbFormatException("Invalid zipmap length byte 255");
    }

    private static void check(boolean ok, String what) throws RdbFormatException {
        if (!ok) {
            throw new RdbFormatException("Zipmap " + what + " runs past the end");
        }
    }
}
