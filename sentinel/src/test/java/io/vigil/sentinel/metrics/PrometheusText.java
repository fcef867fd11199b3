package io.vigil.sentinel.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small reader of the Prometheus text format for assertions: samples by name and labels. */
record PrometheusText(List<Sample> samples) {
    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> subset) {
            return labels.entrySet().containsAll(subset.entrySet());
        }
    }

    static PrometheusText parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                int i = 0;
                while (i < body.length()) {
                    int eq = body.indexOf('=', i);
                    String key = body.substring(i, eq);
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    while (body.charAt(j) != '"') {
                        if (body.charAt(j) == '\\') {
                            j++;
                            value.append(body.charAt(j) == 'n' ? '\n' : body.charAt(j));
                        } else {
                            value.append(body.charAt(j));
                        }
                        j++;
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (i < body.length() && body.charAt(i) == ',') {
                        i++;
                    }
                }
            } else {
                name = line.substring(0, space);
            }
            String v = line.substring(space + 1);
            out.add(new Sample(name, labels, v.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v)));
        }
        return new PrometheusText(out);
    }

    List<Sample> all(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name.equals(name) && s.has(labels)).toList();
    }

    /** The single sample with this name whose labels include {@code labels}; fails when absent or ambiguous. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = all(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels + " in:\n" + this);
        }
        return found.get(0).value;
    }

    /** Sum over every sample with this name whose labels include {@code labels} (0 when none). */
    double sum(String name, Map<String, String> labels) {
        return all(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        samples.forEach(s -> b.append(s.name).append(s.labels).append(' ').append(s.value).append('\n'));
        return b.toString();
    }
}
