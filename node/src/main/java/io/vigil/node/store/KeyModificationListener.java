package io.vigil.node.store;

/**
 * Told when keys change, as Redis's signalModifiedKey / touchAllWatchedKeysInDb (WATCH, client
 * tracking). Every write command signals the keys it changed; expiry deletion signals the
 * expired key; FLUSHDB, FLUSHALL and SWAPDB call {@link #modifiedAll} <em>before</em> the data
 * changes, so a listener can still look at what the database held. Event-loop thread only.
 */
public interface KeyModificationListener {
    void modified(Database db, byte[] key);

    /** Every key of {@code db} may have changed (flush, swap). Called before the change. */
    void modifiedAll(Database db);
}
