package io.vigil.node.server;

import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The process log in Redis's line format, {@code pid:R dd Mon yyyy HH:mm:ss.SSS * message}, to
 * {@code logfile} or to stdout when it is empty. It also captures the JDK's, Netty's and lettuce's
 * logging, so nothing reaches stderr.
 */
public final class ServerLog {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss", Locale.ENGLISH);
    private static volatile ServerLog instance = new ServerLog();

    private final long pid = ProcessHandle.current().pid();
    private volatile LogLevel level = LogLevel.NOTICE;
    private volatile char role = 'M';
    private volatile String path = "";
    private PrintStream out = System.out;

    public static ServerLog get() {
        return instance;
    }

    /**
     * Routes Netty's logging here, and the JDK's (java.util.logging) too if anything uses it: the JUL
     * configuration is deferred to a config class, so a process that never logs through JUL never
     * pays for its start-up. Call once at process start, before anything logs; embedded servers in
     * someone else's JVM may skip it.
     */
    public static void captureLibraryLogging() {
        InternalLoggerFactory.setDefaultFactory(NettyLogging.INSTANCE);
        System.setProperty("java.util.logging.config.class", JulConfig.class.getName());
    }

    /** Configures java.util.logging, when first used, to write into the server log and not stderr. */
    public static final class JulConfig {
        public JulConfig() {
            Logger root = Logger.getLogger("");
            for (Handler handler : root.getHandlers()) {
                root.removeHandler(handler);
            }
            root.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    LogLevel mapped = record.getLevel().intValue() >= Level.WARNING.intValue() ? LogLevel.WARNING
                            : record.getLevel().intValue() >= Level.INFO.intValue() ? LogLevel.VERBOSE : LogLevel.DEBUG;
                    String message = record.getMessage();
                    if (record.getThrown() != null) {
                        message = message + ": " + record.getThrown();
                    }
                    get().log(mapped, record.getLoggerName() + ": " + message);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
            root.setLevel(Level.INFO);
        }
    }

    public LogLevel level() {
        return level;
    }

    public void level(LogLevel value) {
        level = value;
    }

    /** The role character: M master, S replica, C child, X sentinel. */
    public void role(char value) {
        role = value;
    }

    public String path() {
        return path;
    }

    /** Logs to {@code file}, appending; an empty name means stdout. */
    public synchronized void open(String file) throws IOException {
        PrintStream next = file.isEmpty() ? System.out
                : new PrintStream(new FileOutputStream(file, true), true, StandardCharsets.UTF_8);
        PrintStream previous = out;
        out = next;
        path = file;
        if (previous != System.out && previous != next) {
            previous.close();
        }
    }

    /** Reopens the file (SIGHUP, log rotation). */
    public synchronized void reopen() throws IOException {
        if (!path.isEmpty()) {
            open(path);
        }
    }

    /**
     * SIGHUP (logrotate's postrotate): reopens the log file, then runs {@code alsoReopen} (other
     * logs of the process). A failed reopen is logged; platforms without SIGHUP are ignored.
     */
    public static void reopenOnHangup(Runnable alsoReopen) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    get().reopen();
                } catch (IOException e) {
                    get().warning("Failed to reopen the log file: " + e.getMessage());
                }
                alsoReopen.run();
            });
        } catch (IllegalArgumentException ignored) {
            // No SIGHUP on this platform.
        }
    }

    /** The formatted second of the last line: lines come in bursts, and the formatter is slow when cold. */
    private long stampSecond = Long.MIN_VALUE;
    private String stampPrefix = "";

    /** {@code dd Mon yyyy HH:mm:ss.SSS} of now, the date part formatted at most once a second. */
    private String stamp() {
        long now = System.currentTimeMillis();
        long second = Math.floorDiv(now, 1000);
        String prefix;
        synchronized (this) {
            if (second != stampSecond) {
                stampPrefix = SECOND.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneId.systemDefault()));
                stampSecond = second;
            }
            prefix = stampPrefix;
        }
        int millis = (int) Math.floorMod(now, 1000);
        return prefix + (millis < 10 ? ".00" : millis < 100 ? ".0" : ".") + millis;
    }

    public boolean enabled(LogLevel at) {
        return at != LogLevel.NOTHING && level != LogLevel.NOTHING && at.ordinal() >= level.ordinal();
    }

    public void log(LogLevel at, String message) {
        if (!enabled(at)) {
            return;
        }
        String line = pid + ":" + role + " " + stamp() + " " + at.mark() + " " + message;
        synchronized (this) {
            out.println(line);
        }
    }

    /** Writes the line whatever the level (Redis's LL_RAW-style banners and fatal errors). */
    public void always(String message) {
        String line = pid + ":" + role + " " + stamp() + " # " + message;
        synchronized (this) {
            out.println(line);
        }
    }

    public void debug(String message) {
        log(LogLevel.DEBUG, message);
    }

    public void verbose(String message) {
        log(LogLevel.VERBOSE, message);
    }

    public void notice(String message) {
        log(LogLevel.NOTICE, message);
    }

    public void warning(String message) {
        log(LogLevel.WARNING, message);
    }

    /** For tests and embedding: send the log somewhere else. */
    public synchronized void redirect(OutputStream stream) {
        out = new PrintStream(stream, true, StandardCharsets.UTF_8);
        path = "";
    }
}
