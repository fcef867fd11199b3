package io.vigil.node.command;

import io.vigil.node.store.Strings;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * x87 80-bit long double arithmetic as INCRBYFLOAT and HINCRBYFLOAT do it in Redis: operands are
 * parsed with strtold (rounded to a 64-bit mantissa), summed and rounded to 64 bits again, and
 * printed with {@code %.17Lf} minus trailing zeros. Values are exact BigDecimals of binary
 * fractions, so results match Redis digit for digit (10.5 + 0.1 gives "10.6", 0.1 + 0.2 "0.3").
 */
final class LongDouble {
    private static final int MANTISSA_BITS = 64;
    /** Largest finite long double is just below 2^16384. */
    private static final int MAX_EXPONENT = 16384;
    /** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are refused. */
    private static final int MAX_CHARS = 5 * 1024;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private LongDouble() {
    }

    /** Returned by {@link #parse} for "inf"/"infinity": valid text, but any sum with it fails. */
    static final BigDecimal INFINITE = new BigDecimal(BigInteger.ONE, -999_999);

    /**
     * Redis's string2ld: the whole text must parse, no leading space, no NaN, no overflow or
     * underflow. Returns null when invalid, {@link #INFINITE} for an infinity literal.
     */
    static BigDecimal parse(byte[] text) {
        if (text.length == 0 || text.length >= MAX_CHARS || Strtod.isSpace(text[0] & 0xff)) {
            return null;
        }
        if (Strings.isStrictLong(text)) {
            return round(new BigDecimal(Strings.parseStrictLong(text)));
        }
        Strtod p = new Strtod().parse(text, 0, text.length);
        if (p.end != text.length || Double.isNaN(p.value)) {
            return null;
        }
        if (Double.isInfinite(p.value) && !hasDigit(text)) {
            return INFINITE;
        }
        BigDecimal exact = exactValue(text);
        if (exact == null) {
            return null;
        }
        BigDecimal rounded = round(exact);
        if (rounded == null || (rounded.signum() == 0 && exact.signum() != 0)) {
            return null; // ERANGE: overflow or underflow
        }
        return rounded;
    }

    private static boolean hasDigit(byte[] text) {
        for (byte b : text) {
            if (b >= '0' && b <= '9') {
                return true;
            }
        }
        return false;
    }

    /** The exact value of a decimal or hexadecimal strtod text, or null when out of range. */
    private static BigDecimal exactValue(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        boolean negative = false;
        String body = text;
        if (body.startsWith("+") || body.startsWith("-")) {
            negative = body.startsWith("-");
            body = body.substring(1);
        }
        BigDecimal value;
        if (body.length() > 1 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'X')) {
            value = hexValue(body.substring(2));
        } else {
            try {
                value = new BigDecimal(body);
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        if (value == null) {
            return null;
        }
        return negative ? value.negate() : value;
    }

    private static BigDecimal hexValue(String hex) {
        int p = Math.max(hex.indexOf('p'), hex.indexOf('P'));
        long exponent = 0;
        String mantissa = hex;
        if (p >= 0) {
            exponent = Long.parseLong(hex.substring(p + 1).replace("+", ""));
            mantissa = hex.substring(0, p);
        }
        int dot = mantissa.indexOf('.');
        String digits = mantissa;
        if (dot >= 0) {
            digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
            exponent -= 4L * (mantissa.length() - dot - 1);
        }
        if (digits.isEmpty()) {
            digits = "0";
        }
        if (Math.abs(exponent) > 20000) {
            return null;
        }
        BigDecimal value = new BigDecimal(new BigInteger(digits, 16));
        return exponent >= 0 ? value.multiply(TWO.pow((int) exponent))
                : value.divide(TWO.pow((int) -exponent));
    }

    /** Rounds to the nearest value with a 64-bit mantissa (ties to even); null on overflow. */
    static BigDecimal round(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal a = x.abs();
        BigInteger unscaled = a.unscaledValue();
        int scale = a.scale();
        long e = unscaled.bitLength() - 1 - (long) Math.floor(scale * 3.321928094887362);
        if (e > MAX_EXPONENT + 4) {
            return null;
        }
        if (e < -16500) {
            return BigDecimal.ZERO;
        }
        while (pow2(e).compareTo(a) > 0) {
            e--;
        }
        while (pow2(e + 1).compareTo(a) <= 0) {
            e++;
        }
        if (e >= MAX_EXPONENT) {
            return null;
        }
        long shift = MANTISSA_BITS - 1 - e;
        BigInteger m = scaled(unscaled, scale, shift);
        if (m.bitLength() > MANTISSA_BITS) {
            m = m.shiftRight(1);
            shift--;
            if (MANTISSA_BITS - 1 - shift >= MAX_EXPONENT) {
                return null;
            }
        }
        BigDecimal result = fromScaled(m, shift);
        return x.signum() < 0 ? result.negate() : result;
    }

    private static BigDecimal pow2(long e) {
        if (e >= 0) {
            return new BigDecimal(BigInteger.ONE.shiftLeft((int) e));
        }
        return new BigDecimal(BigInteger.valueOf(5).pow((int) -e), (int) -e);
    }

    /** round_half_even(unscaled * 10^-scale * 2^shift). */
    private static BigInteger scaled(BigInteger unscaled, int scale, long shift) {
        BigInteger num = unscaled;
        BigInteger den = BigInteger.ONE;
        if (scale > 0) {
            den = BigInteger.TEN.pow(scale);
        } else if (scale < 0) {
            num = num.multiply(BigInteger.TEN.pow(-scale));
        }
        if (shift >= 0) {
            num = num.shiftLeft((int) shift);
        } else {
            den = den.shiftLeft((int) -shift);
        }
        BigInteger[] qr = num.divideAndRemainder(den);
        int cmp = qr[1].shiftLeft(1).compareTo(den);
        BigInteger q = qr[0];
        if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
        }
        return q;
    }

    private static BigDecimal fromScaled(BigInteger m, long shift) {
        if (shift <= 0) {
            return new BigDecimal(m.shiftLeft((int) -shift));
        }
        // m / 2^shift = m * 5^shift / 10^shift
        return new BigDecimal(m.multiply(BigInteger.valueOf(5).pow((int) shift)), (int) shift);
    }

    /** The rounded sum, or null when it is infinite (or NaN) as Redis refuses it. */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        if (a == INFINITE || b == INFINITE) {
            return null;
        }
        return round(a.add(b));
    }

    /** {@code %.17Lf} with trailing zeros (and a trailing dot) removed, "-0" printed as "0". */
    static String format(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        if (text.indexOf('.') >= 0) {
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            if (text.charAt(end - 1) == '.') {
                end--;
            }
        }
        text = text.substring(0, end);
        return text.equals("-0") ? "0" : text;
    }
}
