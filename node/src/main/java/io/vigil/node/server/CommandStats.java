package io.vigil.node.server;

/** Per-command counters for INFO commandstats. */
public final class CommandStats {
    long calls;
    long micros;
    long rejectedCalls;
    long failedCalls;
    private LatencyHistogram latency;

    /** The latency distribution (INFO latencystats), or null before the first tracked call. */
    public LatencyHistogram latency() {
        return latency;
    }

    void recordLatency(long nanos) {
        if (latency == null) {
            latency = new LatencyHistogram();
        }
        latency.record(nanos);
    }

    public long calls() {
        return calls;
    }

    public long micros() {
        return micros;
    }

    public long rejectedCalls() {
        return rejectedCalls;
    }

    public long failedCalls() {
        return failedCalls;
    }

    void reset() {
        calls = 0;
        micros = 0;
        rejectedCalls = 0;
        failedCalls = 0;
        latency = null;
    }
}
