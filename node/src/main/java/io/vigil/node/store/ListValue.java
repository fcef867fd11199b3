package io.vigil.node.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A list: a circular array of elements, O(1) at both ends and by index. Redis 7.0 reports every
 * list as "quicklist" whatever its size, so there is a single representation.
 */
public final class ListValue extends MutableValue {
    private byte[][] items;
    private int head;
    private int size;

    public ListValue() {
        items = new byte[4][];
    }

    public ListValue(int expectedSize) {
        items = new byte[Math.max(4, expectedSize)][];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int physical(int index) {
        int p = head + index;
        return p >= items.length ? p - items.length : p;
    }

    /** Element at {@code index} (0-based from the head); the caller checks bounds. */
    public byte[] get(int index) {
        return items[physical(index)];
    }

    public void set(int index, byte[] value) {
        items[physical(index)] = value;
    }

    private void grow() {
        byte[][] next = new byte[items.length * 2][];
        for (int i = 0; i < size; i++) {
            next[i] = items[physical(i)];
        }
        items = next;
        head = 0;
    }

    public void pushHead(byte[] value) {
        if (size == items.length) {
            grow();
        }
        head = head == 0 ? items.length - 1 : head - 1;
        items[head] = value;
        size++;
    }

    /** Appends at the tail (RPUSH, and building a list while loading). */
    public void pushTail(byte[] value) {
        if (size == items.length) {
            grow();
        }
        items[physical(size)] = value;
        size++;
    }

    public byte[] popHead() {
        if (size == 0) {
            return null;
        }
        byte[] value = items[head];
        items[head] = null;
        head = head + 1 == items.length ? 0 : head + 1;
        size--;
        shrinkIfSparse();
        return value;
    }

    public byte[] popTail() {
        if (size == 0) {
            return null;
        }
        int p = physical(size - 1);
        byte[] value = items[p];
        items[p] = null;
        size--;
        shrinkIfSparse();
        return value;
    }

    private void shrinkIfSparse() {
        if (items.length > 64 && size < items.length / 4) {
            byte[][] next = new byte[items.length / 2][];
            for (int i = 0; i < size; i++) {
                next[i] = items[physical(i)];
            }
            items = next;
            head = 0;
        }
    }

    /** Inserts so that the new element ends up at {@code index} (0..size). */
    public void insert(int index, byte[] value) {
        if (index == 0) {
            pushHead(value);
            return;
        }
        if (index == size) {
            pushTail(value);
            return;
        }
        compact(size + 1);
        System.arraycopy(items, index, items, index + 1, size - index);
        items[index] = value;
        size++;
    }

    public void removeAt(int index) {
        if (index == 0) {
            popHead();
            return;
        }
        if (index == size - 1) {
            popTail();
            return;
        }
        compact(size);
        System.arraycopy(items, index + 1, items, index, size - index - 1);
        items[size - 1] = null;
        size--;
        shrinkIfSparse();
    }

    /** Keeps only the elements in [start, end] (inclusive, already clamped and non-empty) — LTRIM. */
    public void retain(int start, int end) {
        int kept = end - start + 1;
        byte[][] next = new byte[Math.max(4, kept)][];
        for (int i = 0; i < kept; i++) {
            next[i] = items[physical(start + i)];
        }
        items = next;
        head = 0;
        size = kept;
    }

    /** Removes elements for which {@code remove} says so, keeping order (LREM). */
    public int removeIf(java.util.function.IntPredicate removeAtIndex) {
        compact(size);
        int write = 0;
        for (int read = 0; read < size; read++) {
            if (!removeAtIndex.test(read)) {
                items[write++] = items[read];
            }
        }
        int removed = size - write;
        Arrays.fill(items, write, size, null);
        size = write;
        shrinkIfSparse();
        return removed;
    }

    /** Makes the elements contiguous from index 0 with room for {@code capacity}. */
    private void compact(int capacity) {
        if (head == 0 && capacity <= items.length) {
            return;
        }
        byte[][] next = new byte[Math.max(capacity <= items.length ? items.length : items.length * 2, 4)][];
        for (int i = 0; i < size; i++) {
            next[i] = items[physical(i)];
        }
        items = next;
        head = 0;
    }

    /** Head to tail (RDB save, LRANGE of the whole list). */
    public void forEach(Consumer<byte[]> visitor) {
        for (int i = 0; i < size; i++) {
            visitor.accept(items[physical(i)]);
        }
    }

    @Override
    public ListValue copy() {
        ListValue copy = new ListValue(size);
        for (int i = 0; i < size; i++) {
            copy.items[i] = items[physical(i)];
        }
        copy.size = size;
        return copy;
    }

    @Override
    public String type() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist";
    }
}
