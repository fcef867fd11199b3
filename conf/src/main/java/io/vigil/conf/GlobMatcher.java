package io.vigil.conf;

/**
 * Redis's glob matcher ({@code stringmatchlen} in util.c): {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a]}, {@code [a-z]} and backslash escapes, optionally case-insensitive.
 */
public final class GlobMatcher {
    private GlobMatcher() {
    }

    /** True when {@code string} matches {@code pattern}. */
    public static boolean matches(String pattern, String string, boolean nocase) {
        return match(pattern, 0, string, 0, nocase);
    }

    private static boolean match(String pat, int p, String str, int s, boolean nocase) {
        int plen = pat.length();
        int slen = str.length();
        while (p < plen && s < slen) {
            char pc = pat.charAt(p);
            switch (pc) {
                case '*' -> {
                    while (p + 1 < plen && pat.charAt(p + 1) == '*') {
                        p++;
                    }
                    if (p + 1 == plen) {
                        return true;
                    }
                    while (s < slen) {
                        if (match(pat, p + 1, str, s, nocase)) {
                            return true;
                        }
                        s++;
                    }
                    return false;
                }
                case '?' -> s++;
                case '[' -> {
                    p++;
                    boolean not = p < plen && pat.charAt(p) == '^';
                    if (not) {
                        p++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (p < plen && pat.charAt(p) == '\\' && p + 1 < plen) {
                            p++;
                            // Redis compares escaped class members case-sensitively.
                            if (pat.charAt(p) == str.charAt(s)) {
                                matched = true;
                            }
                        } else if (p >= plen || pat.charAt(p) == ']') {
                            break;
                        } else if (p + 2 < plen && pat.charAt(p + 1) == '-') {
                            int start = pat.charAt(p);
                            int end = pat.charAt(p + 2);
                            int c = str.charAt(s);
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = lower(start);
                                end = lower(end);
                                c = lower(c);
                            }
                            p += 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (eq(pat.charAt(p), str.charAt(s), nocase)) {
                            matched = true;
                        }
                        p++;
                    }
                    if (p >= plen) {
                        // Redis treats an unterminated class as ending at the last char.
                        p = plen - 1;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    s++;
                }
                case '\\' -> {
                    if (p + 1 < plen) {
                        p++;
                    }
                    if (!eq(pat.charAt(p), str.charAt(s), nocase)) {
                        return false;
                    }
                    s++;
                }
                default -> {
                    if (!eq(pc, str.charAt(s), nocase)) {
                        return false;
                    }
                    s++;
                }
            }
            p++;
            if (s == slen) {
                while (p < plen && pat.charAt(p) == '*') {
                    p++;
                }
                break;
            }
        }
        return p == plen && s == slen;
    }

    private static boolean eq(char a, char b, boolean nocase) {
        if (nocase) {
            return lower(a) == lower(b);
        }
        return a == b;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
