package io.vigil.node.store;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An open-addressing (linear probing) hash table of byte-string keys with power-of-two capacity.
 * It holds the keyspace of a database and the large encodings of hashes, sets and sorted sets.
 *
 * <p>Why open addressing: a key costs two references and an int in flat arrays instead of an entry
 * object, which keeps a million small keys within Redis's memory footprint. Deletion shifts the
 * following entries back (no tombstones), so every entry sits in the run of occupied slots that
 * starts at its home slot. That lets SCAN walk "home buckets" with Redis's reverse-binary cursor
 * and keep its guarantee across resizes: a key present for the whole scan is returned at least once.
 *
 * <p>One int of metadata per slot. A collection's table keeps the key's full hash there. A
 * database's table keeps the access time instead (seconds, 24 bits like the LRU field of Redis's
 * objects, read modulo 2^24 the same way) under an 8-bit tag of the hash: the tag still rules out
 * almost every probe without touching the key, and a million keys cost 4 MB less. Hashes a
 * database table needs again (resize, deletion, SCAN) are recomputed from the key.
 *
 * <p>Expiry times (Unix ms, or -1) live in a parallel array allocated on the first TTL only.
 * Not thread-safe.
 */
final class KeyTable {
    static final long NO_EXPIRE = -1;
    private static final int MIN_CAPACITY = 8;

    /** key at 2*i, value at 2*i+1; a null key marks a free slot. */
    private Object[] slots;
    /** The full hash, or with {@link #trackAccess} the hash's tag and the access time. */
    private int[] meta;
    private long[] expires;
    private final boolean trackAccess;
    private int mask;
    private int size;
    private int volatileCount;
    /** Bumped by every change of which key sits in which slot (insert, removal, resize, clear). */
    private int layoutVersion;

    KeyTable(boolean trackAccess) {
        this(trackAccess, MIN_CAPACITY);
    }

