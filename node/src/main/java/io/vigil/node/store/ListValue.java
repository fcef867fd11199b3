package io.vigil.node.store;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * A list packed like Redis's quicklist: a deque of nodes, each one byte array holding up to
 * {@link #NODE_ENTRIES} elements (or a single large one). A list of a million short elements is then
 * a few thousand objects instead of a million, which is what the collector pays for: LPUSH keeps
 * every pushed element alive, and with one object per element each young collection copied them
 * all and each full collection marked them all.
 *
 * <p>An element is stored as {@code [length:4][bytes][length:4]}: the leading length walks
 * forwards, the trailing one backwards (popping the tail, scanning an LREM from the end). Elements
 * handed out are copies. A cursor remembers the last position found, so the sequential index scans
 * of LRANGE, LINSERT, LREM and LPOS cost O(1) per step, not a walk from an end each time.
 *
 * <p>Redis 7.0 reports every list as "quicklist" whatever its size, so there is one encoding name.
 */
public final class ListValue extends MutableValue {
    /** Elements per node: bounds the in-node walk of an indexed access. */
    static final int NODE_ENTRIES = 128;
    /** Bytes per node (Redis's default list-max-listpack-size -2 is 8 kB); a larger element gets its own node. */
    static final int NODE_BYTES = 8192;
    private static final int OVERHEAD = 8;

    /** One packed node; its elements occupy {@code buf[start, end)}, with spare room on both sides. */
    static final class Node {
        byte[] buf;
        int start;
        int end;
        int count;

        Node(int capacity, boolean forHead) {
            buf = new byte[capacity];
            start = forHead ? capacity : 0;
            end = start;
        }

        Node(Node other) {
            buf = Arrays.copyOfRange(other.buf, other.start, other.end);
            start = 0;
            end = buf.length;
            count = other.count;
        }

        int used() {
            return end - start;
        }

        boolean fits(int length) {
            return count < NODE_ENTRIES && (long) used() + length + OVERHEAD <= NODE_BYTES;
        }

        void pushHead(byte[] value) {
            int need = value.length + OVERHEAD;
            if (start < need) {
                int capacity = Math.max(used() + need, Math.min(NODE_BYTES, Math.max(64, buf.length * 2)));
                byte[] next = new byte[capacity];
                int newEnd = capacity - (buf.length - end);
                if (newEnd - used() < need) {
                    newEnd = capacity;
                }
                System.arraycopy(buf, start, next, newEnd - used(), used());
                start = newEnd - used();
                end = newEnd;
                buf = next;
            }
            start -= need;
            write(buf, start, value);
            count++;
        }

        void pushTail(byte[] value) {
            int need = value.length + OVERHEAD;
            if (buf.length - end < need) {
                int capacity = Math.max(used() + need, Math.min(NODE_BYTES, Math.max(64, buf.length * 2)));
                byte[] next = new byte[capacity];
                int newStart = Math.min(start, capacity - used() - need);
                System.arraycopy(buf, start, next, newStart, used());
                end = newStart + used();
                start = newStart;
                buf = next;
            }
            write(buf, end, value);
            end += need;
            count++;
        }

        /** The elements, for the rare rewrites of a node (LSET, LINSERT, removal in the middle). */
        byte[][] unpack() {
            byte[][] out = new byte[count][];
            int off = start;
            for (int i = 0; i < count; i++) {
                int len = readInt(buf, off);
                out[i] = Arrays.copyOfRange(buf, off + 4, off + 4 + len);
                off += len + OVERHEAD;
            }
            return out;
        }
    }

    private Node[] nodes;
    /** Nodes occupy {@code nodes[first, first + nodeCount)}. */
    private int first;
    private int nodeCount;
    private int size;

    // Cursor: node (logical index), index of its first element, element within it and its offset.
    private int cNode = -1;
    private int cFirst;
    private int cElem;
    private int cOff;

    public ListValue() {
        nodes = new Node[4];
        first = 2;
    }

    /** The size hint is unused: nodes are allocated as elements arrive. */
    public ListValue(int expectedSize) {
        this();
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void write(byte[] buf, int off, byte[] value) {
        writeInt(buf, off, value.length);
        System.arraycopy(value, 0, buf, off + 4, value.length);
        writeInt(buf, off + 4 + value.length, value.length);
    }

    private Node node(int logical) {
        return nodes[first + logical];
    }

    private Node newNode(int length, boolean forHead) {
        return newNode(length, forHead, null);
    }

    /**
     * A node for an element that did not fit in {@code full}: sized like that one when it was
     * filled by small elements (a growing list's next node will most likely fill up the same way,
     * so it skips the doublings); otherwise it starts small and doubles up to NODE_BYTES.
     */
    private Node newNode(int length, boolean forHead, Node full) {
        int need = length + OVERHEAD;
        if (need > NODE_BYTES / 2) {
            return new Node(need, forHead);
        }
        int capacity = Math.max(64, need);
        if (full != null && full.count == NODE_ENTRIES) {
            capacity = Math.max(capacity, Math.min(NODE_BYTES, full.used() + full.used() / 4));
        }
        return new Node(capacity, forHead);
    }

    private void addNodeAt(int logical, Node n) {
        if (logical == 0 && first > 0) {
            nodes[--first] = n;
        } else if (logical == nodeCount && first + nodeCount < nodes.length) {
            nodes[first + nodeCount] = n;
        } else {
            int capacity = nodeCount + 1 > nodes.length / 2 ? nodes.length * 2 : nodes.length;
            Node[] next = new Node[capacity];
            int newFirst = (capacity - nodeCount - 1) / 2;
            System.arraycopy(nodes, first, next, newFirst, logical);
            next[newFirst + logical] = n;
            System.arraycopy(nodes, first + logical, next, newFirst + logical + 1, nodeCount - logical);
            nodes = next;
            first = newFirst;
        }
        nodeCount++;
    }

    private void removeNodeAt(int logical) {
        if (logical == 0) {
            nodes[first++] = null;
        } else if (logical == nodeCount - 1) {
            nodes[first + logical] = null;
        } else {
            System.arraycopy(nodes, first + logical + 1, nodes, first + logical, nodeCount - logical - 1);
            nodes[first + nodeCount - 1] = null;
        }
        nodeCount--;
        if (nodeCount == 0) {
            first = nodes.length / 2;
        } else if (nodes.length > 64 && nodeCount < nodes.length / 4) {
            Node[] next = new Node[nodes.length / 2];
            int newFirst = (next.length - nodeCount) / 2;
            System.arraycopy(nodes, first, next, newFirst, nodeCount);
            nodes = next;
            first = newFirst;
        }
    }

    public void pushHead(byte[] value) {
        cNode = -1;
        Node head = nodeCount == 0 ? null : node(0);
        if (head == null || !head.fits(value.length)) {
            head = newNode(value.length, true, head);
            addNodeAt(0, head);
        }
        head.pushHead(value);
        size++;
    }

    /** Appends at the tail (RPUSH, and building a list while loading). */
    public void pushTail(byte[] value) {
        cNode = -1;
        Node tail = nodeCount == 0 ? null : node(nodeCount - 1);
        if (tail == null || !tail.fits(value.length)) {
            tail = newNode(value.length, false, tail);
            addNodeAt(nodeCount, tail);
        }
        tail.pushTail(value);
        size++;
    }

    public byte[] popHead() {
        if (size == 0) {
            return null;
        }
        cNode = -1;
        Node head = node(0);
        int len = readInt(head.buf, head.start);
        byte[] value = Arrays.copyOfRange(head.buf, head.start + 4, head.start + 4 + len);
        head.start += len + OVERHEAD;
        head.count--;
        size--;
        if (head.count == 0) {
            removeNodeAt(0);
        }
        return value;
    }

    public byte[] popTail() {
        if (size == 0) {
            return null;
        }
        cNode = -1;
        Node tail = node(nodeCount - 1);
        int len = readInt(tail.buf, tail.end - 4);
        int at = tail.end - OVERHEAD - len;
        byte[] value = Arrays.copyOfRange(tail.buf, at + 4, at + 4 + len);
        tail.end = at;
        tail.count--;
        size--;
        if (tail.count == 0) {
            removeNodeAt(nodeCount - 1);
        }
        return value;
    }

    /** Moves the cursor to element {@code index}, walking from the cursor or the nearer end. */
    private void seek(int index) {
        if (cNode < 0 || index < cFirst - NODE_ENTRIES * 4 || index >= cFirst + NODE_ENTRIES * 5) {
            if (index < size / 2) {
                cNode = 0;
                cFirst = 0;
            } else {
                cNode = nodeCount - 1;
                cFirst = size - node(cNode).count;
            }
            Node n = node(cNode);
            cElem = 0;
            cOff = n.start;
        }
        while (index < cFirst) {
            cNode--;
            Node n = node(cNode);
            cFirst -= n.count;
            cElem = n.count;
            cOff = n.end;
        }
        Node n = node(cNode);
        while (index >= cFirst + n.count) {
            cFirst += n.count;
            cNode++;
            n = node(cNode);
            cElem = 0;
            cOff = n.start;
        }
        int target = index - cFirst;
        if (target < cElem && cElem - target > target) {
            cElem = 0;
            cOff = n.start;
        } else if (target > cElem && target - cElem > n.count - target) {
            cElem = n.count;
            cOff = n.end;
        }
        byte[] buf = n.buf;
        while (cElem < target) {
            cOff += readInt(buf, cOff) + OVERHEAD;
            cElem++;
        }
        while (cElem > target) {
            cOff -= readInt(buf, cOff - 4) + OVERHEAD;
            cElem--;
        }
    }

    /** Element at {@code index} (0-based from the head), as a fresh copy; the caller checks bounds. */
    public byte[] get(int index) {
        seek(index);
        byte[] buf = node(cNode).buf;
        int len = readInt(buf, cOff);
        return Arrays.copyOfRange(buf, cOff + 4, cOff + 4 + len);
    }

    /** True when element {@code index} equals {@code value}, without copying it (LINSERT, LREM, LPOS). */
    public boolean elementEquals(int index, byte[] value) {
        seek(index);
        byte[] buf = node(cNode).buf;
        int len = readInt(buf, cOff);
        return len == value.length && Arrays.equals(buf, cOff + 4, cOff + 4 + len, value, 0, len);
    }

    /** Replaces node {@code logical} by nodes packing {@code elements} (none when it is empty). */
    private void repack(int logical, byte[][] elements, int count) {
        removeNodeAt(logical);
        int at = logical;
        Node current = null;
        for (int i = 0; i < count; i++) {
            byte[] e = elements[i];
            if (current == null || !current.fits(e.length)) {
                current = newNode(e.length, false);
                addNodeAt(at++, current);
            }
            current.pushTail(e);
        }
        cNode = -1;
    }

    public void set(int index, byte[] value) {
        seek(index);
        int logical = cNode;
        int inNode = cElem;
        byte[][] elements = node(logical).unpack();
        elements[inNode] = value;
        repack(logical, elements, elements.length);
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
        seek(index);
        int logical = cNode;
        int inNode = cElem;
        byte[][] old = node(logical).unpack();
        byte[][] elements = new byte[old.length + 1][];
        System.arraycopy(old, 0, elements, 0, inNode);
        elements[inNode] = value;
        System.arraycopy(old, inNode, elements, inNode + 1, old.length - inNode);
        repack(logical, elements, elements.length);
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
        seek(index);
        int logical = cNode;
        int inNode = cElem;
        byte[][] old = node(logical).unpack();
        System.arraycopy(old, inNode + 1, old, inNode, old.length - inNode - 1);
        repack(logical, old, old.length - 1);
        size--;
    }

    private void clear() {
        nodes = new Node[4];
        first = 2;
        nodeCount = 0;
        size = 0;
        cNode = -1;
    }

    /** Keeps only the elements in [start, end] (inclusive, already clamped and non-empty) — LTRIM. */
    public void retain(int start, int end) {
        byte[][] kept = new byte[end - start + 1][];
        for (int i = start; i <= end; i++) {
            kept[i - start] = get(i);
        }
        clear();
        for (byte[] e : kept) {
            pushTail(e);
        }
    }

    /** Removes elements for which {@code removeAtIndex} says so, keeping order (LREM). */
    public int removeIf(IntPredicate removeAtIndex) {
        // decide everything first: the predicate may read the list by index
        boolean[] remove = new boolean[size];
        int removed = 0;
        for (int i = 0; i < size; i++) {
            if (removeAtIndex.test(i)) {
                remove[i] = true;
                removed++;
            }
        }
        if (removed == 0) {
            return 0;
        }
        byte[][] kept = new byte[size - removed][];
        int k = 0;
        for (int i = 0; i < remove.length; i++) {
            if (!remove[i]) {
                kept[k++] = get(i);
            }
        }
        clear();
        for (byte[] e : kept) {
            pushTail(e);
        }
        return removed;
    }

    /** Head to tail (RDB save, LRANGE of the whole list); each element is a fresh copy. */
    public void forEach(Consumer<byte[]> visitor) {
        for (int j = 0; j < nodeCount; j++) {
            Node n = node(j);
            byte[] buf = n.buf;
            int off = n.start;
            for (int i = 0; i < n.count; i++) {
                int len = readInt(buf, off);
                visitor.accept(Arrays.copyOfRange(buf, off + 4, off + 4 + len));
                off += len + OVERHEAD;
            }
        }
    }

    /** Number of packed nodes (tests). */
    int nodeCount() {
        return nodeCount;
    }

    @Override
    public ListValue copy() {
        ListValue copy = new ListValue();
        copy.nodes = new Node[Math.max(4, nodes.length)];
        copy.first = (copy.nodes.length - nodeCount) / 2;
        for (int j = 0; j < nodeCount; j++) {
            copy.nodes[copy.first + j] = new Node(node(j));
        }
        copy.nodeCount = nodeCount;
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
