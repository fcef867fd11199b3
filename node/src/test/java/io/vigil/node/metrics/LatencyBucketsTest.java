package io.vigil.node.metrics;

import io.vigil.node.server.LatencyHistogram;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node's latency histogram read as Prometheus cumulative buckets. */
class LatencyBucketsTest {
    @Test
    void cumulativeCountsMatchExactCountsAwayFromBucketEdges() {
        LatencyHistogram h = new LatencyHistogram();
        long[] values = {50, 200, 9_000, 11_000, 20_000, 400_000, 2_000_000, 900_000_000, 5_000_000_000L};
        for (long v : values) {
            h.record(v);
        }
        long[] bounds = {100, 10_000, 100_000, 1_000_000, 1_000_000_000};
        // 5e9 is clamped to the histogram's 1 s maximum, so it lands in the last bound.
        assertArrayEquals(new long[]{1, 3, 5, 6, 9}, h.cumulativeCounts(bounds));
    }

    @Test
    void cumulativeCountsAreMonotonicAndEndAtTheTotal() {
        LatencyHistogram h = new LatencyHistogram();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            h.record(1 + random.nextLong(2_000_000));
        }
        long[] bounds = new long[NodeCollector.COMMAND_BUCKETS.length];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = Math.round(NodeCollector.COMMAND_BUCKETS[i] * 1e9);
        }
        long[] cumulative = h.cumulativeCounts(bounds);
        for (int i = 1; i < cumulative.length; i++) {
            assertTrue(cumulative[i] >= cumulative[i - 1]);
        }
        assertTrue(cumulative[cumulative.length - 1] == h.total());
        // About half the uniform 0..2 ms values are under 1 ms (within the histogram's precision).
        long underOneMs = cumulative[6];
        assertTrue(underOneMs > 4_800 && underOneMs < 5_200, "under 1 ms: " + underOneMs);
    }
}
