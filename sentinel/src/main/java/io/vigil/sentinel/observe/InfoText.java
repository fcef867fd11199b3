package io.vigil.sentinel.observe;

import java.util.OptionalLong;

/** Reads numeric fields from a cached INFO reply ({@code master_repl_offset:1234}). */
public final class InfoText {
    private InfoText() {
    }

    public static OptionalLong longField(String info, String key) {
        if (info == null) {
            return OptionalLong.empty();
        }
        String prefix = key + ":";
        int from = 0;
        while (from < info.length()) {
            int eol = info.indexOf('\n', from);
            int end = eol < 0 ? info.length() : eol;
            if (info.startsWith(prefix, from)) {
                String v = info.substring(from + prefix.length(), end).trim();
                try {
                    return OptionalLong.of(Long.parseLong(v));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
            from = end + 1;
        }
        return OptionalLong.empty();
    }
}
