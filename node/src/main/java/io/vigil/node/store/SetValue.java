package io.vigil.node.store;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set. While every member is a canonical 64-bit integer and there are at most
 * {@code set-max-intset-entries}, it is an "intset": a sorted {@code long[]}, listed in ascending
 * order as Redis does. Otherwise it is a "hashtable" for good (Redis 7.0 has no set listpack).
 */
public final class SetValue extends MutableValue {
    private static final Object PRESENT = Boolean.TRUE;
    /** Intset encoding; null once converted. */
    private long[] ints;
    private int count;
    private KeyTable table;

    /** An empty intset, as Redis's createIntsetObject. */
    public SetValue() {
        ints = new long[4];
    }

    /** An empty set in the encoding Redis's setTypeCreate picks for a first member. */
    public static SetValue forFirstMember(byte[] member) {
        SetValue set = new SetValue();
        if (!Strings.isStrictLong(member)) {
            set.convert(0);
        }
        return set;
    }

    public boolean isIntset() {
        return table == null;
    }

    public int size() {
        return table == null ? count : table.size();
    }

    private int search(long value) {
        return Arrays.binarySearch(ints, 0, count, value);
    }

    public boolean contains(byte[] member) {
        if (table == null) {
            return Strings.isStrictLong(member) && search(Strings.parseStrictLong(member)) >= 0;
        }
        return table.find(member) >= 0;
    }

    /** Adds a member; true when it was not there. */
    public boolean add(byte[] member, EncodingLimits limits) {
        if (table == null) {
            if (Strings.isStrictLong(member)) {
                long value = Strings.parseStrictLong(member);
                int at = search(value);
                if (at >= 0) {
                    return false;
                }
                int insertion = -at - 1;
                if (count == ints.length) {
                    ints = Arrays.copyOf(ints, ints.length * 2);
                }
                System.arraycopy(ints, insertion, ints, insertion + 1, count - insertion);
                ints[insertion] = value;
                count++;
                if (count > limits.effectiveSetMaxIntsetEntries()) {
                    convert(count);
                }
                return true;
            }
            convert(count + 1);
        }
        int hash = KeyTable.hash(member);
        if (table.find(member, hash) >= 0) {
            return false;
        }
        table.insert(member, hash, PRESENT);
        return true;
    }

    public boolean remove(byte[] member) {
        if (table == null) {
            if (!Strings.isStrictLong(member)) {
                return false;
            }
            int at = search(Strings.parseStrictLong(member));
            if (at < 0) {
                return false;
            }
            System.arraycopy(ints, at + 1, ints, at, count - at - 1);
            count--;
            return true;
        }
        return table.remove(member);
    }

    private void convert(int expected) {
        KeyTable t = new KeyTable(false, expected);
        for (int i = 0; i < count; i++) {
            byte[] member = Strings.fromLong(ints[i]);
            t.insert(member, KeyTable.hash(member), PRESENT);
        }
        table = t;
        ints = null;
        count = 0;
    }

    /** Every member: ascending for an intset, table order for a hashtable. */
    public void forEach(Consumer<byte[]> visitor) {
        if (table == null) {
            for (int i = 0; i < count; i++) {
                visitor.accept(Strings.fromLong(ints[i]));
            }
            return;
        }
        table.forEachSlot(slot -> visitor.accept(table.keyAt(slot)));
    }

    /** Intset members as integers, ascending (RDB's intset encoding); null for a hashtable. */
    public long[] intsView() {
        return table == null ? Arrays.copyOf(ints, count) : null;
    }

    /** One SSCAN step over a hashtable (an intset is returned whole with cursor 0). */
    public long scan(long cursor, Consumer<byte[]> visitor) {
        if (table == null) {
            forEach(visitor);
            return 0;
        }
        return table.scan(cursor, slot -> visitor.accept(table.keyAt(slot)));
    }

    /** A random member, or null when empty. */
    public byte[] random(RandomGenerator random) {
        if (size() == 0) {
            return null;
        }
        if (table == null) {
            return Strings.fromLong(ints[random.nextInt(count)]);
        }
        return table.keyAt(table.randomSlot(random));
    }

    @Override
    public SetValue copy() {
        SetValue copy = new SetValue();
        if (table == null) {
            copy.ints = Arrays.copyOf(ints, Math.max(4, count));
            copy.count = count;
        } else {
            copy.ints = null;
            copy.table = table.copy();
        }
        return copy;
    }

    @Override
    public String type() {
        return "set";
    }

    @Override
    public String encoding() {
        return table == null ? "intset" : "hashtable";
    }
}
