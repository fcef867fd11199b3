package io.vigil.node.server;

/** Redis's log levels, with the character each writes in the log line. */
public enum LogLevel {
    DEBUG('.'), VERBOSE('-'), NOTICE('*'), WARNING('#'), NOTHING(' ');

    private final char mark;

    LogLevel(char mark) {
        this.mark = mark;
    }

    public char mark() {
        return mark;
    }

    public static LogLevel parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "debug" -> DEBUG;
            case "verbose" -> VERBOSE;
            case "notice" -> NOTICE;
            case "warning" -> WARNING;
            case "nothing" -> NOTHING;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
