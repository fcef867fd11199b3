package io.vigil.conf;

import java.util.ArrayList;
import java.util.List;

/** {@code oom-score-adj-values <master> <replica> <bgchild>}, each in -2000..2000. */
public final class OomScoreAdjValuesType implements ValueType<List<Integer>> {
    public static final OomScoreAdjValuesType INSTANCE = new OomScoreAdjValuesType();

    private OomScoreAdjValuesType() {
    }

    @Override
    public List<Integer> parse(List<String> args, List<Integer> current, ParseContext ctx)
            throws InvalidValueException {
        if (args.size() != 3) {
            throw new InvalidValueException("wrong number of arguments");
        }
        List<Integer> out = new ArrayList<>();
        for (String a : args) {
            RedisNumbers.StrtollResult r = RedisNumbers.strtoll(a, 10);
            if (!r.fullyConsumed() || r.value() < -2000 || r.value() > 2000) {
                throw new InvalidValueException(
                        "Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
            }
            out.add((int) r.value());
        }
        return List.copyOf(out);
    }

    @Override
    public String render(List<Integer> value) {
        StringBuilder sb = new StringBuilder();
        for (int v : value) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(v);
        }
        return sb.toString();
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, List<Integer> value, List<Integer> defaultValue) {
        return List.of(new RewriteLine(name + " " + render(value), !value.equals(defaultValue)));
    }
}
