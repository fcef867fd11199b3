package io.vigil.conf;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Number parsing and formatting with Redis's exact rules: {@code string2ll} (strict), {@code memtoull}
 * (memory units, k=1000, kb=1024), C {@code strtoll}, and the rewrite memory format (gb/mb/kb).
 */
public final class RedisNumbers {
    private static final long KB = 1024L;
    private static final long MB = 1024L * 1024;
    private static final long GB = 1024L * 1024 * 1024;

    private RedisNumbers() {
    }

    /** Redis {@code string2ll}: optional '-', no '+', no spaces, no leading zeros, no overflow. */
    public static OptionalLong string2ll(String s) {
        int n = s.length();
        if (n == 0) {
            return OptionalLong.empty();
        }
        if (n == 1 && s.charAt(0) == '0') {
            return OptionalLong.of(0);
        }
        int i = 0;
        if (s.charAt(0) == '-') {
            i++;
            if (i == n) {
                return OptionalLong.empty();
            }
        }
        if (s.charAt(i) < '1' || s.charAt(i) > '9') {
            return OptionalLong.empty();
        }
        for (int j = i; j < n; j++) {
            if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Redis {@code memtoull}: digits followed by an optional unit (b, k, kb, m, mb, g, gb; any case).
     * The result is an unsigned 64-bit value held in a long. Empty digits count as 0, like Redis.
     */
    public static OptionalLong memtoull(String p) {
        if (p.startsWith("-")) {
            return OptionalLong.empty();
        }
        int u = 0;
        while (u < p.length() && p.charAt(u) >= '0' && p.charAt(u) <= '9') {
            u++;
        }
        String unit = p.substring(u);
        long mul;
        if (unit.isEmpty() || unit.equalsIgnoreCase("b")) {
            mul = 1;
        } else if (unit.equalsIgnoreCase("k")) {
            mul = 1000;
        } else if (unit.equalsIgnoreCase("kb")) {
            mul = KB;
        } else if (unit.equalsIgnoreCase("m")) {
            mul = 1000L * 1000;
        } else if (unit.equalsIgnoreCase("mb")) {
            mul = MB;
        } else if (unit.equalsIgnoreCase("g")) {
            mul = 1000L * 1000 * 1000;
        } else if (unit.equalsIgnoreCase("gb")) {
            mul = GB;
        } else {
            return OptionalLong.empty();
        }
        if (u >= 128) {
            return OptionalLong.empty();
        }
        long val;
        if (u == 0) {
            val = 0;
        } else {
            try {
                val = Long.parseUnsignedLong(p.substring(0, u));
            } catch (NumberFormatException e) {
                // strtoull saturates at ULLONG_MAX on overflow and Redis does not check ERANGE.
                val = -1L;
            }
        }
        if (Long.compareUnsigned(val, Long.divideUnsigned(-1L, mul)) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(val * mul);
    }

    /** Result of {@link #strtoll}: the value and whether the whole string was consumed. */
    public record StrtollResult(long value, boolean fullyConsumed) {
    }

    /**
     * C {@code strtoll(s, &end, base)}: skips leading spaces, optional sign, saturates on overflow;
     * {@code fullyConsumed} mirrors the {@code *end == '\0'} check callers do.
     */
    public static StrtollResult strtoll(String s, int base) {
        int n = s.length();
        int i = 0;
        while (i < n && ArgSplitter.isSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        java.math.BigInteger acc = java.math.BigInteger.ZERO;
        java.math.BigInteger b = java.math.BigInteger.valueOf(base);
        while (i < n) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0 || s.charAt(i) > 0x7f) {
                break;
            }
            acc = acc.multiply(b).add(java.math.BigInteger.valueOf(d));
            i++;
        }
        if (i == digitsStart) {
            // No conversion: end points at the start of the string.
            return new StrtollResult(0, n == 0);
        }
        if (neg) {
            acc = acc.negate();
        }
        long v;
        if (acc.compareTo(java.math.BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            v = Long.MAX_VALUE;
        } else if (acc.compareTo(java.math.BigInteger.valueOf(Long.MIN_VALUE)) < 0) {
            v = Long.MIN_VALUE;
        } else {
            v = acc.longValue();
        }
        return new StrtollResult(v, i == n);
    }

    /** True when strtoll overflowed for this input (errno ERANGE). */
    static boolean strtollOverflows(String s, int base) {
        StrtollResult r = strtoll(s, base);
        if (r.value() != Long.MAX_VALUE && r.value() != Long.MIN_VALUE) {
            return false;
        }
        String t = s.strip();
        try {
            Long.parseLong(t.startsWith("+") ? t.substring(1) : t, base);
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Formats bytes for CONFIG REWRITE: "1gb", "3mb", "16kb" when divisible, else plain (signed). */
    public static String formatMemory(long bytes) {
        if (bytes != 0 && bytes % GB == 0) {
            return (bytes / GB) + "gb";
        } else if (bytes != 0 && bytes % MB == 0) {
            return (bytes / MB) + "mb";
        } else if (bytes != 0 && bytes % KB == 0) {
            return (bytes / KB) + "kb";
        }
        return Long.toString(bytes);
    }

    /**
     * Redis {@code string2d}: a whole-string decimal double, no leading space, not NaN.
     * Returns null when invalid.
     */
    public static Double string2d(String s) {
        if (s.isEmpty() || ArgSplitter.isSpace(s.charAt(0))) {
            return null;
        }
        String t = s.strip();
        if (!t.equals(s)) {
            return null;
        }
        String lower = ArgSplitter.lower(s);
        String body = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (body.equals("inf") || body.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!s.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
            return null;
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            return null;
        }
        return d;
    }

    /** C's {@code "%f"} followed by Redis's {@code trimDoubleString} (drops trailing zeros and dot). */
    public static String formatPercentile(double d) {
        String f = String.format(Locale.ROOT, "%f", d);
        if (f.indexOf('.') >= 0) {
            int end = f.length();
            while (end > 0 && f.charAt(end - 1) == '0') {
                end--;
            }
            if (end > 0 && f.charAt(end - 1) == '.') {
                end--;
            }
            f = f.substring(0, end);
        }
        return f;
    }
}
