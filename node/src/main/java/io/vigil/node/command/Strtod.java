package io.vigil.node.command;

import java.nio.charset.StandardCharsets;

/**
 * C's strtod (glibc, "C" locale) over bytes: leading white space, sign, decimal or hexadecimal
 * digits with an optional exponent, {@code inf}/{@code infinity}/{@code nan}. Redis parses scores,
 * ranges and timeouts with it and then applies its own checks on what was consumed, so the exact
 * end position and the ERANGE cases matter.
 */
final class Strtod {
    /** The parsed value. */
    double value;
    /** Index just past the consumed text; equals the start when nothing could be parsed. */
    int end;
    /** C's errno == ERANGE: overflow (value is +-inf) or underflow (value is 0 or subnormal). */
    boolean range;

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static int lower(byte b) {
        int c = b & 0xff;
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static boolean matches(byte[] s, int at, int end, String word) {
        if (end - at < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (lower(s[at + i]) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Parses {@code s[from, to)} like strtod on a NUL-terminated copy of it. */
    Strtod parse(byte[] s, int from, int to) {
        value = 0;
        end = from;
        range = false;
        int i = from;
        while (i < to && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < to && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (matches(s, i, to, "inf")) {
            end = matches(s, i, to, "infinity") ? i + 8 : i + 3;
            value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return this;
        }
        if (matches(s, i, to, "nan")) {
            int j = i + 3;
            if (j < to && s[j] == '(') {
                int k = j + 1;
                while (k < to && (Character.isLetterOrDigit(s[k]) || s[k] == '_')) {
                    k++;
                }
                if (k < to && s[k] == ')') {
                    j = k + 1;
                }
            }
            end = j;
            value = Double.NaN;
            return this;
        }
        if (i + 1 < to && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            int h = i + 2;
            boolean digits = false;
            StringBuilder text = new StringBuilder("0x");
            while (h < to && isHex(s[h])) {
                text.append((char) s[h++]);
                digits = true;
            }
            if (h < to && s[h] == '.') {
                int dot = h++;
                StringBuilder frac = new StringBuilder(".");
                boolean fracDigits = false;
                while (h < to && isHex(s[h])) {
                    frac.append((char) s[h++]);
                    fracDigits = true;
                }
                if (fracDigits || digits) {
                    text.append(frac);
                    digits = digits || fracDigits;
                } else {
                    h = dot;
                }
            }
            if (digits) {
                int exponent = h;
                String exp = "p0";
                if (h < to && (s[h] == 'p' || s[h] == 'P')) {
                    int e = h + 1;
                    if (e < to && (s[e] == '+' || s[e] == '-')) {
                        e++;
                    }
                    if (e < to && s[e] >= '0' && s[e] <= '9') {
                        while (e < to && s[e] >= '0' && s[e] <= '9') {
                            e++;
                        }
                        exp = "p" + new String(s, h + 1, e - h - 1, StandardCharsets.ISO_8859_1);
                        exponent = e;
                    }
                }
                if (text.length() == 2) {
                    text.append('0');
                }
                double v = Double.parseDouble(text + exp);
                finish(negative ? -v : v, exponent, !isZeroText(text.substring(2)));
                return this;
            }
            // "0x" without hex digits: only the "0" is a number.
            value = negative ? -0.0 : 0.0;
            end = i + 1;
            return this;
        }
        int start = i;
        boolean digits = false;
        boolean nonZero = false;
        while (i < to && s[i] >= '0' && s[i] <= '9') {
            nonZero |= s[i] != '0';
            i++;
            digits = true;
        }
        if (i < to && s[i] == '.') {
            int j = i + 1;
            boolean frac = false;
            while (j < to && s[j] >= '0' && s[j] <= '9') {
                nonZero |= s[j] != '0';
                j++;
                frac = true;
            }
            if (digits || frac) {
                i = j;
                digits = true;
            }
        }
        if (!digits) {
            return this;
        }
        if (i < to && (s[i] == 'e' || s[i] == 'E')) {
            int e = i + 1;
            if (e < to && (s[e] == '+' || s[e] == '-')) {
                e++;
            }
            if (e < to && s[e] >= '0' && s[e] <= '9') {
                while (e < to && s[e] >= '0' && s[e] <= '9') {
                    e++;
                }
                i = e;
            }
        }
        String text = new String(s, start, i - start, StandardCharsets.ISO_8859_1);
        double v = parseDecimal(text);
        finish(negative ? -v : v, i, nonZero);
        return this;
    }

    private static double parseDecimal(String text) {
        // Java rejects a bare trailing dot with an exponent-less form? No: "1." parses; ".5" parses.
        // Huge exponents: Double.parseDouble handles overflow to Infinity and underflow to 0.
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            // exponent beyond int range: decide by its sign
            int ePos = Math.max(text.indexOf('e'), text.indexOf('E'));
            return text.charAt(ePos + 1) == '-' ? 0.0 : Double.POSITIVE_INFINITY;
        }
    }

    private static boolean isZeroText(String hexDigits) {
        for (int i = 0; i < hexDigits.length(); i++) {
            char c = hexDigits.charAt(i);
            if (c != '0' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private void finish(double v, int end, boolean nonZeroMantissa) {
        value = v;
        this.end = end;
        if (Double.isInfinite(v)) {
            range = true;
        } else if (nonZeroMantissa && (v == 0 || Math.abs(v) < Double.MIN_NORMAL)) {
            range = true;
        }
    }
}
