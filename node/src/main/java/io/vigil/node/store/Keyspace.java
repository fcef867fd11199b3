package io.vigil.node.store;

/** All databases of a node ({@code databases}, 16 by default), with SWAPDB and FLUSHALL. */
public final class Keyspace {
    private final Database[] databases;

    public Keyspace(int count, Database.ExpiryListener expiryListener) {
        databases = new Database[count];
        for (int i = 0; i < count; i++) {
            databases[i] = new Database(i, expiryListener);
        }
    }

    public int count() {
        return databases.length;
    }

    public Database db(int index) {
        return databases[index];
    }

    /** Exchanges the contents of two databases; clients keep their index and see the other data. */
    public void swap(int a, int b) {
        Database first = databases[a];
        databases[a] = databases[b];
        databases[b] = first;
        databases[a].index(a);
        databases[b].index(b);
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
}
