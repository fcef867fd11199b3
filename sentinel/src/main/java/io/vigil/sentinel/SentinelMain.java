package io.vigil.sentinel;

import io.vigil.conf.ConfigException;
import io.vigil.node.server.ServerLog;
import io.vigil.sentinel.runtime.SentinelConfigLoader;
import io.vigil.sentinel.runtime.SentinelDaemon;
import io.vigil.sentinel.runtime.SentinelLog;
import io.vigil.sentinel.runtime.SentinelSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vigil-sentinel <sentinel.conf> [--directive value ...]}: redis-sentinel's command line. The
 * config file is mandatory and must be writable (the sentinel persists its state there); config
 * errors print Redis's fatal block plus {@code file:line: reason} on stderr and exit 1.
 */
public final class SentinelMain {
    private SentinelMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        // Jedis/micrometer bring slf4j-api without a provider: keep its notice off stderr.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        ServerLog.captureLibraryLogging();
        ServerLog.get().role('X');
        if (args.length == 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Redis server v=7.0.15 sha=00000000:0 malloc=libc bits=64 build=vigil (vigil-sentinel)");
            return 0;
        }
        if (args.length == 0 || args[0].startsWith("--") || args[0].equals("-")) {
            ServerLog.get().warning("Sentinel needs config file on disk to save state. Exiting...");
            return 1;
        }
        Path file = Path.of(args[0]).toAbsolutePath().normalize();
        String notWritable = writableProblem(file);
        if (notWritable != null) {
            ServerLog.get().warning("Sentinel config file " + file + " is not writable: " + notWritable + ". Exiting...");
            return 1;
        }
        SentinelSettings settings;
        try {
            settings = SentinelConfigLoader.load(file, Arrays.asList(args).subList(1, args.length));
        } catch (ConfigException e) {
            System.err.print(e.formatFatal());
            System.err.flush();
            return 1;
        }
        ServerLog.get().level(settings.logLevel());
        if (!settings.logfile().isEmpty()) {
            try {
                // Redis opens the log after chdir to dir: a relative path is relative to dir.
                ServerLog.get().open(settings.dir().resolve(settings.logfile()).toString());
            } catch (IOException e) {
                System.err.println("Can't open the log file: " + e.getMessage());
                return 1;
            }
        }
        if (settings.pidfile() != null) {
            try {
                Files.writeString(settings.dir().resolve(settings.pidfile()), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                ServerLog.get().warning("Failed to write PID file: " + e.getMessage());
            }
        }
        ServerLog.get().notice("Sentinel (vigil) 7.0.15 compatible, pid " + ProcessHandle.current().pid()
                + ", port " + settings.port());
        // SIGHUP (logrotate's postrotate): the text log, then the JSON event log once there is one.
        // Installed before the daemon starts: it answers PING before its start-up is over, and the
        // JVM's own SIGHUP action is to exit.
        java.util.concurrent.atomic.AtomicReference<SentinelDaemon> started = new java.util.concurrent.atomic.AtomicReference<>();
        ServerLog.reopenOnHangup(() -> {
            SentinelDaemon d = started.get();
            if (d != null) {
                d.eventLog().reopen();
            }
        });
        SentinelDaemon daemon;
        try {
            daemon = SentinelDaemon.start(settings, SentinelLog.process());
        } catch (Exception e) {
            ServerLog.get().warning(String.valueOf(e.getMessage()));
            return 1;
        }
        started.set(daemon);
        // A daemonizing launcher returns now: configuration accepted and the port open.
        io.vigil.node.NodeMain.signalDaemonConfigured();
        CountDownLatch stopped = new CountDownLatch(1);
        daemon.onCrash(() -> Runtime.getRuntime().halt(99));
        daemon.onShutdown(() -> {
            removePidfile(settings);
            Runtime.getRuntime().halt(0);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ServerLog.get().warning("Received SIGTERM scheduling shutdown...");
            removePidfile(settings);
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void removePidfile(SentinelSettings settings) {
        if (settings.pidfile() != null) {
            try {
                Files.deleteIfExists(settings.dir().resolve(settings.pidfile()));
            } catch (IOException ignored) {
                // best effort, as Redis
            }
        }
    }

    /** Redis checks access(W_OK) on the config file; the strerror text when it fails, else null. */
    private static String writableProblem(Path file) {
        if (!Files.exists(file)) {
            return "No such file or directory";
        }
        if (Files.isDirectory(file)) {
            return "Is a directory";
        }
        if (!Files.isWritable(file)) {
            return "Permission denied";
        }
        return null;
    }

}
