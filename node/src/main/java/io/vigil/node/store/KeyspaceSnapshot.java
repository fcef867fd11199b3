package io.vigil.node.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable view of the keyspace as of {@link Keyspace#snapshot()}. Iterating it from another
 * thread is safe: it holds private copies of the slot arrays, strings are immutable and mutable
 * values are copied by writers before they change (copy-on-write). Values handed to the visitor
 * must only be read. Expired keys are included with their expiry, as Redis's RDB does.
 */
public final class KeyspaceSnapshot implements AutoCloseable {
    private final Database.SnapshotPart[] parts;
    private final AtomicInteger openSnapshots;
    private boolean closed;

    KeyspaceSnapshot(Database.SnapshotPart[] parts, AtomicInteger openSnapshots) {
        this.parts = parts;
        this.openSnapshots = openSnapshots;
    }

    public int databases() {
        return parts.length;
    }

    /** Keys of database {@code db} at the snapshot instant (RDB's RESIZEDB). */
    public int size(int db) {
        return parts[db].size();
    }

    /** Keys with a TTL in database {@code db}. */
    public int volatileKeys(int db) {
        return parts[db].volatileCount();
    }

    /** Visits every key of database {@code db} with its value and expiry (-1 for none). */
    public void forEach(int db, Database.EntryVisitor visitor) {
        Database.SnapshotPart part = parts[db];
        Object[] slots = part.slots();
        long[] expires = part.expires();
        for (int i = 0, n = slots.length / 2; i < n; i++) {
            Object key = slots[i << 1];
            if (key != null) {
                visitor.visit((byte[]) key, slots[(i << 1) + 1], expires == null ? -1 : expires[i]);
            }
        }
    }

    /** Ends copy-on-write for this snapshot; idempotent, any thread. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            openSnapshots.decrementAndGet();
        }
    }
}
