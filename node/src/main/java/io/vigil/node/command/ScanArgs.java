package io.vigil.node.command;

import io.vigil.node.server.CommandError;
import io.vigil.node.server.Glob;
import io.vigil.node.store.Strings;

/**
 * The arguments of SCAN, HSCAN, SSCAN and ZSCAN: an unsigned 64-bit cursor, then COUNT, MATCH and
 * (SCAN only) TYPE, with Redis's errors.
 */
final class ScanArgs {
    long cursor;
    long count = 10;
    byte[] pattern;
    byte[] type;

    /** Parses from {@code cursorIndex}; options follow the cursor. */
    static ScanArgs parse(byte[][] argv, int cursorIndex, boolean allowType) {
        ScanArgs args = cursorOnly(argv, cursorIndex);
        args.options(argv, cursorIndex, allowType);
        return args;
    }

    /** The cursor alone: HSCAN/SSCAN/ZSCAN check it before looking the key up, options after. */
    static ScanArgs cursorOnly(byte[][] argv, int cursorIndex) {
        ScanArgs args = new ScanArgs();
        args.cursor = parseCursor(argv[cursorIndex]);
        return args;
    }

    void options(byte[][] argv, int cursorIndex, boolean allowType) {
        ScanArgs args = this;
        for (int i = cursorIndex + 1; i < argv.length; ) {
            int remaining = argv.length - i - 1;
            if (Args.is(argv[i], "count") && remaining >= 1) {
                args.count = Args.toLong(argv[i + 1]);
                if (args.count < 1) {
                    throw CommandError.syntax();
                }
                i += 2;
            } else if (Args.is(argv[i], "match") && remaining >= 1) {
                args.pattern = argv[i + 1];
                // "*" matches everything: skip matching as Redis does
                if (args.pattern.length == 1 && args.pattern[0] == '*') {
                    args.pattern = null;
                }
                i += 2;
            } else if (allowType && Args.is(argv[i], "type") && remaining >= 1) {
                args.type = argv[i + 1];
                i += 2;
            } else {
                throw CommandError.syntax();
            }
        }
    }

    /**
     * Redis 7.0's parseScanCursorOrReply: strtoul over the whole argument (up to a NUL), no leading
     * space, no overflow; a minus sign wraps around as in C, and an empty cursor is 0.
     */
    private static long parseCursor(byte[] text) {
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        if (end > 0 && Strtod.isSpace(text[0] & 0xff)) {
            throw new CommandError("ERR invalid cursor");
        }
        int i = 0;
        boolean negative = false;
        if (i < end && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        if (i == end) {
            if (end == 0) {
                return 0;
            }
            throw new CommandError("ERR invalid cursor");
        }
        long value = 0;
        for (; i < end; i++) {
            int d = text[i] - '0';
            if (d < 0 || d > 9) {
                throw new CommandError("ERR invalid cursor");
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
                throw new CommandError("ERR invalid cursor");
            }
            long next = value * 10 + d;
            if (Long.compareUnsigned(next, value * 10) < 0) {
                throw new CommandError("ERR invalid cursor");
            }
            value = next;
        }
        return negative ? -value : value;
    }

    boolean matches(byte[] element) {
        return pattern == null || Glob.matches(pattern, element);
    }

    /** The cursor as Redis prints it (unsigned decimal). */
    static byte[] cursorText(long cursor) {
        return cursor >= 0 ? Strings.fromLong(cursor)
                : Long.toUnsignedString(cursor).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
