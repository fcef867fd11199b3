package io.vigil.conf;

import java.util.List;
import java.util.function.Function;

/**
 * A string directive. With {@code emptyIsNull} an empty value means "unset" (null): it renders as ""
 * and CONFIG REWRITE removes its lines. Values are written back quoted, like Redis.
 *
 * @param check returns an error text for a value Redis refuses, or null
 */
public record StringType(boolean emptyIsNull, Function<String, String> check) implements ValueType<String> {
    /** Empty string means unset. */
    public static final StringType NULLABLE = new StringType(true, v -> null);
    /** Empty string is a value. */
    public static final StringType PLAIN = new StringType(false, v -> null);

    @Override
    public String parse(List<String> args, String current, ParseContext ctx) throws InvalidValueException {
        String v = args.get(0);
        String err = check.apply(v);
        if (err != null) {
            throw new InvalidValueException(err);
        }
        return emptyIsNull && v.isEmpty() ? null : v;
    }

    @Override
    public String render(String value) {
        return value == null ? "" : value;
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, String value, String defaultValue) {
        if (value == null) {
            return List.of();
        }
        boolean force = !(defaultValue != null && defaultValue.equals(value));
        return List.of(new RewriteLine(name + " " + ArgSplitter.quote(value), force));
    }
}
