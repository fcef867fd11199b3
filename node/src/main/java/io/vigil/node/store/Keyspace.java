package io.vigil.node.store;

import java.util.Arrays;

/** All databases of a node ({@code databases}, 16 by default), with SWAPDB, FLUSHALL and snapshots. */
public final class Keyspace {
    private final Database[] databases;
    private final StoreContext context = new StoreContext();

    public Keyspace(int count, Database.ExpiryListener expiryListener) {
        databases = new Database[count];
        for (int i = 0; i < count; i++) {
            databases[i] = new Database(i, expiryListener, context);
        }
    }

    public int count() {
        return databases.length;
    }

    public Database db(int index) {
        return databases[index];
    }

    /** The encoding thresholds of every database (the config wiring updates its fields). */
    public EncodingLimits limits() {
        return context.limits;
    }

    /** Exchanges the contents of two databases; clients keep their index and see the other data. */
    public void swap(int a, int b) {
        for (KeyModificationListener listener : context.modificationListeners) {
            listener.modifiedAll(databases[a]);
            if (a != b) {
                listener.modifiedAll(databases[b]);
            }
        }
        Database first = databases[a];
        databases[a] = databases[b];
        databases[b] = first;
        databases[a].index(a);
        databases[b].index(b);
    }

    /**
     * Replaces every database's contents with a staged dataset in one step (a replica's full
     * sync); WATCHers are told as for FLUSHALL. Event loop only.
     */
    public void install(StagedKeyspace staged) {
        if (staged.databases() != databases.length) {
            throw new IllegalArgumentException("staged " + staged.databases() + " databases, have " + databases.length);
        }
        for (int i = 0; i < databases.length; i++) {
            databases[i].adopt(staged.table(i));
        }
    }

    public void flushAll() {
        for (Database db : databases) {
            db.clear();
        }
    }

    /** Total keys over all databases. */
    public long size() {
        long total = 0;
        for (Database db : databases) {
            total += db.size();
        }
        return total;
    }

    /** Adds a listener told about every modified key (WATCH). */
    public void addModificationListener(KeyModificationListener listener) {
        KeyModificationListener[] current = context.modificationListeners;
        KeyModificationListener[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = listener;
        context.modificationListeners = next;
    }

    public void removeModificationListener(KeyModificationListener listener) {
        context.modificationListeners = Arrays.stream(context.modificationListeners)
                .filter(l -> l != listener).toArray(KeyModificationListener[]::new);
    }

    /** Adds a listener told about created keys (blocked clients' ready keys, "new" events). */
    public void addKeyAddedListener(KeyAddedListener listener) {
        KeyAddedListener[] current = context.keyAddedListeners;
        KeyAddedListener[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = listener;
        context.keyAddedListeners = next;
    }

    /**
     * A consistent point-in-time view of every database (BGSAVE, AOF rewrite). Taking it costs a
     * pointer copy of each database's slot array; values are not copied now but on their first
     * write while the snapshot is open (see {@link MutableValue}). Call on the event-loop thread;
     * the returned snapshot may then be iterated from any thread, and must be closed when done
     * (from any thread), otherwise every later write keeps copying values.
     */
    public KeyspaceSnapshot snapshot() {
        context.epoch++;
        context.openSnapshots.incrementAndGet();
        Database.SnapshotPart[] parts = new Database.SnapshotPart[databases.length];
        for (int i = 0; i < databases.length; i++) {
            parts[i] = databases[i].snapshotPart();
        }
        return new KeyspaceSnapshot(parts, context.openSnapshots);
    }

    /** Snapshots currently open (for tests and INFO). */
    public int openSnapshots() {
        return context.openSnapshots.get();
    }
}
