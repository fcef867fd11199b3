package io.vigil.node.store;

/**
 * A whole dataset built off the event loop (a replica's full sync) and installed into a
 * {@link Keyspace} in one step with {@link Keyspace#install}. Putting a million loaded keys into
 * the live tables on the loop took 200 ms there, and holding them meanwhile as (key, value,
 * expiry) triples doubled what the collector had to copy. Not thread-safe: one loader fills it,
 * then the event loop installs it.
 */
public final class StagedKeyspace {
    private final KeyTable[] tables;
    private final int accessClock = StoreContext.accessClock(System.currentTimeMillis());
    private long keys;

    public StagedKeyspace(int databases) {
        tables = new KeyTable[databases];
    }

    public int databases() {
        return tables.length;
    }

    /** A RESIZEDB hint: sizes the database's table once instead of growing it key by key. */
    public void presize(int db, long expectedKeys) {
        if (tables[db] == null && expectedKeys > 0 && expectedKeys < (1 << 28)) {
            tables[db] = new KeyTable(true, (int) expectedKeys);
        }
    }

    /** Adds a key (a repeated key keeps the last value); {@code expireAtMillis} is -1 for none. */
    public void put(int db, byte[] key, Object value, long expireAtMillis) {
        KeyTable table = tables[db];
        if (table == null) {
            table = new KeyTable(true);
            tables[db] = table;
        }
        int hash = KeyTable.hash(key);
        int slot = table.find(key, hash);
        if (slot < 0) {
            slot = table.insert(key, hash, value);
            keys++;
        } else {
            table.setValue(slot, value);
        }
        table.setExpire(slot, expireAtMillis);
        table.setAccess(slot, accessClock);
    }

    /** Keys over all databases. */
    public long keys() {
        return keys;
    }

    /** The filled table of {@code db}, or null when it stayed empty. */
    KeyTable table(int db) {
        return tables[db];
    }
}
