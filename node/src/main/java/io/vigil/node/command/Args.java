package io.vigil.node.command;

import io.vigil.node.server.CommandError;
import io.vigil.node.store.ScoreRange;
import io.vigil.node.store.Strings;

/** Argument parsing with Redis's rules and error texts (string2ll, strtod checks, ranges). */
final class Args {
    private Args() {
    }

    /** A strict 64-bit integer (string2ll), else "value is not an integer or out of range". */
    static long toLong(byte[] arg) {
        if (!Strings.isStrictLong(arg)) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        return Strings.parseStrictLong(arg);
    }

    /** A strict integer with a custom error text (Redis's getLongLongFromObjectOrReply with msg). */
    static long toLong(byte[] arg, String error) {
        if (!Strings.isStrictLong(arg)) {
            throw new CommandError(error);
        }
        return Strings.parseStrictLong(arg);
    }

    /** True when the argument is a strict integer (string2ll). */
    static boolean isLong(byte[] arg) {
        return Strings.isStrictLong(arg);
    }

    /**
     * getPositiveLongFromObjectOrReply: a non-negative integer; anything else (not a number
     * included) fails with {@code message}, by default "value is out of range, must be positive".
     */
    static long positive(byte[] arg, String message) {
        if (!Strings.isStrictLong(arg) || Strings.parseStrictLong(arg) < 0) {
            throw new CommandError(message == null ? "ERR value is out of range, must be positive" : message);
        }
        return Strings.parseStrictLong(arg);
    }

    /** An int within [Integer.MIN_VALUE, Integer.MAX_VALUE] ... as Redis's getRangeLongFromObject. */
    static long toLongInRange(byte[] arg, long min, long max, String error) {
        if (!Strings.isStrictLong(arg)) {
            throw new CommandError(error);
        }
        long v = Strings.parseStrictLong(arg);
        if (v < min || v > max) {
            throw new CommandError(error);
        }
        return v;
    }

    /**
     * A double as getDoubleFromObject accepts it: the whole argument parsed by strtod, no leading
     * space, no overflow or underflow to zero, not NaN. Returns NaN when invalid.
     */
    static double parseDouble(byte[] arg) {
        if (arg.length == 0 || Strtod.isSpace(arg[0] & 0xff)) {
            return Double.NaN;
        }
        Strtod p = new Strtod().parse(arg, 0, arg.length);
        if (p.end != arg.length || Double.isNaN(p.value)) {
            return Double.NaN;
        }
        if (p.range && (Double.isInfinite(p.value) || p.value == 0)) {
            return Double.NaN;
        }
        return p.value;
    }

    static double toDouble(byte[] arg) {
        double v = parseDouble(arg);
        if (Double.isNaN(v)) {
            throw new CommandError(CommandError.NOT_FLOAT);
        }
        return v;
    }

    static double toDouble(byte[] arg, String error) {
        double v = parseDouble(arg);
        if (Double.isNaN(v)) {
            throw new CommandError(error);
        }
        return v;
    }

    /** Redis's zslParseRange: {@code (} marks an open end; strtod must consume the rest; NaN is refused. */
    static ScoreRange scoreRange(byte[] min, byte[] max) {
        Strtod p = new Strtod();
        double[] v = new double[2];
        boolean[] ex = new boolean[2];
        byte[][] items = {min, max};
        for (int i = 0; i < 2; i++) {
            byte[] item = items[i];
            int from = 0;
            if (item.length > 0 && item[0] == '(') {
                ex[i] = true;
                from = 1;
            }
            p.parse(item, from, item.length);
            // strtod stops at a NUL, so an embedded NUL ends the text like the end of the string
            if ((p.end != item.length && item[p.end] != 0) || Double.isNaN(p.value)) {
                throw new CommandError("ERR min or max is not a float");
            }
            v[i] = p.value;
        }
        return new ScoreRange(v[0], ex[0], v[1], ex[1]);
    }

    /** The lower-cased ASCII text of an argument, for option matching. */
    static boolean is(byte[] arg, String option) {
        if (arg.length != option.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i] & 0xff;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != option.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
