package io.vigil.node;

/** Builds the text of INFO sections: {@code name:value} lines ending in CRLF, as Redis prints them. */
public final class InfoWriter {
    private final StringBuilder text = new StringBuilder(4096);

    public InfoWriter field(String name, String value) {
        text.append(name).append(':').append(value).append("\r\n");
        return this;
    }

    public InfoWriter field(String name, long value) {
        text.append(name).append(':').append(value).append("\r\n");
        return this;
    }

    /** A value printed with Redis's {@code %.2f}. */
    public InfoWriter field2(String name, double value) {
        return field(name, String.format(java.util.Locale.ROOT, "%.2f", value));
    }

    /** A whole line without the {@code name:} split (e.g. {@code db0:keys=1,expires=0,avg_ttl=0}). */
    public InfoWriter line(String line) {
        text.append(line).append("\r\n");
        return this;
    }

    StringBuilder buffer() {
        return text;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
