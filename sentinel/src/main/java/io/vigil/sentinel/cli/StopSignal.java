package io.vigil.sentinel.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C / SIGTERM for a long-running subcommand: the JVM's shutdown hook asks the command to stop
 * and waits (bounded) for it to finish cleaning up, so nodes and sentinels are closed and the
 * temporary directory removed before the process exits. Removed again when the command returns on
 * its own (in-process callers such as tests).
 */
final class StopSignal implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private final java.util.List<Thread> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    StopSignal() {
        hook = new Thread(() -> {
            stop.countDown();
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "vigil-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs {@code action} (once, on the hook's thread) when a stop is requested. */
    void onStop(Runnable action) {
        Thread t = new Thread(() -> {
            try {
                stop.await();
                action.run();
            } catch (InterruptedException ignored) {
                // the command ended first
            }
        }, "vigil-stop-watch");
        t.setDaemon(true);
        t.start();
        watchers.add(t);
    }

    /** Waits up to {@code d}; true when a stop was requested. */
    boolean await(Duration d) {
        try {
            return stop.await(Math.max(0, d.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    boolean requested() {
        return stop.getCount() == 0;
    }

    /** The command has cleaned up: lets a pending shutdown proceed, or unregisters the hook. */
    @Override
    public void close() {
        finished.countDown();
        watchers.forEach(Thread::interrupt);
        if (!requested()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutdown already under way
            }
        }
    }
}
