package io.vigil.tests.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The failover benchmark's client: every 10 ms a SET of a new key followed by WAIT 1, against the
 * master the sentinels name. Any failure (refused, reset, timeout, an error reply such as READONLY)
 * drops the connection, and the next attempt asks the sentinels again with
 * {@code SENTINEL get-master-addr-by-name}, as a sentinel-aware client does.
 */
final class FailoverBenchWriter implements Runnable {
    private static final String HOST = "127.0.0.1";
    private static final long PERIOD_NANOS = 10_000_000;

    private final String name;
    private final int[] sentinels;
    private final int waitMillis;
    private final List<Long> acked = new ArrayList<>();
    private volatile boolean running = true;
    private volatile int oldMasterPort = -1;
    private volatile long firstNewWriteAt = -1;
    private int nextSentinel;

    FailoverBenchWriter(String name, int[] sentinels, int waitMillis) {
        this.name = name;
        this.sentinels = sentinels;
        this.waitMillis = waitMillis;
    }

    static String key(long seq) {
        return "fb:" + seq;
    }

    /** From now on, the first successful SET on another port than {@code masterPort} is recorded. */
    void failoverStartedAt(long nanos, int masterPort) {
        oldMasterPort = masterPort;
    }

    long firstWriteOnNewMasterAt() {
        return firstNewWriteAt;
    }

    void stop() {
        running = false;
    }

    synchronized int acknowledged() {
        return acked.size();
    }

    synchronized List<Long> acknowledgedKeys() {
        return new ArrayList<>(acked);
    }

    @Override
    public void run() {
        BenchResp conn = null;
        long seq = 0;
        long next = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (now < next) {
                sleepNanos(next - now);
            }
            next = Math.max(next + PERIOD_NANOS, System.nanoTime());
            try {
                if (conn == null) {
                    conn = connect();
                    if (conn == null) {
                        continue;
                    }
                }
                long s = ++seq;
                Object set = conn.call("SET", key(s), Long.toString(s));
                if (!"OK".equals(set)) {
                    throw new IOException("SET answered " + set);
                }
                if (firstNewWriteAt < 0 && oldMasterPort > 0 && conn.port != oldMasterPort) {
                    firstNewWriteAt = System.nanoTime();
                }
                Object w = conn.call("WAIT", "1", Integer.toString(waitMillis));
                if (w instanceof Long n && n >= 1) {
                    synchronized (this) {
                        acked.add(s);
                    }
                }
            } catch (IOException e) {
                if (conn != null) {
                    conn.close();
                    conn = null;
                }
            }
        }
        if (conn != null) {
            conn.close();
        }
    }

    /** Asks the sentinels (starting with the next one in turn) for the master, and connects to it. */
    private BenchResp connect() {
        for (int i = 0; i < sentinels.length; i++) {
            int s = sentinels[nextSentinel];
            nextSentinel = (nextSentinel + 1) % sentinels.length;
            String addr = FailoverBenchProbe.masterAddr(s, name);
            if (addr == null) {
                continue;
            }
            int port = Integer.parseInt(addr.substring(addr.indexOf(':') + 1));
            try {
                return new BenchResp(HOST, port, 200, waitMillis + 1000);
            } catch (IOException refused) {
                return null;
            }
        }
        return null;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
