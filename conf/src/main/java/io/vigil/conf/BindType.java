package io.vigil.conf;

import java.util.List;

/**
 * {@code bind addr...}: up to 16 addresses; a leading '-' marks an optional address; a single empty
 * argument means no TCP listener. The default "* -::*" is never written by CONFIG REWRITE.
 */
public final class BindType implements ValueType<List<String>> {
    public static final BindType INSTANCE = new BindType();
    /** Redis's default bind addresses. */
    public static final List<String> DEFAULT = List.of("*", "-::*");

    private BindType() {
    }

    @Override
    public List<String> parse(List<String> args, List<String> current, ParseContext ctx) throws InvalidValueException {
        if (args.size() > 16) {
            throw new InvalidValueException("Too many bind addresses specified.");
        }
        if (args.size() == 1 && args.get(0).isEmpty()) {
            return List.of();
        }
        return List.copyOf(args);
    }

    @Override
    public String render(List<String> value) {
        return String.join(" ", value);
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, List<String> value, List<String> defaultValue) {
        if (value.equals(DEFAULT)) {
            return List.of();
        }
        String addresses = value.isEmpty() ? "\"\"" : String.join(" ", value);
        return List.of(new RewriteLine(name + " " + addresses, true));
    }
}
