package io.vigil.conf;

import java.util.List;

/**
 * The new lines for one option key in a rewrite: each replaces an old line of that option in place or
 * is appended (if forced). An empty list removes the option's old lines.
 */
public record OptionRewrite(String option, List<RewriteLine> lines) {
    public OptionRewrite {
        lines = List.copyOf(lines);
    }

    /** An option whose lines must all be written (appended when missing). */
    public static OptionRewrite forced(String option, List<String> lines) {
        return new OptionRewrite(option, lines.stream().map(l -> new RewriteLine(l, true)).toList());
    }
}
