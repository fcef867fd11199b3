package io.vigil.node.rdb;

/**
 * A dataset load that proceeds in small steps (an RDB record, an AOF command), so the event loop
 * can run it in slices and answer clients with -LOADING in between, as Redis does while loading.
 */
public interface LoadJob {
    /** Does a little more work; false when the load is complete. */
    boolean step() throws Exception;

    /** Bytes read so far (INFO loading_loaded_bytes). */
    long loadedBytes();

    /** Bytes to read in total (INFO loading_total_bytes). */
    long totalBytes();

    /** Releases files; called once, whether the load completed or failed. */
    default void close() {
    }
}
