package io.vigil.node.rdb;

/** Redis's strict integer parsing (string2ll), the test behind every integer encoding. */
public final class RdbNumbers {
    private RdbNumbers() {
    }

    /**
     * Parses {@code length} bytes as string2ll does: optional '-', no leading zeros, no '+', no
     * spaces, within 64 bits. On success stores the value in {@code result[0]} and returns true.
     */
    public static boolean parseLong(byte[] s, int offset, int length, long[] result) {
        if (length == 0 || length > 20) {
            return false;
        }
        int p = offset;
        int end = offset + length;
        if (length == 1 && s[p] == '0') {
            result[0] = 0;
            return true;
        }
        boolean negative = false;
        if (s[p] == '-') {
            negative = true;
            p++;
            if (p == end) {
                return false;
            }
        }
        if (s[p] < '1' || s[p] > '9') {
            return false;
        }
        long v = 0; // accumulated as a negative number so that Long.MIN_VALUE is reachable
        for (; p < end; p++) {
            int d = s[p] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (v < Long.MIN_VALUE / 10) {
                return false;
            }
            v *= 10;
            if (v < Long.MIN_VALUE + d) {
                return false;
            }
            v -= d;
        }
        if (negative) {
            result[0] = v;
            return true;
        }
        if (v == Long.MIN_VALUE) {
            return false;
        }
        result[0] = -v;
        return true;
    }
}
