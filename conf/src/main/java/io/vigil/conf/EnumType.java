package io.vigil.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An enumerated directive. Names match case-insensitively; several names may share a value (the
 * first one is rendered, as Redis does for oom-score-adj yes/relative). With {@code bitFlags} the
 * directive takes several names and ORs them (shutdown-on-sigint "nosave now").
 *
 * @param check returns an error text for a value Redis refuses, or null
 */
public record EnumType(List<Entry> entries, boolean bitFlags, IntFunction<String> check) implements ValueType<Integer> {

    /** One name and its value. */
    public record Entry(String name, int value) {
    }

    /** A plain enum whose values are the positions of {@code names}. */
    public static EnumType of(String... names) {
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            list.add(new Entry(names[i], i));
        }
        return new EnumType(List.copyOf(list), false, v -> null);
    }

    /** The value of {@code name}; throws if unknown (for defaults in the registry). */
    public int valueOf(String name) {
        for (Entry e : entries) {
            if (e.name().equalsIgnoreCase(name)) {
                return e.value();
            }
        }
        throw new IllegalArgumentException("unknown enum name " + name);
    }

    @Override
    public Integer parse(List<String> args, Integer current, ParseContext ctx) throws InvalidValueException {
        Integer v = lookup(args);
        if (v == null) {
            StringBuilder sb = new StringBuilder("argument(s) must be one of the following: ");
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(entries.get(i).name());
            }
            // Redis builds this in a 256-byte buffer.
            String msg = sb.length() > 255 ? sb.substring(0, 255) : sb.toString();
            throw new InvalidValueException(msg);
        }
        String err = check.apply(v);
        if (err != null) {
            throw new InvalidValueException(err);
        }
        return v;
    }

    private Integer lookup(List<String> args) {
        if (!bitFlags && args.size() != 1) {
            return null;
        }
        int result = 0;
        for (String a : args) {
            Integer found = null;
            for (Entry e : entries) {
                if (e.name().equalsIgnoreCase(a)) {
                    found = e.value();
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            if (!bitFlags) {
                return found;
            }
            result |= found;
        }
        return result;
    }

    @Override
    public String render(Integer value) {
        int v = value;
        StringBuilder names = null;
        int unmatched = v;
        for (Entry e : entries) {
            if (e.value() == v) {
                return e.name();
            }
            if (bitFlags && e.value() != 0 && e.value() == (unmatched & e.value())) {
                names = names == null ? new StringBuilder(e.name()) : names.append(' ').append(e.name());
                unmatched &= ~e.value();
            }
        }
        if (names == null || unmatched != 0) {
            return "unknown";
        }
        return names.toString();
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, Integer value, Integer defaultValue) {
        return List.of(new RewriteLine(name + " " + render(value), !value.equals(defaultValue)));
    }
}
