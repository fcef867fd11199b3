package io.vigil.node.server;

/**
 * Command latencies in nanoseconds, bucketed like the HdrHistogram Redis 7.0 uses for INFO
 * latencystats (lowest 1, highest 1 s, 2 significant digits: 256 exact values, then 128 buckets
 * per power of two), so the percentiles print the same values Redis prints.
 */
public final class LatencyHistogram {
    private static final long MAX = 1_000_000_000L;
    private final long[] counts = new long[256 + 22 * 128];
    private long total;

    public void record(long nanos) {
        long value = Math.max(1, Math.min(MAX, nanos));
        counts[index(value)]++;
        total++;
    }

    public long total() {
        return total;
    }

    private static int bucket(long value) {
        int pow2ceiling = 64 - Long.numberOfLeadingZeros(value | 255);
        return pow2ceiling - 8;
    }

    private static int index(long value) {
        int bucket = bucket(value);
        int sub = (int) (value >>> bucket);
        return bucket == 0 ? sub : 256 + (bucket - 1) * 128 + (sub - 128);
    }

    private static long lowest(int index) {
        if (index < 256) {
            return index;
        }
        int bucket = (index - 256) / 128 + 1;
        long sub = (index - 256) % 128 + 128;
        return sub << bucket;
    }

    private static long highest(int index) {
        if (index < 256) {
            return index;
        }
        int bucket = (index - 256) / 128 + 1;
        return lowest(index) + (1L << bucket) - 1;
    }

    /**
     * For each bound (ascending, in ns), how many recorded values are at most that bound, in one
     * pass (Prometheus histogram buckets). A bucket straddling a bound counts as above it, so the
     * counts are exact up to the histogram's own 1% precision.
     */
    public long[] cumulativeCounts(long[] boundsNanos) {
        long[] out = new long[boundsNanos.length];
        int b = 0;
        long cumulative = 0;
        for (int i = 0; i < counts.length && b < boundsNanos.length; i++) {
            // Values are clamped to MAX when recorded: a bound at or above it holds them all.
            while (b < boundsNanos.length && boundsNanos[b] < MAX && highest(i) > boundsNanos[b]) {
                out[b++] = cumulative;
            }
            cumulative += counts[i];
        }
        while (b < boundsNanos.length) {
            out[b++] = cumulative;
        }
        return out;
    }

    /** hdr_value_at_percentile: the highest value equivalent to the one at that percentile. */
    public long valueAtPercentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        double requested = Math.min(percentile, 100.0);
        long countAtPercentile = Math.max(1, (long) ((requested / 100) * total + 0.5));
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            if (cumulative >= countAtPercentile) {
                return percentile == 0.0 ? lowest(i) : highest(i);
            }
        }
        return 0;
    }
}
