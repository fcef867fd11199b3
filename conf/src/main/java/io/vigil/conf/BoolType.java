package io.vigil.conf;

import java.util.List;
import java.util.function.Predicate;

/** A yes/no directive. An optional check refuses some values with a fixed error (e.g. activedefrag). */
public record BoolType(Predicate<Boolean> allowed, String refusal) implements ValueType<Boolean> {
    /** A plain yes/no directive. */
    public static final BoolType PLAIN = new BoolType(v -> true, null);

    @Override
    public Boolean parse(List<String> args, Boolean current, ParseContext ctx) throws InvalidValueException {
        String a = args.get(0);
        boolean v;
        if (a.equalsIgnoreCase("yes")) {
            v = true;
        } else if (a.equalsIgnoreCase("no")) {
            v = false;
        } else {
            throw new InvalidValueException("argument must be 'yes' or 'no'");
        }
        if (!allowed.test(v)) {
            throw new InvalidValueException(refusal);
        }
        return v;
    }

    @Override
    public String render(Boolean value) {
        return value ? "yes" : "no";
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, Boolean value, Boolean defaultValue) {
        return List.of(new RewriteLine(name + " " + render(value), !value.equals(defaultValue)));
    }
}
