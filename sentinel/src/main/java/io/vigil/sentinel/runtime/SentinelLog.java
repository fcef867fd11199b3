package io.vigil.sentinel.runtime;

import io.vigil.node.server.LogLevel;
import io.vigil.node.server.ServerLog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where a sentinel logs. In a process this is the shared {@link ServerLog} with role 'X'; several
 * sentinels embedded in one JVM (tests) each get their own file in the same Redis line format
 * ({@code pid:X dd Mon yyyy HH:mm:ss.SSS # +switch-master ...}).
 */
public interface SentinelLog {
    void log(LogLevel level, String message);

    /** The process log (ServerLog, role 'X'). */
    static SentinelLog process() {
        ServerLog.get().role('X');
        return (level, message) -> ServerLog.get().log(level, message);
    }

    /** A private log file in Redis's format, appended to; {@code minimum} filters like loglevel. */
    static SentinelLog file(Path file, LogLevel minimum) throws IOException {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);
        long pid = ProcessHandle.current().pid();
        PrintStream out = new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
        return (level, message) -> {
            if (level == LogLevel.NOTHING || level.ordinal() < minimum.ordinal()) {
                return;
            }
            String line = pid + ":X " + time.format(ZonedDateTime.now(ZoneId.systemDefault())) + " " + level.mark()
                    + " " + message;
            synchronized (out) {
                out.println(line);
            }
        };
    }
}
