package io.vigil.node.server;

/** Per-command counters for INFO commandstats. */
public final class CommandStats {
    long calls;
    long micros;
    long rejectedCalls;
    long failedCalls;

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
    }
}
