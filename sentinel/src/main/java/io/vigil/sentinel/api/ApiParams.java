package io.vigil.sentinel.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Query parameter parsing for the API; bad values throw {@link BadParam} (a 400). */
final class ApiParams {
    private ApiParams() {
    }

    /** A bad request parameter, answered with 400 and this message. */
    static final class BadParam extends RuntimeException {
        BadParam(String message) {
            super(message);
        }
    }

    /**
     * A duration: plain milliseconds ({@code 1500}) or a number with a unit ({@code 250ms},
     * {@code 30s}, {@code 5m}, {@code 2h}). Must be positive.
     */
    static long durationMillis(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = v;
        if (v.endsWith("ms")) {
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unit = 1000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60_000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unit = 3_600_000;
            digits = v.substring(0, v.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new BadParam("invalid " + name + " '" + value + "': use milliseconds or a number with ms, s, m or h");
        }
        if (n <= 0 || n > Long.MAX_VALUE / unit) {
            throw new BadParam("invalid " + name + " '" + value + "': it must be positive");
        }
        return n * unit;
    }

    /** A non-negative integer. */
    static long nonNegative(String name, String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParam("invalid " + name + " '" + value + "': a non-negative integer is expected");
    }

    /** A time: epoch milliseconds or an ISO-8601 instant ({@code 2026-11-21T19:30:00Z}). */
    static long timeMillis(String name, String value) {
        String v = value.trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new BadParam("invalid " + name + " '" + value
                        + "': epoch milliseconds or an ISO-8601 time such as 2026-11-21T19:30:00Z");
            }
        }
    }
}
