package io.vigil.conf;

import java.util.List;

/**
 * How one directive's value is parsed (config file and CONFIG SET), rendered (CONFIG GET) and written
 * back (CONFIG REWRITE). Implementations follow Redis 7.0's config.c type by type.
 *
 * @param <T> the Java value: Boolean, Long, String, Integer (enum value / flags), or a value record
 */
public sealed interface ValueType<T>
        permits BoolType, NumericType, EnumType, StringType, SaveType, OutputBufferLimitType,
        OomScoreAdjValuesType, KeyspaceEventsType, BindType, ReplicaOfType, DirType, PercentilesType {

    /**
     * Parses already split arguments.
     *
     * @param args the arguments after the directive name
     * @param current the value before this change (partial updates such as output buffer limits
     *     start from it; {@code dir} resolves relative paths against it)
     * @param ctx load-time switches
     */
    T parse(List<String> args, T current, ParseContext ctx) throws InvalidValueException;

    /** The CONFIG GET rendering. */
    String render(T value);

    /**
     * Lines CONFIG REWRITE writes for this directive. An empty list means "write nothing and blank
     * the old lines" (Redis's mark-as-processed).
     */
    List<RewriteLine> rewriteLines(String name, T value, T defaultValue);

    /** Switches that only matter while parsing. */
    record ParseContext(boolean checkFilesystem) {
        /** Checks the filesystem (dir exists), like Redis. */
        public static final ParseContext CHECKED = new ParseContext(true);
        /** Skips filesystem checks (tests, offline validation). */
        public static final ParseContext UNCHECKED = new ParseContext(false);
    }
}
