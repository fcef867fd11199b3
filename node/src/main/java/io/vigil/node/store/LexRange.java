package io.vigil.node.store;

import java.util.Arrays;

/**
 * A ZRANGEBYLEX interval: each end is {@code -}, {@code +}, {@code [member} or {@code (member}.
 * Comparisons are memcmp order, with {@code -} below and {@code +} above every member.
 */
public final class LexRange {
    private final int minKind;
    private final byte[] min;
    private final boolean minExclusive;
    private final int maxKind;
    private final byte[] max;
    private final boolean maxExclusive;

    private static final int NEG_INF = -1;
    private static final int VALUE = 0;
    private static final int POS_INF = 1;

    private LexRange(int minKind, byte[] min, boolean minExclusive, int maxKind, byte[] max, boolean maxExclusive) {
        this.minKind = minKind;
        this.min = min;
        this.minExclusive = minExclusive;
        this.maxKind = maxKind;
        this.max = max;
        this.maxExclusive = maxExclusive;
    }

    /** Parses both ends; null when either is not a valid range item. */
    public static LexRange parse(byte[] min, byte[] max) {
        if (!valid(min) || !valid(max)) {
            return null;
        }
        return new LexRange(kind(min), value(min), min[0] == '(', kind(max), value(max), max[0] == '(');
    }

    private static boolean valid(byte[] item) {
        if (item.length == 0) {
            return false;
        }
        return switch (item[0]) {
            case '+', '-' -> item.length == 1;
            case '(', '[' -> true;
            default -> false;
        };
    }

    private static int kind(byte[] item) {
        return item[0] == '-' ? NEG_INF : item[0] == '+' ? POS_INF : VALUE;
    }

    private static byte[] value(byte[] item) {
        return item[0] == '(' || item[0] == '[' ? Arrays.copyOfRange(item, 1, item.length) : null;
    }

    /** Compares a member against an end, that end being -inf/+inf or a value. */
    private static int compare(byte[] member, int kind, byte[] value) {
        if (kind == NEG_INF) {
            return 1;
        }
        if (kind == POS_INF) {
            return -1;
        }
        return Arrays.compareUnsigned(member, value);
    }

    public boolean gteMin(byte[] member) {
        int c = compare(member, minKind, min);
        return minExclusive ? c > 0 : c >= 0;
    }

    public boolean lteMax(byte[] member) {
        int c = compare(member, maxKind, max);
        return maxExclusive ? c < 0 : c <= 0;
    }

    /** True when no member can be in the range (min above max, or equal with an open end). */
    public boolean isEmpty() {
        if (minKind == POS_INF || maxKind == NEG_INF) {
            return true;
        }
        if (minKind == NEG_INF || maxKind == POS_INF) {
            return false;
        }
        int c = Arrays.compareUnsigned(min, max);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }
}
