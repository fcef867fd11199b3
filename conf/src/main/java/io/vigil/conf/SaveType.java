package io.vigil.conf;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code save} directive: pairs of seconds/changes, {@code save ""} for none. Always written by
 * CONFIG REWRITE (one line per pair), except in sentinel mode (handled by {@link NodeConfig}).
 * The config-file append semantics (several save lines add up) live in {@link ConfigLoader}.
 */
public final class SaveType implements ValueType<List<SaveRule>> {
    public static final SaveType INSTANCE = new SaveType();

    private SaveType() {
    }

    @Override
    public List<SaveRule> parse(List<String> args, List<SaveRule> current, ParseContext ctx)
            throws InvalidValueException {
        List<String> a = args;
        if (a.size() == 1 && a.get(0).isEmpty()) {
            a = List.of();
        }
        if (a.size() % 2 != 0) {
            throw new InvalidValueException("Invalid save parameters");
        }
        List<SaveRule> out = new ArrayList<>();
        for (int j = 0; j < a.size(); j += 2) {
            RedisNumbers.StrtollResult s = RedisNumbers.strtoll(a.get(j), 10);
            RedisNumbers.StrtollResult c = RedisNumbers.strtoll(a.get(j + 1), 10);
            if (!s.fullyConsumed() || s.value() < 1 || !c.fullyConsumed() || c.value() < 0) {
                throw new InvalidValueException("Invalid save parameters");
            }
            // Redis keeps changes in a C int.
            out.add(new SaveRule(s.value(), (int) c.value()));
        }
        return List.copyOf(out);
    }

    @Override
    public String render(List<SaveRule> value) {
        StringBuilder sb = new StringBuilder();
        for (SaveRule r : value) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(r.seconds()).append(' ').append(r.changes());
        }
        return sb.toString();
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, List<SaveRule> value, List<SaveRule> defaultValue) {
        if (value.isEmpty()) {
            return List.of(new RewriteLine(name + " \"\"", true));
        }
        List<RewriteLine> out = new ArrayList<>();
        for (SaveRule r : value) {
            out.add(new RewriteLine(name + " " + r.seconds() + " " + r.changes(), true));
        }
        return out;
    }
}
