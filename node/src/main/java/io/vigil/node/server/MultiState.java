package io.vigil.node.server;

import java.util.ArrayList;
import java.util.List;

/** A client inside MULTI: the queued commands, and whether one was refused (EXECABORT). */
public final class MultiState {
    /** A queued command, already looked up and checked. */
    public record Queued(CommandSpec spec, byte[][] argv) {
    }

    private final List<Queued> queued = new ArrayList<>();
    private boolean aborted;

    public List<Queued> queued() {
        return queued;
    }

    public boolean aborted() {
        return aborted;
    }

    void abort() {
        aborted = true;
    }

    void add(CommandSpec spec, byte[][] argv) {
        queued.add(new Queued(spec, argv));
    }
}
