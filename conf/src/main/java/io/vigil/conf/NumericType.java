package io.vigil.conf;

import java.util.List;
import java.util.OptionalLong;

/**
 * An integer directive with bounds. Values are 64-bit; {@code unsigned} types (Redis's unsigned int,
 * unsigned long long, size_t) compare and print bounds unsigned. Memory values accept units
 * (1k=1000, 1kb=1024, m, mb, g, gb, any case) and render as plain byte counts.
 */
public record NumericType(long min, long max, boolean unsigned, Format format) implements ValueType<Long> {

    /** How the number is written. */
    public enum Format {
        INTEGER, MEMORY, MEMORY_OR_PERCENT, OCTAL
    }

    public static NumericType integer(long min, long max) {
        return new NumericType(min, max, false, Format.INTEGER);
    }

    public static NumericType unsignedInteger(long min, long max) {
        return new NumericType(min, max, true, Format.INTEGER);
    }

    public static NumericType memory(long min, long max, boolean unsigned) {
        return new NumericType(min, max, unsigned, Format.MEMORY);
    }

    @Override
    public Long parse(List<String> args, Long current, ParseContext ctx) throws InvalidValueException {
        String s = args.get(0);
        Long v = null;
        if (format == Format.MEMORY || format == Format.MEMORY_OR_PERCENT) {
            OptionalLong m = RedisNumbers.memtoull(s);
            if (m.isPresent()) {
                v = m.getAsLong();
            }
        }
        if (v == null && format == Format.MEMORY_OR_PERCENT && s.length() > 1 && s.endsWith("%")) {
            OptionalLong p = RedisNumbers.string2ll(s.substring(0, s.length() - 1));
            if (p.isPresent() && p.getAsLong() >= 0) {
                // Redis stores percentages as negative numbers.
                v = -p.getAsLong();
            }
        }
        if (v == null && format == Format.OCTAL) {
            RedisNumbers.StrtollResult r = RedisNumbers.strtoll(s, 8);
            if (r.fullyConsumed() && !RedisNumbers.strtollOverflows(s, 8)) {
                v = r.value();
            }
        }
        if (v == null && format == Format.INTEGER) {
            OptionalLong p = RedisNumbers.string2ll(s);
            if (p.isPresent()) {
                v = p.getAsLong();
            }
        }
        if (v == null) {
            throw new InvalidValueException(switch (format) {
                case MEMORY_OR_PERCENT -> "argument must be a memory or percent value";
                case MEMORY -> "argument must be a memory value";
                case OCTAL -> "argument couldn't be parsed as an octal number";
                case INTEGER -> "argument couldn't be parsed into an integer";
            });
        }
        checkBounds(v);
        return v;
    }

    private void checkBounds(long v) throws InvalidValueException {
        if (unsigned) {
            if (Long.compareUnsigned(v, max) > 0 || Long.compareUnsigned(v, min) < 0) {
                if (format == Format.OCTAL) {
                    throw new InvalidValueException("argument must be between " + Long.toOctalString(min)
                            + " and " + Long.toOctalString(max) + " inclusive");
                }
                throw new InvalidValueException("argument must be between " + Long.toUnsignedString(min)
                        + " and " + Long.toUnsignedString(max) + " inclusive");
            }
        } else if (format == Format.MEMORY_OR_PERCENT && v < 0) {
            if (v < min) {
                throw new InvalidValueException("percentage argument must be less or equal to " + (-min));
            }
        } else if (v > max || v < min) {
            throw new InvalidValueException("argument must be between " + min + " and " + max + " inclusive");
        }
    }

    @Override
    public String render(Long value) {
        long v = value;
        if (format == Format.MEMORY_OR_PERCENT && v < 0) {
            return (-v) + "%";
        }
        return switch (format) {
            case MEMORY, MEMORY_OR_PERCENT -> Long.toUnsignedString(v);
            case OCTAL -> Long.toOctalString(v);
            case INTEGER -> Long.toString(v);
        };
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, Long value, Long defaultValue) {
        long v = value;
        boolean force = v != defaultValue;
        String text;
        if (format == Format.MEMORY_OR_PERCENT && v < 0) {
            text = name + " " + (-v) + "%";
        } else if (format == Format.MEMORY || format == Format.MEMORY_OR_PERCENT) {
            text = name + " " + RedisNumbers.formatMemory(v);
        } else if (format == Format.OCTAL) {
            text = name + " " + Long.toOctalString(v);
        } else {
            text = name + " " + v;
        }
        return List.of(new RewriteLine(text, force));
    }
}
