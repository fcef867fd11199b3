package io.vigil.node.resp;

/**
 * Decimal digits of a non-negative long, written backwards two at a time: RESP headers and INCR
 * replies format one number per call, and this was the top cost of INCR.
 */
public final class DecimalDigits {
    /** "00" to "99", two bytes each. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private DecimalDigits() {
    }

    /**
     * Writes the digits of {@code value} (at least 0) so that the last one lands just before
     * {@code end}; returns the index of the first. The caller makes room (at most 19 bytes).
     */
    public static int writeBackwards(byte[] dst, int end, long value) {
        int at = end;
        long v = value;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            dst[--at] = PAIRS[2 * r + 1];
            dst[--at] = PAIRS[2 * r];
            v = q;
        }
        // int arithmetic once it fits (list lengths, bulk sizes, most counters)
        int w = (int) v;
        while (w >= 100) {
            int q = w / 100;
            int r = w - q * 100;
            dst[--at] = PAIRS[2 * r + 1];
            dst[--at] = PAIRS[2 * r];
            w = q;
        }
        if (w >= 10) {
            dst[--at] = PAIRS[2 * w + 1];
            dst[--at] = PAIRS[2 * w];
        } else {
            dst[--at] = (byte) ('0' + w);
        }
        return at;
    }
}
