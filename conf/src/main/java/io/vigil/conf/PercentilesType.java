package io.vigil.conf;

import java.util.ArrayList;
import java.util.List;

/** {@code latency-tracking-info-percentiles}: doubles in [0,100]; a single "" means none. Always written. */
public final class PercentilesType implements ValueType<List<Double>> {
    public static final PercentilesType INSTANCE = new PercentilesType();

    private PercentilesType() {
    }

    @Override
    public List<Double> parse(List<String> args, List<Double> current, ParseContext ctx) throws InvalidValueException {
        if (args.size() == 1 && args.get(0).isEmpty()) {
            return List.of();
        }
        List<Double> out = new ArrayList<>();
        for (String a : args) {
            Double d = RedisNumbers.string2d(a);
            if (d == null) {
                throw new InvalidValueException("Invalid latency-tracking-info-percentiles parameters");
            }
            if (d > 100.0 || d < 0.0) {
                throw new InvalidValueException(
                        "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    @Override
    public String render(List<Double> value) {
        StringBuilder sb = new StringBuilder();
        for (double d : value) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(RedisNumbers.formatPercentile(d));
        }
        return sb.toString();
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, List<Double> value, List<Double> defaultValue) {
        String text = value.isEmpty() ? name + " \"\"" : name + " " + render(value);
        return List.of(new RewriteLine(text, true));
    }
}