    KeyTable(boolean trackAccess, int expectedSize) {
        this.trackAccess = trackAccess;
        int capacity = MIN_CAPACITY;
        while (capacity * 3L / 4 < expectedSize) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    private void allocate(int capacity) {
        slots = new Object[capacity * 2];
        meta = new int[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    int capacity() {
        return mask + 1;
    }

    int volatileCount() {
        return volatileCount;
    }

    /** Slots found earlier stay valid while this value is unchanged. */
    int layoutVersion() {
        return layoutVersion;
    }

    /** Murmur3's finalizer over a polynomial hash: cheap, and spreads keys well for linear probing. */
    static int hash(byte[] key) {
        int h = 0x9747b28c ^ key.length;
        for (byte b : key) {
            h = 31 * h + b;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static final int TAG = 0xff000000;
    private static final int ACCESS = 0x00ffffff;

    /** The slot of {@code key}, or -1. */
    int find(byte[] key, int hash) {
        Object[] s = slots;
        int[] md = meta;
        int m = mask;
        // compare what the slot keeps of the hash: the tag bits, or all of it
        int probe = trackAccess ? hash & TAG : hash;
        int bits = trackAccess ? TAG : -1;
        for (int i = hash & m; ; i = (i + 1) & m) {
            Object k = s[i << 1];
            if (k == null) {
                return -1;
            }
            if ((md[i] & bits) == probe && Arrays.equals((byte[]) k, key)) {
                return i;
            }
        }
    }

    /** The home slot of the entry at {@code slot} under mask {@code m}. */
    private int home(int slot, int m) {
        return (trackAccess ? hash((byte[]) slots[slot << 1]) : meta[slot]) & m;
    }

    int find(byte[] key) {
        return find(key, hash(key));
    }

    /** Inserts a key known to be absent; returns its slot. */
    int insert(byte[] key, int hash, Object value) {
        layoutVersion++;
        if ((size + 1) > (mask + 1) * 3L / 4) {
            resize((mask + 1) << 1);
        }
        int m = mask;
        int i = hash & m;
        while (slots[i << 1] != null) {
            i = (i + 1) & m;
        }
        slots[i << 1] = key;
        slots[(i << 1) + 1] = value;
        meta[i] = trackAccess ? hash & TAG : hash;
        if (expires != null) {
            expires[i] = NO_EXPIRE;
        }
        size++;
        return i;
    }

    byte[] keyAt(int slot) {
        return (byte[]) slots[slot << 1];
    }

    Object valueAt(int slot) {
        return slots[(slot << 1) + 1];
    }

    void setValue(int slot, Object value) {
        slots[(slot << 1) + 1] = value;
    }

    boolean occupied(int slot) {
        return slots[slot << 1] != null;
    }

    /** The access time of a database table's entry: seconds modulo 2^24. */
    int accessAt(int slot) {
        return trackAccess ? meta[slot] & ACCESS : 0;
    }

    void setAccess(int slot, int seconds) {
        if (trackAccess) {
            meta[slot] = (meta[slot] & TAG) | (seconds & ACCESS);
        }
    }

    /** Seconds between two access clocks, modulo 2^24 as Redis's estimateObjectIdleTime. */
    static int accessDelta(int laterClock, int stored) {
        return (laterClock - stored) & ACCESS;
    }

    long expireAt(int slot) {
        return expires == null ? NO_EXPIRE : expires[slot];
    }

    void setExpire(int slot, long when) {
        if (expires == null) {
            if (when < 0) {
                return;
            }
            expires = new long[mask + 1];
            Arrays.fill(expires, NO_EXPIRE);
        }
        long old = expires[slot];
        if (old < 0 && when >= 0) {
            volatileCount++;
        } else if (old >= 0 && when < 0) {
            volatileCount--;
        }
        expires[slot] = when;
    }

    /** Removes the entry at {@code slot}, shifting back the entries of its run. */
    void removeAt(int slot) {
        layoutVersion++;
        if (expires != null && expires[slot] >= 0) {
            volatileCount--;
        }
        int m = mask;
        int hole = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & m;
            if (slots[j << 1] == null) {
                break;
            }
            int home = home(j, m);
            // The entry at j may fill the hole only if its home is not cyclically in (hole, j].
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (stays) {
                continue;
            }
            move(j, hole);
            hole = j;
        }
        slots[hole << 1] = null;
        slots[(hole << 1) + 1] = null;
        if (expires != null) {
            expires[hole] = NO_EXPIRE;
        }
        size--;
        if (size == 0 && volatileCount == 0) {
            expires = null;
        }
        int capacity = m + 1;
        if (capacity > MIN_CAPACITY && size < capacity / 8) {
            int target = capacity;
            while (target > MIN_CAPACITY && size < target / 4) {
                target >>= 1;
            }
            resize(target);
        }
    }

    private void move(int from, int to) {
        slots[to << 1] = slots[from << 1];
        slots[(to << 1) + 1] = slots[(from << 1) + 1];
        meta[to] = meta[from];
        if (expires != null) {
            expires[to] = expires[from];
        }
    }

    boolean remove(byte[] key) {
        int slot = find(key);
        if (slot < 0) {
            return false;
        }
        removeAt(slot);
        return true;
    }

    void clear() {
        layoutVersion++;
        allocate(MIN_CAPACITY);
        expires = null;
        size = 0;
        volatileCount = 0;
    }

    private void resize(int capacity) {
        Object[] oldSlots = slots;
        int[] oldMeta = meta;
        long[] oldExpires = expires;
        allocate(capacity);
        if (oldExpires != null) {
            expires = new long[capacity];
            Arrays.fill(expires, NO_EXPIRE);
        }
        int m = mask;
        for (int i = 0; i < oldMeta.length; i++) {
            Object key = oldSlots[i << 1];
            if (key == null) {
                continue;
            }
            int j = (trackAccess ? hash((byte[]) key) : oldMeta[i]) & m;
            while (slots[j << 1] != null) {
                j = (j + 1) & m;
            }
            slots[j << 1] = key;
            slots[(j << 1) + 1] = oldSlots[(i << 1) + 1];
            meta[j] = oldMeta[i];
            if (oldExpires != null) {
                expires[j] = oldExpires[i];
            }
        }
    }

    /** Sees one slot of a walk: the slot index (valid until the table changes). */
    @FunctionalInterface
    interface SlotVisitor {
        void visit(int slot);
    }

    /**
     * Visits the entries whose home bucket is {@code cursor & mask} and returns the next cursor in
     * Redis's reverse-binary order, 0 when the scan is complete. The visitor must not modify the table.
     */
    long scan(long cursor, SlotVisitor visitor) {
        if (size == 0) {
            return 0;
        }
        int m = mask;
        int home = (int) (cursor & m);
        for (int i = home; slots[i << 1] != null; i = (i + 1) & m) {
            if (home(i, m) == home) {
                visitor.visit(i);
            }
        }
        long v = cursor | ~((long) m);
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v;
    }

    /** A random occupied slot, or -1 when empty. */
    int randomSlot(RandomGenerator random) {
        if (size == 0) {
            return -1;
        }
        int m = mask;
        int i = random.nextInt(m + 1);
        while (slots[i << 1] == null) {
            i = (i + 1) & m;
        }
        return i;
    }

    /** The first occupied slot at or after {@code from} (wrapping), or -1 when empty. */
    int nextOccupied(int from) {
        if (size == 0) {
            return -1;
        }
        int m = mask;
        int i = from & m;
        while (slots[i << 1] == null) {
            i = (i + 1) & m;
        }
        return i;
    }

    /** Visits every occupied slot in slot order; the visitor must not modify the table. */
    void forEachSlot(SlotVisitor visitor) {
        Object[] s = slots;
        for (int i = 0, n = mask + 1; i < n; i++) {
            if (s[i << 1] != null) {
                visitor.visit(i);
            }
        }
    }

    /** Raw arrays for a snapshot: copies of the slot and expiry arrays (pointer copies only). */
    Object[] copySlots() {
        return slots.clone();
    }

    long[] copyExpires() {
        return expires == null ? null : expires.clone();
    }

    /** A structural copy sharing keys and values (for copying a collection's table before deep-copying values). */
    KeyTable copy() {
        KeyTable c = new KeyTable(trackAccess, MIN_CAPACITY);
        c.slots = slots.clone();
        c.meta = meta.clone();
        c.expires = expires == null ? null : expires.clone();
        c.mask = mask;
        c.size = size;
        c.volatileCount = volatileCount;
        return c;
    }
}
