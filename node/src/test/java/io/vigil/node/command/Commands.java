package io.vigil.node.command;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line like redis-cli: spaces separate, double or single quotes group. */
final class Commands {
    private Commands() {
    }

    static String[] split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                if (current == null) {
                    current = new StringBuilder();
                }
            } else if (c == ' ') {
                if (current != null) {
                    args.add(current.toString());
                    current = null;
                }
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                current.append(c);
            }
        }
        if (current != null) {
            args.add(current.toString());
        }
        return args.toArray(new String[0]);
    }
}
