package io.vigil.node.server;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * Netty's logging routed straight into the {@link ServerLog} (warnings as warnings, info as
 * verbose, debug and trace as debug), so Netty never touches java.util.logging, which is slow to
 * start and writes to stderr by default.
 */
final class NettyLogging extends InternalLoggerFactory {
    static final NettyLogging INSTANCE = new NettyLogging();

    @Override
    protected InternalLogger newInstance(String name) {
        return new Logger(name);
    }

    private static final class Logger extends AbstractInternalLogger {
        Logger(String name) {
            super(name);
        }

        private void log(LogLevel level, String format, Object... arguments) {
            ServerLog log = ServerLog.get();
            if (!log.enabled(level)) {
                return;
            }
            StringBuilder text = new StringBuilder(name()).append(": ");
            int argument = 0;
            Throwable thrown = null;
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c == '{' && i + 1 < format.length() && format.charAt(i + 1) == '}' && argument < arguments.length) {
                    text.append(arguments[argument++]);
                    i++;
                } else {
                    text.append(c);
                }
            }
            if (arguments.length > argument && arguments[arguments.length - 1] instanceof Throwable t) {
                thrown = t;
            }
            if (thrown != null) {
                text.append(": ").append(thrown);
            }
            log.log(level, text.toString());
        }

    @Override
    public boolean isTraceEnabled() {
        return ServerLog.get().enabled(LogLevel.DEBUG);
    }

    @Override
    public void trace(String msg) {
        log(LogLevel.DEBUG, msg);
    }

    @Override
    public void trace(String format, Object arg) {
        log(LogLevel.DEBUG, format, arg);
    }

    @Override
    public void trace(String format, Object argA, Object argB) {
        log(LogLevel.DEBUG, format, argA, argB);
    }

    @Override
    public void trace(String format, Object... arguments) {
        log(LogLevel.DEBUG, format, arguments);
    }

    @Override
    public void trace(String msg, Throwable t) {
        log(LogLevel.DEBUG, msg, t);
    }
    @Override
    public boolean isDebugEnabled() {
        return ServerLog.get().enabled(LogLevel.DEBUG);
    }

    @Override
    public void debug(String msg) {
        log(LogLevel.DEBUG, msg);
    }

    @Override
    public void debug(String format, Object arg) {
        log(LogLevel.DEBUG, format, arg);
    }

    @Override
    public void debug(String format, Object argA, Object argB) {
        log(LogLevel.DEBUG, format, argA, argB);
    }

    @Override
    public void debug(String format, Object... arguments) {
        log(LogLevel.DEBUG, format, arguments);
    }

    @Override
    public void debug(String msg, Throwable t) {
        log(LogLevel.DEBUG, msg, t);
    }
    @Override
    public boolean isInfoEnabled() {
        return ServerLog.get().enabled(LogLevel.VERBOSE);
    }

    @Override
    public void info(String msg) {
        log(LogLevel.VERBOSE, msg);
    }

    @Override
    public void info(String format, Object arg) {
        log(LogLevel.VERBOSE, format, arg);
    }

    @Override
    public void info(String format, Object argA, Object argB) {
        log(LogLevel.VERBOSE, format, argA, argB);
    }

    @Override
    public void info(String format, Object... arguments) {
        log(LogLevel.VERBOSE, format, arguments);
    }

    @Override
    public void info(String msg, Throwable t) {
        log(LogLevel.VERBOSE, msg, t);
    }
    @Override
    public boolean isWarnEnabled() {
        return ServerLog.get().enabled(LogLevel.WARNING);
    }

    @Override
    public void warn(String msg) {
        log(LogLevel.WARNING, msg);
    }

    @Override
    public void warn(String format, Object arg) {
        log(LogLevel.WARNING, format, arg);
    }

    @Override
    public void warn(String format, Object argA, Object argB) {
        log(LogLevel.WARNING, format, argA, argB);
    }

    @Override
    public void warn(String format, Object... arguments) {
        log(LogLevel.WARNING, format, arguments);
    }

    @Override
    public void warn(String msg, Throwable t) {
        log(LogLevel.WARNING, msg, t);
    }
    @Override
    public boolean isErrorEnabled() {
        return ServerLog.get().enabled(LogLevel.WARNING);
    }

    @Override
    public void error(String msg) {
        log(LogLevel.WARNING, msg);
    }

    @Override
    public void error(String format, Object arg) {
        log(LogLevel.WARNING, format, arg);
    }

    @Override
    public void error(String format, Object argA, Object argB) {
        log(LogLevel.WARNING, format, argA, argB);
    }

    @Override
    public void error(String format, Object... arguments) {
        log(LogLevel.WARNING, format, arguments);
    }

    @Override
    public void error(String msg, Throwable t) {
        log(LogLevel.WARNING, msg, t);
    }
    }
}
