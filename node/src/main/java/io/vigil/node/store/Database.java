package io.vigil.node.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * One numbered database. Values are {@code byte[]} for strings and the value classes of this
 * package for the other types. Reads go through {@link #get(byte[], long)}, which expires a key
 * lazily (telling the {@link ExpiryListener} so a DEL can be propagated, as Redis does). A replica
 * never expires keys itself: it waits for its master's DEL, but hides logically expired keys.
 */
public final class Database {
    private int index;
    private final KeyTable table = new KeyTable();
    private final ExpiryListener expiryListener;
    private int volatileKeys;

    /** Told when a key is removed because its time ran out, lazily or actively. */
    public interface ExpiryListener {
        void expired(Database db, byte[] key);

        /** On a replica keys are not deleted locally; they only read as missing. */
        default boolean deletesExpiredKeys() {
            return true;
        }
    }

    public Database(int index, ExpiryListener expiryListener) {
        this.index = index;
        this.expiryListener = expiryListener;
    }

    public int index() {
        return index;
    }

    void index(int value) {
        index = value;
    }

    public int size() {
        return table.size();
    }

    /** Keys with a TTL (INFO keyspace's {@code expires=}). */
    public int volatileKeys() {
        return volatileKeys;
    }

    /** The value, or null when the key is missing or expired. */
    public Object get(byte[] key, long nowMillis) {
        KeyTable.Entry entry = live(key, nowMillis);
        return entry == null ? null : entry.value;
    }

    public boolean exists(byte[] key, long nowMillis) {
        return live(key, nowMillis) != null;
    }

    private KeyTable.Entry live(byte[] key, long nowMillis) {
        KeyTable.Entry entry = table.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expireAtMillis >= 0 && entry.expireAtMillis <= nowMillis) {
            if (expiryListener.deletesExpiredKeys()) {
                removeEntry(entry.key);
                expiryListener.expired(this, entry.key);
            }
            return null;
        }
        return entry;
    }

    /** Sets the value and clears any TTL (SET without KEEPTTL). */
    public void put(byte[] key, Object value) {
        KeyTable.Entry entry = table.getOrCreate(key);
        entry.value = value;
        if (entry.expireAtMillis >= 0) {
            entry.expireAtMillis = -1;
            volatileKeys--;
        }
    }

    /** Sets the value with an absolute expiry in Unix ms, or -1 for none. */
    public void put(byte[] key, Object value, long expireAtMillis) {
        put(key, value);
        if (expireAtMillis >= 0) {
            setExpire(key, expireAtMillis);
        }
    }

    /** Replaces the value of an existing key and keeps its TTL (in-place updates, KEEPTTL). */
    public void replace(byte[] key, Object value) {
        KeyTable.Entry entry = table.getOrCreate(key);
        entry.value = value;
    }

    /** Removes the key; true when it existed (expired or not). */
    public boolean remove(byte[] key) {
        return removeEntry(key) != null;
    }

    private KeyTable.Entry removeEntry(byte[] key) {
        KeyTable.Entry removed = table.remove(key);
        if (removed != null && removed.expireAtMillis >= 0) {
            volatileKeys--;
        }
        return removed;
    }

    /** The absolute expiry in Unix ms, or -1 when the key has none or does not exist. */
    public long expireAt(byte[] key) {
        KeyTable.Entry entry = table.get(key);
        return entry == null ? -1 : entry.expireAtMillis;
    }

    /** Sets the TTL of an existing key; false when the key does not exist. */
    public boolean setExpire(byte[] key, long expireAtMillis) {
        KeyTable.Entry entry = table.get(key);
        if (entry == null) {
            return false;
        }
        if (entry.expireAtMillis < 0) {
            volatileKeys++;
        }
        entry.expireAtMillis = expireAtMillis;
        return true;
    }

    /** Removes the TTL; true when there was one. */
    public boolean persist(byte[] key) {
        KeyTable.Entry entry = table.get(key);
        if (entry == null || entry.expireAtMillis < 0) {
            return false;
        }
        entry.expireAtMillis = -1;
        volatileKeys--;
        return true;
    }

    public void clear() {
        table.clear();
        volatileKeys = 0;
    }

    /**
     * One SCAN step: visits live keys of one cursor position and returns the next cursor (0 at the end).
     */
    public long scan(long cursor, long nowMillis, BiConsumer<byte[], Object> visitor) {
        List<KeyTable.Entry> visited = new ArrayList<>(4);
        long next = table.scan(cursor, visited::add);
        for (KeyTable.Entry entry : visited) {
            if (live(entry.key, nowMillis) != null) {
                visitor.accept(entry.key, entry.value);
            }
        }
        return next;
    }

    /** A random live key, or null (RANDOMKEY). */
    public byte[] randomKey(RandomGenerator random, long nowMillis) {
        for (int attempts = 0; attempts < 100 && table.size() > 0; attempts++) {
            KeyTable.Entry entry = table.random(random);
            if (entry.expireAtMillis < 0 || entry.expireAtMillis > nowMillis) {
                return entry.key;
            }
            if (expiryListener.deletesExpiredKeys()) {
                live(entry.key, nowMillis);
            }
        }
        KeyTable.Entry entry = table.random(random);
        return entry == null ? null : entry.key;
    }

    /** Every key with its value and expiry, including logically expired ones (RDB save, KEYS). */
    public void forEach(EntryVisitor visitor) {
        table.forEach(e -> visitor.visit(e.key, e.value, e.expireAtMillis));
    }

    /** Sees one key of {@link #forEach}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(byte[] key, Object value, long expireAtMillis);
    }

    /**
     * One round of active expiry, as Redis's activeExpireCycle: samples up to {@code samples} keys
     * with a TTL and deletes the expired ones. Returns how many were deleted.
     */
    public int expireSample(RandomGenerator random, long nowMillis, int samples) {
        if (volatileKeys == 0 || !expiryListener.deletesExpiredKeys()) {
            return 0;
        }
        int deleted = 0;
        int tries = Math.max(samples, 1) * 4;
        for (int i = 0; i < tries && volatileKeys > 0; i++) {
            KeyTable.Entry entry = table.random(random);
            if (entry == null) {
                break;
            }
            if (entry.expireAtMillis < 0) {
                continue;
            }
            if (entry.expireAtMillis <= nowMillis) {
                removeEntry(entry.key);
                expiryListener.expired(this, entry.key);
                deleted++;
            }
            if (--samples <= 0) {
                break;
            }
        }
        return deleted;
    }
}
