package io.vigil.node.server;

import java.util.Map;
import java.util.TreeMap;

/** Server-wide counters behind INFO stats, commandstats and errorstats. Event-loop thread only. */
public final class ServerStats {
    long connectionsReceived;
    long rejectedConnections;
    long commandsProcessed;
    long netInputBytes;
    long netOutputBytes;
    long errorReplies;
    long readsProcessed;
    long writesProcessed;
    final Map<String, Long> errors = new TreeMap<>();
    // Hashed for the per-command hot path; sorted only when INFO asks.
    final Map<String, CommandStats> commands = new java.util.HashMap<>();
    /** Ring of (time, commands) samples for instantaneous_ops_per_sec. */
    private final long[] sampleCommands = new long[16];
    private final long[] sampleMillis = new long[16];
    private final long[] sampleInput = new long[16];
    private final long[] sampleOutput = new long[16];
    private int sampleIndex;

    public long connectionsReceived() {
        return connectionsReceived;
    }

    public long rejectedConnections() {
        return rejectedConnections;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }

    public long netInputBytes() {
        return netInputBytes;
    }

    public long netOutputBytes() {
        return netOutputBytes;
    }

    public long errorReplies() {
        return errorReplies;
    }

    /** Socket reads handled (INFO total_reads_processed). */
    public long readsProcessed() {
        return readsProcessed;
    }

    /** Reply flushes (INFO total_writes_processed). */
    public long writesProcessed() {
        return writesProcessed;
    }

    void countRead() {
        readsProcessed++;
    }

    /** Error counts by code (the first word of the error), in name order. */
    public Map<String, Long> errors() {
        return errors;
    }

    /** Per-command counters by full name ({@code get}, {@code config|get}), in name order. */
    public Map<String, CommandStats> commands() {
        return new TreeMap<>(commands);
    }

    public void countRejectedConnection() {
        rejectedConnections++;
    }

    void countError(String text) {
        errorReplies++;
        int space = text.indexOf(' ');
        String code = space < 0 ? text : text.substring(0, space);
        errors.merge(code, 1L, Long::sum);
    }

    /** The entry looked up last, by the identity of its name: a stream of one command skips the map. */
    private String lastName;
    private CommandStats lastStats;

    CommandStats command(String fullName) {
        if (fullName == lastName) {
            return lastStats;
        }
        CommandStats existing = commands.get(fullName);
        if (existing == null) {
            existing = new CommandStats();
            commands.put(fullName, existing);
        }
        lastName = fullName;
        lastStats = existing;
        return existing;
    }

    /** Called from the server cron; feeds {@link #opsPerSecond()}. */
    public void sample(long nowMillis) {
        sampleCommands[sampleIndex] = commandsProcessed;
        sampleInput[sampleIndex] = netInputBytes;
        sampleOutput[sampleIndex] = netOutputBytes;
        sampleMillis[sampleIndex] = nowMillis;
        sampleIndex = (sampleIndex + 1) % sampleCommands.length;
    }

    public long opsPerSecond() {
        int newest = (sampleIndex + sampleCommands.length - 1) % sampleCommands.length;
        int oldest = sampleIndex;
        long millis = sampleMillis[newest] - sampleMillis[oldest];
        if (sampleMillis[oldest] == 0 || millis <= 0) {
            return 0;
        }
        return (sampleCommands[newest] - sampleCommands[oldest]) * 1000 / millis;
    }

    /** KB/s read from clients over the recent samples (instantaneous_input_kbps). */
    public double inputKbps() {
        return rate(sampleInput) / 1024.0;
    }

    /** KB/s written to clients over the recent samples (instantaneous_output_kbps). */
    public double outputKbps() {
        return rate(sampleOutput) / 1024.0;
    }

    private double rate(long[] samples) {
        int newest = (sampleIndex + sampleCommands.length - 1) % sampleCommands.length;
        int oldest = sampleIndex;
        long millis = sampleMillis[newest] - sampleMillis[oldest];
        if (sampleMillis[oldest] == 0 || millis <= 0) {
            return 0;
        }
        return (samples[newest] - samples[oldest]) * 1000.0 / millis;
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        connectionsReceived = 0;
        rejectedConnections = 0;
        commandsProcessed = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        errorReplies = 0;
        readsProcessed = 0;
        writesProcessed = 0;
        errors.clear();
        commands.clear();
        lastName = null;
        lastStats = null;
    }
}
