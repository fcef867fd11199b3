package io.vigil.tests.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Message delivery between endpoints (by id) with random delay, loss and duplication, and
 * directional partitions (a symmetric partition blocks both directions). Each ordered pair is
 * FIFO, like one TCP connection: a message never overtakes an earlier one on the same pair.
 */
public final class SimNetwork {
    private final Scheduler scheduler;
    private final SplittableRandom random;
    private final Set<Long> blocked = new HashSet<>();
    private final Map<Long, Long> lastDelivery = new HashMap<>();
    private long minDelayMillis = 1;
    private long maxDelayMillis = 3;
    private double loss;
    private double duplication;
    private long sent;
    private long dropped;

    public SimNetwork(Scheduler scheduler, long seed) {
        this.scheduler = scheduler;
        this.random = new SplittableRandom(seed);
    }

    public void configure(long minDelayMillis, long maxDelayMillis, double loss, double duplication) {
        this.minDelayMillis = minDelayMillis;
        this.maxDelayMillis = Math.max(minDelayMillis, maxDelayMillis);
        this.loss = loss;
        this.duplication = duplication;
    }

    public void setLoss(double loss, double duplication) {
        this.loss = loss;
        this.duplication = duplication;
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    public void block(int from, int to) {
        blocked.add(key(from, to));
    }

    public void partition(int a, int b, boolean symmetric) {
        block(a, b);
        if (symmetric) {
            block(b, a);
        }
    }

    public void healAll() {
        blocked.clear();
    }

    public int blockedPairs() {
        return blocked.size();
    }

    public boolean reachable(int from, int to) {
        return blocked.isEmpty() || !blocked.contains(key(from, to));
    }

    public long delay() {
        return minDelayMillis + (maxDelayMillis > minDelayMillis ? random.nextLong(maxDelayMillis - minDelayMillis + 1) : 0);
    }

    public long sent() {
        return sent;
    }

    public long dropped() {
        return dropped;
    }

    /** Send a message; {@code deliver} runs at the receiver, unless the message is lost. */
    public void send(int from, int to, Runnable deliver) {
        sent++;
        if (!reachable(from, to) || (loss > 0 && random.nextDouble() < loss)) {
            dropped++;
            return;
        }
        schedule(from, to, deliver);
        if (duplication > 0 && random.nextDouble() < duplication) {
            schedule(from, to, deliver);
        }
    }

    private void schedule(int from, int to, Runnable deliver) {
        long key = key(from, to);
        long at = scheduler.now() + delay();
        Long last = lastDelivery.get(key);
        if (last != null && last > at) {
            at = last;
        }
        lastDelivery.put(key, at);
        scheduler.at(at, deliver);
    }
}
