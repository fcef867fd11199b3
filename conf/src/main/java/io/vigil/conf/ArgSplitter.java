package io.vigil.conf;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a config line into arguments exactly like Redis's {@code sdssplitargs}, and quotes a value
 * like {@code sdscatrepr}. Strings are byte strings decoded as ISO-8859-1 (one char per byte).
 */
public final class ArgSplitter {
    private ArgSplitter() {
    }

    /**
     * Splits {@code line} into arguments, or returns {@code null} for unbalanced quotes or a closing
     * quote not followed by a space (Redis reports both as "Unbalanced quotes").
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int p = 0;
        while (true) {
            while (p < n && isSpace(line.charAt(p))) {
                p++;
            }
            if (p >= n || line.charAt(p) == '\0') {
                return out;
            }
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            StringBuilder cur = new StringBuilder();
            while (!done) {
                char c = p < n ? line.charAt(p) : '\0';
                char next = p + 1 < n ? line.charAt(p + 1) : '\0';
                if (inq) {
                    if (c == '\\' && next == 'x' && p + 3 < n
                            && isHex(line.charAt(p + 2)) && isHex(line.charAt(p + 3))) {
                        cur.append((char) (hexValue(line.charAt(p + 2)) * 16 + hexValue(line.charAt(p + 3))));
                        p += 3;
                    } else if (c == '\\' && next != '\0') {
                        p++;
                        switch (next) {
                            case 'n' -> cur.append('\n');
                            case 'r' -> cur.append('\r');
                            case 't' -> cur.append('\t');
                            case 'b' -> cur.append('\b');
                            case 'a' -> cur.append((char) 7);
                            default -> cur.append(next);
                        }
                    } else if (c == '"') {
                        // A closing quote must be followed by a space or nothing at all.
                        if (next != '\0' && !isSpace(next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == '\0') {
                        return null;
                    } else {
                        cur.append(c);
                    }
                } else if (insq) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        cur.append('\'');
                    } else if (c == '\'') {
                        if (next != '\0' && !isSpace(next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == '\0') {
                        return null;
                    } else {
                        cur.append(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', '\0' -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> cur.append(c);
                    }
                }
                if (p < n && line.charAt(p) != '\0') {
                    p++;
                } else if (p < n) {
                    // Embedded NUL ends the C string: stop scanning here.
                    n = p;
                }
            }
            out.add(cur.toString());
        }
    }

    /** Quotes {@code value} the way Redis's {@code sdscatrepr} does (always double-quoted). */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2);
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', '"' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\x%02x", (int) c & 0xff));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** C {@code isspace} in the C locale. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c - 'A' + 10;
    }

    /** ASCII-only lower-casing, as C's {@code tolower} in the C locale. */
    static String lower(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, (char) (c + 32));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
