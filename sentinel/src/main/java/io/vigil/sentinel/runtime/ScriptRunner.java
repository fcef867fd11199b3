package io.vigil.sentinel.runtime;

import io.vigil.sentinel.core.EventLevel;
import io.vigil.sentinel.core.SentinelEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * notification-script / client-reconfig-script jobs as Redis runs them (spec 3.4): a queue of at
 * most 256 jobs (the oldest waiting one dropped when full), at most 16 running, exit 1 or a signal
 * retried up to 10 times with a delay of 30 s doubled each time, exit >= 2 final, SIGKILL after
 * 60 s. Children get no file descriptors of ours (Java closes them in the child) and their output
 * is discarded so nothing reaches our stderr. Event-loop thread only.
 */
final class ScriptRunner {
    static final int MAX_QUEUE = 256;
    static final int MAX_RUNNING = 16;
    static final int MAX_RETRY = 10;

    /** One job, visible through SENTINEL PENDING-SCRIPTS. */
    static final class Job {
        final List<String> argv;
        int retryNum;
        long startTimeMillis;
        Process process;

        Job(List<String> argv) {
            this.argv = List.copyOf(argv);
        }

        boolean running() {
            return process != null;
        }
    }

    private final List<Job> queue = new ArrayList<>();
    private final Consumer<SentinelEvent> events;
    long maxRuntimeMillis = 60_000;
    long retryDelayMillis = 30_000;

    ScriptRunner(Consumer<SentinelEvent> events) {
        this.events = events;
    }

    void schedule(List<String> argv, long now) {
        Job job = new Job(argv);
        job.startTimeMillis = now; // eligible at once
        if (queue.size() >= MAX_QUEUE) {
            for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
                if (!it.next().running()) {
                    it.remove();
                    break;
                }
            }
            if (queue.size() >= MAX_QUEUE) {
                return;
            }
        }
        queue.add(job);
    }

    /** Start due jobs, reap finished ones, kill those over the time limit. */
    void tick(long now) {
        int running = 0;
        for (Job j : queue) {
            if (j.running()) {
                running++;
            }
        }
        for (Job j : queue) {
            if (running >= MAX_RUNNING) {
                break;
            }
            if (j.running() || j.startTimeMillis > now) {
                continue;
            }
            try {
                ProcessBuilder pb = new ProcessBuilder(j.argv);
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
                j.process = pb.start();
                j.startTimeMillis = now;
                j.retryNum++;
                running++;
                events.accept(new SentinelEvent("+script-child", EventLevel.DEBUG, Long.toString(j.process.pid()), null, false));
            } catch (IOException e) {
                // Redis's fork failure: "-script-error <path> 99 0", not retried.
                events.accept(new SentinelEvent("-script-error", EventLevel.WARNING, j.argv.get(0) + " 99 0", null, false));
                j.retryNum = Integer.MAX_VALUE;
            }
        }
        queue.removeIf(j -> !j.running() && j.retryNum == Integer.MAX_VALUE);
        for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (!j.running()) {
                continue;
            }
            Process p = j.process;
            if (p.isAlive()) {
                if (now - j.startTimeMillis > maxRuntimeMillis) {
                    events.accept(new SentinelEvent("-script-timeout", EventLevel.WARNING,
                            j.argv.get(0) + " " + p.pid(), null, false));
                    p.destroyForcibly();
                }
                continue;
            }
            int code = p.exitValue();
            // Java reports death by signal N as 128+N.
            int signal = code > 128 ? code - 128 : 0;
            int exit = signal > 0 ? 0 : code;
            events.accept(new SentinelEvent("-script-child", EventLevel.DEBUG, p.pid() + " " + exit + " " + signal,
                    null, false));
            j.process = null;
            if ((exit == 1 || signal != 0) && j.retryNum < MAX_RETRY) {
                j.startTimeMillis = now + retryDelayMillis * (1L << Math.min(20, j.retryNum - 1));
            } else {
                if (exit != 0 || signal != 0) {
                    events.accept(new SentinelEvent("-script-error", EventLevel.WARNING,
                            j.argv.get(0) + " " + signal + " " + exit, null, false));
                }
                it.remove();
            }
        }
    }

    int running() {
        int n = 0;
        for (Job j : queue) {
            if (j.running()) {
                n++;
            }
        }
        return n;
    }

    int queueLength() {
        return queue.size();
    }

    List<Job> jobs() {
        return List.copyOf(queue);
    }

    void killAll() {
        for (Job j : queue) {
            if (j.process != null) {
                j.process.destroyForcibly();
            }
        }
        queue.clear();
    }
}
