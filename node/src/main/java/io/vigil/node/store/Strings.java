package io.vigil.node.store;

import io.vigil.node.resp.DecimalDigits;

/**
 * Helpers for string values, which are either bare {@code byte[]} (immutable) or a
 * {@link GrowableString} after APPEND/SETRANGE. Also Redis's strict integer parsing (string2ll),
 * which decides the "int" encoding and intset membership.
 */
public final class Strings {
    private Strings() {
    }

    public static boolean isString(Object value) {
        return value instanceof byte[] || value instanceof GrowableString;
    }

    /** The bytes of a string value (a copy only for a GrowableString with spare room). */
    public static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        return ((GrowableString) value).toBytes();
    }

    public static int length(Object value) {
        if (value instanceof byte[] b) {
            return b.length;
        }
        return ((GrowableString) value).length();
    }

    /** OBJECT ENCODING of a string value, as Redis's tryObjectEncoding would have left it. */
    public static String encoding(Object value) {
        if (value instanceof GrowableString g) {
            return g.encoding();
        }
        byte[] b = (byte[]) value;
        if (b.length <= 20 && isStrictLong(b, 0, b.length)) {
            return "int";
        }
        return b.length <= 44 ? "embstr" : "raw";
    }

    /** True when the bytes are the canonical decimal form of a signed 64-bit integer (string2ll). */
    public static boolean isStrictLong(byte[] b) {
        return isStrictLong(b, 0, b.length);
    }

    public static boolean isStrictLong(byte[] b, int offset, int length) {
        if (length == 0 || length > 20) {
            return false;
        }
        int i = offset;
        int end = offset + length;
        boolean negative = false;
        if (b[i] == '-') {
            negative = true;
            i++;
            if (i == end) {
                return false;
            }
        }
        if (b[i] == '0') {
            // "0" alone is canonical; "-0" and leading zeros are not.
            return i + 1 == end && !negative;
        }
        long value = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            // accumulate negatively so that Long.MIN_VALUE fits
            if (value < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            value = value * 10 - d;
        }
        return negative || value != Long.MIN_VALUE;
    }

    /** Parses a strict integer; callers check {@link #isStrictLong} first. */
    public static long parseStrictLong(byte[] b) {
        int i = 0;
        boolean negative = b[0] == '-';
        if (negative) {
            i = 1;
        }
        long value = 0;
        for (; i < b.length; i++) {
            value = value * 10 - (b[i] - '0');
        }
        return negative ? value : -value;
    }

    private static final byte[][] SMALL = new byte[10000][];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /** The decimal bytes of {@code value}; small values come from a shared table (never mutate them). */
    public static byte[] fromLong(long value) {
        if (value >= 0 && value < SMALL.length) {
            return SMALL[(int) value];
        }
        if (value == Long.MIN_VALUE) {
            return "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        boolean negative = value < 0;
        long v = negative ? -value : value;
        int digits = 1;
        while (digits < 19 && v >= POWERS[digits]) {
            digits++;
        }
        byte[] out = new byte[digits + (negative ? 1 : 0)];
        DecimalDigits.writeBackwards(out, out.length, v);
        if (negative) {
            out[0] = '-';
        }
        return out;
    }

    private static final long[] POWERS = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }
}
