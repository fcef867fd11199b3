package io.vigil.tests.sim;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Virtual clock and discrete-event scheduler. Events at the same virtual millisecond run in an
 * order drawn from the seeded generator (not insertion order), so that tie-breaking is explored
 * but reproducible.
 */
public final class Scheduler {
    private record Task(long at, long tie, long seq, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            if (at != o.at) {
                return Long.compare(at, o.at);
            }
            if (tie != o.tie) {
                return Long.compare(tie, o.tie);
            }
            return Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final SplittableRandom random;
    private long now;
    private long seq;
    private long executed;

    public Scheduler(long seed, long startMillis) {
        this.random = new SplittableRandom(seed);
        this.now = startMillis;
    }

    public long now() {
        return now;
    }

    public long executed() {
        return executed;
    }

    public void at(long atMillis, Runnable action) {
        queue.add(new Task(Math.max(atMillis, now), random.nextLong(), seq++, action));
    }

    public void after(long delayMillis, Runnable action) {
        at(now + delayMillis, action);
    }

    /** Run every event up to and including {@code untilMillis}; the clock ends there. */
    public void runUntil(long untilMillis) {
        while (!queue.isEmpty() && queue.peek().at <= untilMillis) {
            Task t = queue.poll();
            now = t.at;
            executed++;
            t.action.run();
        }
        now = Math.max(now, untilMillis);
    }
}
