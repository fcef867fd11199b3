package io.vigil.node.server;

/**
 * Redis's sdscatrepr: a byte string in double quotes with {@code \" \\ \n \r \t \a \b} escaped and
 * every other non-printable byte as {@code \xHH}, the way MONITOR lines and log lines show client
 * input.
 */
public final class Repr {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Repr() {
    }

    /** Appends {@code bytes[from, from + length)} quoted to {@code out}. */
    public static StringBuilder append(StringBuilder out, byte[] bytes, int from, int length) {
        out.append('"');
        for (int i = from; i < from + length; i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '\\', '"' -> out.append('\\').append((char) c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.append((char) c);
                    } else {
                        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        return out.append('"');
    }

    public static String of(byte[] bytes) {
        return append(new StringBuilder(bytes.length + 2), bytes, 0, bytes.length).toString();
    }
}
