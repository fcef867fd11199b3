package io.vigil.node.server;

/**
 * Redis's glob matcher ({@code stringmatchlen}) over raw bytes: {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a]}, {@code [a-z]} and backslash escapes. Used by KEYS, SCAN MATCH and PSUBSCRIBE.
 */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean noCase) {
        return match(pattern, 0, string, 0, noCase);
    }

    public static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, string, 0, false);
    }

    private static boolean match(byte[] pattern, int p, byte[] string, int s, boolean noCase) {
        int pl = pattern.length;
        int sl = string.length;
        while (p < pl && s < sl) {
            switch (pattern[p]) {
                case '*' -> {
                    while (p + 1 < pl && pattern[p + 1] == '*') {
                        p++;
                    }
                    if (p + 1 == pl) {
                        return true;
                    }
                    for (; s < sl; s++) {
                        if (match(pattern, p + 1, string, s, noCase)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> s++;
                case '[' -> {
                    p++;
                    boolean not = p < pl && pattern[p] == '^';
                    if (not) {
                        p++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (p < pl && pattern[p] == '\\' && pl - p >= 2) {
                            p++;
                            if (pattern[p] == string[s]) {
                                matched = true;
                            }
                        } else if (p >= pl) {
                            p--;
                            break;
                        } else if (pattern[p] == ']') {
                            break;
                        } else if (pl - p >= 3 && pattern[p + 1] == '-') {
                            int start = pattern[p] & 0xff;
                            int end = pattern[p + 2] & 0xff;
                            int c = string[s] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (noCase) {
                                start = lower(start);
                                end = lower(end);
                                c = lower(c);
                            }
                            p += 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (noCase ? lower(pattern[p] & 0xff) == lower(string[s] & 0xff) : pattern[p] == string[s]) {
                            matched = true;
                        }
                        p++;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    s++;
                }
                default -> {
                    if (pattern[p] == '\\' && pl - p >= 2) {
                        p++;
                    }
                    boolean same = noCase ? lower(pattern[p] & 0xff) == lower(string[s] & 0xff) : pattern[p] == string[s];
                    if (!same) {
                        return false;
                    }
                    s++;
                }
            }
            p++;
            if (s == sl) {
                while (p < pl && pattern[p] == '*') {
                    p++;
                }
                break;
            }
        }
        return p == pl && s == sl;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
