package io.vigil.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns executed writes into the command stream of replicas and the AOF: each sink gets a SELECT
 * whenever the database changes for it (Redis tracks the selected db per target), and a
 * transaction or a command that expands to several writes travels as MULTI ... EXEC.
 */
public final class Propagation {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

    private final List<Target> targets = new ArrayList<>();

    private static final class Target {
        final PropagationSink sink;
        int selectedDb = -1;

        Target(PropagationSink sink) {
            this.sink = sink;
        }
    }

    public void addSink(PropagationSink sink) {
        targets.add(new Target(sink));
    }

    public void removeSink(PropagationSink sink) {
        targets.removeIf(t -> t.sink == sink);
    }

    /** Forget which db each sink has selected (a new AOF file, a new replication stream). */
    public void resetSelectedDb(PropagationSink sink) {
        for (Target target : targets) {
            if (target.sink == sink) {
                target.selectedDb = -1;
            }
        }
    }

    public boolean hasSinks() {
        return !targets.isEmpty();
    }

    /** Propagates one command executed against {@code db}. */
    public void propagate(int db, byte[][] argv) {
        for (Target target : targets) {
            select(target, db);
            target.sink.append(argv);
        }
    }

    /** Propagates a command to the sinks that take replication-only traffic (PUBLISH goes to replicas, not the AOF). */
    public void propagateToReplicas(int db, byte[][] argv) {
        for (Target target : targets) {
            if (target.sink.takesReplicationOnly()) {
                select(target, db);
                target.sink.append(argv);
            }
        }
    }

    /** Propagates several commands as one atomic block (EXEC, or a command that expands to many). */
    public void propagateAtomically(int db, List<byte[][]> commands) {
        if (commands.isEmpty()) {
            return;
        }
        if (commands.size() == 1) {
            propagate(db, commands.get(0));
            return;
        }
        for (Target target : targets) {
            select(target, db);
            target.sink.append(MULTI);
            for (byte[][] argv : commands) {
                target.sink.append(argv);
            }
            target.sink.append(EXEC);
        }
    }

    /** Propagates commands that carry their own db each (EXEC across SELECT), wrapped in MULTI/EXEC. */
    public void propagateTransaction(List<Integer> dbs, List<byte[][]> commands) {
        if (commands.isEmpty()) {
            return;
        }
        for (Target target : targets) {
            select(target, dbs.get(0));
            target.sink.append(MULTI);
            for (int i = 0; i < commands.size(); i++) {
                select(target, dbs.get(i));
                target.sink.append(commands.get(i));
            }
            target.sink.append(EXEC);
        }
    }

    private static void select(Target target, int db) {
        if (target.selectedDb != db) {
            target.sink.append(new byte[][]{SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII)});
            target.selectedDb = db;
        }
    }
}
