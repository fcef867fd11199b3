package io.vigil.node.store;

/**
 * Told when a key is created (not overwritten) in a database, whatever the path (a push, RENAME,
 * MOVE, COPY, RESTORE): Redis's dbAdd signals such keys as "ready" for clients blocked on them.
 * Event-loop thread only; must not modify the database.
 */
@FunctionalInterface
public interface KeyAddedListener {
    void added(Database db, byte[] key, Object value);
}
