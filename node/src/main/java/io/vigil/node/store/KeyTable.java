package io.vigil.node.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A chained hash table of byte-string keys with power-of-two bucket counts, so that SCAN can use
 * Redis's reverse-binary cursor: every key present for the whole scan is returned at least once
 * even if the table grows or shrinks in between. Entries carry their expiry to save a second map.
 */
final class KeyTable {
    private static final int MIN_BUCKETS = 16;
    private Entry[] buckets = new Entry[MIN_BUCKETS];
    private int size;

    int size() {
        return size;
    }

    static int hash(byte[] key) {
        int h = 1;
        for (byte b : key) {
            h = 31 * h + b;
        }
        // Spread the bits so that low bits (the bucket index) depend on the whole key.
        return h ^ (h >>> 16) ^ (h >>> 7);
    }

    Entry get(byte[] key) {
        int h = hash(key);
        for (Entry e = buckets[h & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                return e;
            }
        }
        return null;
    }

    /** Inserts or finds the entry for {@code key}; a new entry has a null value. */
    Entry getOrCreate(byte[] key) {
        int h = hash(key);
        int index = h & (buckets.length - 1);
        for (Entry e = buckets[index]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                return e;
            }
        }
        Entry created = new Entry(key, h);
        created.next = buckets[index];
        buckets[index] = created;
        size++;
        if (size > buckets.length) {
            resize(buckets.length * 2);
        }
        return created;
    }

    Entry remove(byte[] key) {
        int h = hash(key);
        int index = h & (buckets.length - 1);
        Entry previous = null;
        for (Entry e = buckets[index]; e != null; previous = e, e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                if (previous == null) {
                    buckets[index] = e.next;
                } else {
                    previous.next = e.next;
                }
                e.next = null;
                size--;
                if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) {
                    resize(buckets.length / 2);
                }
                return e;
            }
        }
        return null;
    }

    void clear() {
        buckets = new Entry[MIN_BUCKETS];
        size = 0;
    }

    private void resize(int capacity) {
        Entry[] old = buckets;
        Entry[] next = new Entry[capacity];
        int mask = capacity - 1;
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry following = e.next;
                int index = e.hash & mask;
                e.next = next[index];
                next[index] = e;
                e = following;
            }
        }
        buckets = next;
    }

    /**
     * Visits the bucket at {@code cursor} (and, as Redis does, nothing else) and returns the next
     * cursor, 0 when the scan is complete. Reverse-binary increment keeps the guarantee across resizes.
     */
    long scan(long cursor, Consumer<Entry> visitor) {
        if (size == 0) {
            return 0;
        }
        int mask = buckets.length - 1;
        for (Entry e = buckets[(int) (cursor & mask)]; e != null; e = e.next) {
            visitor.accept(e);
        }
        long v = cursor | ~((long) mask);
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v & 0xffffffffL;
    }

    /** A uniformly chosen bucket's random entry; null when empty. */
    Entry random(java.util.random.RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        while (true) {
            Entry head = buckets[random.nextInt(buckets.length)];
            if (head == null) {
                continue;
            }
            int length = 0;
            for (Entry e = head; e != null; e = e.next) {
                length++;
            }
            Entry chosen = head;
            for (int i = random.nextInt(length); i > 0; i--) {
                chosen = chosen.next;
            }
            return chosen;
        }
    }

    void forEach(Consumer<Entry> visitor) {
        for (Entry head : buckets) {
            for (Entry e = head; e != null; ) {
                Entry following = e.next;
                visitor.accept(e);
                e = following;
            }
        }
    }

    /** One key: its value and its absolute expiry in Unix milliseconds, or -1 for none. */
    static final class Entry {
        final byte[] key;
        final int hash;
        Object value;
        long expireAtMillis = -1;
        Entry next;

        Entry(byte[] key, int hash) {
            this.key = key;
            this.hash = hash;
        }
    }
}
