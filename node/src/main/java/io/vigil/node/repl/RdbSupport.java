package io.vigil.node.repl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * What replication needs from persistence: a point-in-time view of the dataset that can be
 * written as an RDB on another thread while the node keeps serving writes, and an RDB loader that
 * builds a complete dataset off to the side, swapped in only once it is whole (a replica never
 * serves a half-loaded dataset).
 */
public interface RdbSupport {
    /** Event loop: freezes the dataset as it is now. */
    Snapshot take();

    /** Any thread: reads an RDB into a new dataset that nobody sees yet. */
    Loaded load(InputStream in) throws IOException;

    /** Event loop: replaces the node's dataset with a loaded one. */
    void install(Loaded loaded);

    /** A frozen dataset. */
    interface Snapshot {
        /** Writes the RDB with the replication aux fields; may run on any thread, once. */
        void write(OutputStream out, int replStreamDb, String replId, long replOffset) throws IOException;

        /** Frees the view (copy-on-write bookkeeping) whether or not it was written. */
        void release();
    }

    /** A dataset read from an RDB, with its AUX fields ({@code repl-stream-db}, ...). */
    interface Loaded {
        Map<String, String> aux();

        long keys();
    }
}
