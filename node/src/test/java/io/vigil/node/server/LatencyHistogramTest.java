package io.vigil.node.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyHistogramTest {
    @Test
    void percentilesReportTheHighestEquivalentValueAsRedisHdrHistogramDoes() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(1_000);
        assertEquals(1_003, histogram.valueAtPercentile(50), "1 us prints as 1.003 in Redis");
        histogram.record(9_000);
        histogram.record(21_000);
        assertEquals(9_023, histogram.valueAtPercentile(50));
        assertEquals(21_119, histogram.valueAtPercentile(99));
        assertEquals(21_119, histogram.valueAtPercentile(99.9));
    }

    @Test
    void smallValuesAreExactAndHugeOnesAreClamped() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 200; i++) {
            histogram.record(i);
        }
        assertEquals(100, histogram.valueAtPercentile(50));
        histogram.record(5_000_000_000L);
        assertEquals(201, histogram.total());
        long top = histogram.valueAtPercentile(100);
        assertEquals(true, top >= 1_000_000_000L && top < 1_010_000_000L, "values above 1 s land in the 1 s bucket: " + top);
    }
}
