package io.vigil.node.store;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash. Small hashes are a "listpack": a flat array of field/value pairs in insertion order
 * (updates in place, deletions close the gap), exactly the order Redis replies in. Past
 * {@code hash-max-listpack-entries} entries or {@code hash-max-listpack-value} bytes it becomes
 * a "hashtable" for good.
 */
public final class HashValue extends MutableValue {
    /** Listpack encoding: field at 2*i, value at 2*i+1; null once converted. */
    private byte[][] pairs;
    private int count;
    /** Hashtable encoding: field -> value. */
    private KeyTable table;

    public HashValue() {
        pairs = new byte[8][];
    }

    public boolean isListpack() {
        return table == null;
    }

    public int size() {
        return table == null ? count : table.size();
    }

    private int indexOf(byte[] field) {
        for (int i = 0; i < count; i++) {
            if (Arrays.equals(pairs[i << 1], field)) {
                return i;
            }
        }
        return -1;
    }

    public byte[] get(byte[] field) {
        if (table == null) {
            int i = indexOf(field);
            return i < 0 ? null : pairs[(i << 1) + 1];
        }
        int slot = table.find(field);
        return slot < 0 ? null : (byte[]) table.valueAt(slot);
    }

    public boolean contains(byte[] field) {
        return table == null ? indexOf(field) >= 0 : table.find(field) >= 0;
    }

    /**
     * Converts to a hashtable when any of {@code argv[from..to]} (inclusive, step 1) is longer
     * than the listpack value limit (Redis's hashTypeTryConversion, run before the command acts).
     */
    public void tryConversion(byte[][] argv, int from, int to, EncodingLimits limits) {
        if (table != null) {
            return;
        }
        for (int i = from; i <= to; i++) {
            if (argv[i].length > limits.hashMaxListpackValue) {
                convert();
                return;
            }
        }
    }

    /** Sets a field; true when it was created, false when an existing value was replaced. */
    public boolean put(byte[] field, byte[] value, EncodingLimits limits) {
        if (table == null && (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)) {
            convert();
        }
        if (table == null) {
            int i = indexOf(field);
            if (i >= 0) {
                pairs[(i << 1) + 1] = value;
                return false;
            }
            if ((count + 1) * 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[count << 1] = field;
            pairs[(count << 1) + 1] = value;
            count++;
            if (count > limits.hashMaxListpackEntries) {
                convert();
            }
            return true;
        }
        int hash = KeyTable.hash(field);
        int slot = table.find(field, hash);
        if (slot >= 0) {
            table.setValue(slot, value);
            return false;
        }
        table.insert(field, hash, value);
        return true;
    }

    public boolean remove(byte[] field) {
        if (table == null) {
            int i = indexOf(field);
            if (i < 0) {
                return false;
            }
            System.arraycopy(pairs, (i + 1) << 1, pairs, i << 1, (count - i - 1) << 1);
            count--;
            pairs[count << 1] = null;
            pairs[(count << 1) + 1] = null;
            return true;
        }
        return table.remove(field);
    }

    private void convert() {
        KeyTable t = new KeyTable(false, count);
        for (int i = 0; i < count; i++) {
            byte[] field = pairs[i << 1];
            t.insert(field, KeyTable.hash(field), pairs[(i << 1) + 1]);
        }
        table = t;
        pairs = null;
        count = 0;
    }

    /** Every field and value: insertion order for a listpack, table order for a hashtable. */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        if (table == null) {
            for (int i = 0; i < count; i++) {
                visitor.accept(pairs[i << 1], pairs[(i << 1) + 1]);
            }
            return;
        }
        table.forEachSlot(slot -> visitor.accept(table.keyAt(slot), (byte[]) table.valueAt(slot)));
    }

    /**
     * One HSCAN step over a hashtable (a listpack is returned whole with cursor 0, as Redis does).
     */
    public long scan(long cursor, BiConsumer<byte[], byte[]> visitor) {
        if (table == null) {
            forEach(visitor);
            return 0;
        }
        return table.scan(cursor, slot -> visitor.accept(table.keyAt(slot), (byte[]) table.valueAt(slot)));
    }

    /** A uniformly-ish chosen entry as {field, value}; null when empty. */
    public byte[][] randomEntry(RandomGenerator random) {
        if (size() == 0) {
            return null;
        }
        if (table == null) {
            int i = random.nextInt(count);
            return new byte[][]{pairs[i << 1], pairs[(i << 1) + 1]};
        }
        int slot = table.randomSlot(random);
        return new byte[][]{table.keyAt(slot), (byte[]) table.valueAt(slot)};
    }

    @Override
    public HashValue copy() {
        HashValue copy = new HashValue();
        if (table == null) {
            copy.pairs = Arrays.copyOf(pairs, pairs.length);
            copy.count = count;
        } else {
            copy.table = table.copy();
            copy.pairs = null;
        }
        return copy;
    }

    @Override
    public String type() {
        return "hash";
    }

    @Override
    public String encoding() {
        return table == null ? "listpack" : "hashtable";
    }
}
