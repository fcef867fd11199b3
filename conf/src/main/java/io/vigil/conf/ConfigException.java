package io.vigil.conf;

/**
 * A fatal configuration error, carrying what Redis prints plus the project's {@code file:line: reason}
 * form. The caller prints {@link #formatFatal()} to stderr and exits with status 1.
 */
public final class ConfigException extends Exception {
    /** The Redis version named in the fatal-error header, as the reference server prints it. */
    public static final String REDIS_VERSION = "7.0.15";

    /** How Redis reports the error. */
    public enum Kind {
        /** The "*** FATAL CONFIG FILE ERROR ***" block (with or without the line part). */
        FATAL_BLOCK,
        /**
         * Redis logs the reason as a plain log line instead (e.g. "Fatal error, can't open config file
         * 'x': No such file or directory").
         */
        LOGGED
    }

    private final Kind kind;
    private final String source;
    private final int sourceLine;
    private final int redisLine;
    private final String lineText;
    private final String reason;

    /**
     * @param kind how Redis reports it
     * @param source the file path, or "(stdin)" / "(command line)"; may be null when unknown
     * @param sourceLine 1-based line inside {@code source}; 0 when the error is not about one line
     * @param redisLine the line number Redis prints (counted in the concatenated config string)
     * @param lineText the offending (trimmed) line, or null
     * @param reason Redis's error text
     */
    public ConfigException(Kind kind, String source, int sourceLine, int redisLine, String lineText, String reason) {
        super(buildMessage(source, sourceLine, reason));
        this.kind = kind;
        this.source = source;
        this.sourceLine = sourceLine;
        this.redisLine = redisLine;
        this.lineText = lineText;
        this.reason = reason;
    }

    private static String buildMessage(String source, int line, String reason) {
        if (source == null) {
            return reason;
        }
        return line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason;
    }

    public Kind kind() {
        return kind;
    }

    /** The file path, "(stdin)" or "(command line)"; null when unknown. */
    public String source() {
        return source;
    }

    /** 1-based line inside {@link #source()}, 0 when the error is not about one line. */
    public int sourceLine() {
        return sourceLine;
    }

    /** The line number as Redis prints it ("at line N"), 0 when none is printed. */
    public int redisLine() {
        return redisLine;
    }

    /** The offending line, trimmed as Redis prints it, or null. */
    public String lineText() {
        return lineText;
    }

    /** Redis's error text, e.g. "argument couldn't be parsed into an integer". */
    public String reason() {
        return reason;
    }

    /** The project form: {@code file:line: reason} (or {@code file: reason} without a line). */
    public String fileLineReason() {
        return getMessage();
    }

    /**
     * The full text to print: Redis's own block followed by the {@code file:line: reason} line.
     * Ends with a newline.
     */
    public String formatFatal() {
        StringBuilder sb = new StringBuilder();
        if (kind == Kind.LOGGED) {
            sb.append(reason).append('\n');
        } else {
            sb.append("\n*** FATAL CONFIG FILE ERROR (Redis ").append(REDIS_VERSION).append(") ***\n");
            if (redisLine > 0) {
                sb.append("Reading the configuration file, at line ").append(redisLine).append('\n');
                sb.append(">>> '").append(lineText == null ? "" : lineText).append("'\n");
            }
            sb.append(reason).append('\n');
        }
        if (source != null) {
            sb.append(fileLineReason()).append('\n');
        }
        return sb.toString();
    }
}
