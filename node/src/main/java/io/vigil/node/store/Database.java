package io.vigil.node.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * One numbered database. Values are {@code byte[]} for strings (immutable: replace, never mutate)
 * and the {@link MutableValue} classes of this package for the other types. Reads go through
 * {@link #get(byte[], long)}, which expires a key lazily (telling the {@link ExpiryListener} so a
 * DEL can be propagated, as Redis does); writes that change a value in place go through
 * {@link #getForWrite(byte[], long)}, which also honours copy-on-write for open snapshots. A
 * replica never expires keys itself: it waits for its master's DEL, but hides logically expired keys.
 */
public final class Database {
    private int index;
    private KeyTable table = new KeyTable(true);
    private final ExpiryListener expiryListener;
    private final StoreContext context;
    /** Where the active expiry cycle resumes its walk over the slots. */
    private int expireCursor;
    /**
     * The last live key looked up and its slot, valid while the table's layout version is
     * unchanged: a command that reads a key and then stores it (INCR, SET with KEEPTTL or a TTL)
     * finds it once, as Redis reuses the dictEntry of its lookup.
     */
    private byte[] lastKey;
    private int lastSlot;
    private int lastLayout;

    /** Told when a key is removed because its time ran out, lazily or actively. */
    public interface ExpiryListener {
        void expired(Database db, byte[] key);

        /** On a replica keys are not deleted locally; they only read as missing. */
        default boolean deletesExpiredKeys() {
            return true;
        }
    }

    public Database(int index, ExpiryListener expiryListener) {
        this(index, expiryListener, new StoreContext());
    }

    Database(int index, ExpiryListener expiryListener, StoreContext context) {
        this.index = index;
        this.expiryListener = expiryListener;
        this.context = context;
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
        return table.volatileCount();
    }

    /** The encoding thresholds shared by the keyspace. */
    public EncodingLimits limits() {
        return context.limits;
    }

    /** The slot of a live key, expiring it lazily; -1 when missing or expired. */
    private int liveSlot(byte[] key, long nowMillis) {
        context.clock = StoreContext.accessClock(nowMillis);
        int slot = table.find(key, KeyTable.hash(key));
        if (slot < 0) {
            return -1;
        }
        long when = table.expireAt(slot);
        if (when >= 0 && when <= nowMillis) {
            if (expiryListener.deletesExpiredKeys()) {
                byte[] stored = table.keyAt(slot);
                table.removeAt(slot);
                expired(stored);
            }
            return -1;
        }
        lastKey = key;
        lastSlot = slot;
        lastLayout = table.layoutVersion();
        return slot;
    }

    private void expired(byte[] key) {
        expiryListener.expired(this, key);
        signalModified(key);
    }

    /** The value, or null when the key is missing or expired; updates the access time. */
    public Object get(byte[] key, long nowMillis) {
        int slot = liveSlot(key, nowMillis);
        if (slot < 0) {
            return null;
        }
        table.setAccess(slot, context.clock);
        return table.valueAt(slot);
    }

    /** Like {@link #get} but leaves the access time alone (OBJECT, TYPE-free inspections). */
    public Object getNoTouch(byte[] key, long nowMillis) {
        int slot = liveSlot(key, nowMillis);
        return slot < 0 ? null : table.valueAt(slot);
    }

    /**
     * The value for a command that will change it in place. While a snapshot is open, a value the
     * snapshot may hold is replaced by a copy first, so the snapshot never sees the change.
     */
    public Object getForWrite(byte[] key, long nowMillis) {
        int slot = liveSlot(key, nowMillis);
        if (slot < 0) {
            return null;
        }
        table.setAccess(slot, context.clock);
        Object value = table.valueAt(slot);
        if (value instanceof MutableValue m && context.copyOnWrite(m)) {
            MutableValue copy = m.copy();
            copy.epoch = context.epoch;
            table.setValue(slot, copy);
            return copy;
        }
        return value;
    }

    public boolean exists(byte[] key, long nowMillis) {
        return liveSlot(key, nowMillis) >= 0;
    }

    /** The value regardless of expiry, without side effects (null when absent). */
    public Object peek(byte[] key) {
        int slot = table.find(key);
        return slot < 0 ? null : table.valueAt(slot);
    }

    /** Sets the value and clears any TTL (SET without KEEPTTL). */
    public void put(byte[] key, Object value) {
        put(key, value, KeyTable.NO_EXPIRE);
    }

    /** Sets the value with an absolute expiry in Unix ms, or -1 for none. */
    public void put(byte[] key, Object value, long expireAtMillis) {
        int slot = store(key, value);
        table.setExpire(slot, expireAtMillis);
    }

    /** Sets the value and keeps the TTL of an existing key (KEEPTTL, in-place updates). */
    public void replace(byte[] key, Object value) {
        store(key, value);
    }

    /** Inserts or overwrites without touching the expiry; signals creation to the key-added listener. */
    private int store(byte[] key, Object value) {
        context.stamp(value);
        if (key == lastKey && lastLayout == table.layoutVersion()) {
            int slot = lastSlot;
            table.setValue(slot, value);
            table.setAccess(slot, context.clock);
            return slot;
        }
        int hash = KeyTable.hash(key);
        int slot = table.find(key, hash);
        if (slot >= 0) {
            table.setValue(slot, value);
        } else {
            slot = table.insert(key, hash, value);
            KeyAddedListener[] listeners = context.keyAddedListeners;
            for (KeyAddedListener listener : listeners) {
                // listeners must not modify the table, so the slot stays valid
                listener.added(this, key, value);
            }
        }
        table.setAccess(slot, context.clock);
        return slot;
    }

    /** Removes the key; true when it existed (expired or not). */
    public boolean remove(byte[] key) {
        return table.remove(key);
    }

    /** The absolute expiry in Unix ms, or -1 when the key has none or does not exist. */
    public long expireAt(byte[] key) {
        int slot = table.find(key);
        return slot < 0 ? KeyTable.NO_EXPIRE : table.expireAt(slot);
    }

    /** Sets the TTL of an existing key; false when the key does not exist. */
    public boolean setExpire(byte[] key, long expireAtMillis) {
        int slot = table.find(key);
        if (slot < 0) {
            return false;
        }
        table.setExpire(slot, expireAtMillis);
        return true;
    }

    /** Removes the TTL; true when there was one. */
    public boolean persist(byte[] key) {
        int slot = table.find(key);
        if (slot < 0 || table.expireAt(slot) < 0) {
            return false;
        }
        table.setExpire(slot, KeyTable.NO_EXPIRE);
        return true;
    }

    /** Seconds since the key was last read or written (OBJECT IDLETIME); -1 when absent. */
    public long idleSeconds(byte[] key, long nowMillis) {
        int slot = table.find(key);
        if (slot < 0) {
            return -1;
        }
        return KeyTable.accessDelta(StoreContext.accessClock(nowMillis), table.accessAt(slot));
    }

    /** Marks a key as read or written now (TOUCH). */
    public void touch(byte[] key, long nowMillis) {
        int slot = table.find(key);
        if (slot >= 0) {
            table.setAccess(slot, StoreContext.accessClock(nowMillis));
        }
    }

    /** Empties the database (FLUSHDB); modification listeners hear about it first. */
    public void clear() {
        for (KeyModificationListener listener : context.modificationListeners) {
            listener.modifiedAll(this);
        }
        table.clear();
        expireCursor = 0;
    }

    /** Takes a table filled off the loop as this database's contents ({@link Keyspace#install}). */
    void adopt(KeyTable filled) {
        for (KeyModificationListener listener : context.modificationListeners) {
            listener.modifiedAll(this);
        }
        table = filled != null ? filled : new KeyTable(true);
        expireCursor = 0;
        lastKey = null;
    }

    /** Tells the modification listeners (WATCH) that a write command changed {@code key}. */
    public void signalModified(byte[] key) {
        KeyModificationListener[] listeners = context.modificationListeners;
        for (KeyModificationListener listener : listeners) {
            listener.modified(this, key);
        }
    }

    /**
     * One SCAN step: visits live keys of one cursor position and returns the next cursor (0 at the end).
     */
    public long scan(long cursor, long nowMillis, BiConsumer<byte[], Object> visitor) {
        List<byte[]> keys = new ArrayList<>(4);
        long next = table.scan(cursor, slot -> keys.add(table.keyAt(slot)));
        for (byte[] key : keys) {
            int slot = liveSlot(key, nowMillis);
            if (slot >= 0) {
                visitor.accept(key, table.valueAt(slot));
            }
        }
        return next;
    }

    /** A random live key, or null (RANDOMKEY). */
    public byte[] randomKey(RandomGenerator random, long nowMillis) {
        for (int attempts = 0; attempts < 100 && table.size() > 0; attempts++) {
            int slot = table.randomSlot(random);
            long when = table.expireAt(slot);
            if (when < 0 || when > nowMillis) {
                return table.keyAt(slot);
            }
            byte[] key = table.keyAt(slot);
            if (expiryListener.deletesExpiredKeys()) {
                liveSlot(key, nowMillis);
            } else if (table.volatileCount() == table.size() && attempts > 50) {
                // A replica whose keys are all logically expired: Redis also gives up and returns one.
                return key;
            }
        }
        int slot = table.randomSlot(random);
        return slot < 0 ? null : table.keyAt(slot);
    }

    /** Every key with its value and expiry, including logically expired ones (KEYS, DEBUG). */
    public void forEach(EntryVisitor visitor) {
        table.forEachSlot(slot -> visitor.visit(table.keyAt(slot), table.valueAt(slot), table.expireAt(slot)));
    }

    /** Sees one key of {@link #forEach}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(byte[] key, Object value, long expireAtMillis);
    }

    /**
     * One round of active expiry, as Redis's activeExpireCycle: looks at up to {@code samples} keys
     * with a TTL, resuming where the previous round stopped, and deletes the expired ones.
     * Returns how many were deleted; {@link #lastSampled()} tells how many were looked at.
     */
    public int expireSample(RandomGenerator random, long nowMillis, int samples) {
        lastSampled = 0;
        if (table.volatileCount() == 0 || !expiryListener.deletesExpiredKeys()) {
            return 0;
        }
        List<byte[]> expired = null;
        int capacity = table.capacity();
        // Bound the walk like Redis bounds empty buckets per loop, so sparse TTLs stay cheap.
        int maxVisits = Math.max(samples * 20, 400);
        int cursor = expireCursor & (capacity - 1);
        for (int visited = 0; visited < maxVisits && visited < capacity && lastSampled < samples; visited++) {
            int slot = cursor;
            cursor = (cursor + 1) & (capacity - 1);
            if (!table.occupied(slot)) {
                continue;
            }
            long when = table.expireAt(slot);
            if (when < 0) {
                continue;
            }
            lastSampled++;
            if (when <= nowMillis) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(table.keyAt(slot));
            }
        }
        expireCursor = cursor;
        if (expired == null) {
            return 0;
        }
        for (byte[] key : expired) {
            int slot = table.find(key);
            if (slot >= 0) {
                table.removeAt(slot);
                expired(key);
            }
        }
        return expired.size();
    }

    private int lastSampled;

    /** Keys with a TTL looked at by the last {@link #expireSample} round. */
    public int lastSampled() {
        return lastSampled;
    }

    /** A pointer copy of the table for a snapshot. */
    SnapshotPart snapshotPart() {
        return new SnapshotPart(table.copySlots(), table.copyExpires(), table.size(), table.volatileCount());
    }

    /** The arrays a snapshot iterates: slot pairs and expiries, copied at the snapshot instant. */
    record SnapshotPart(Object[] slots, long[] expires, int size, int volatileCount) {
    }
}
