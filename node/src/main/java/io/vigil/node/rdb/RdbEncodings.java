package io.vigil.node.rdb;

import io.vigil.node.resp.RespDoubles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The value bodies Redis 7.0's rdbSaveObject writes, given the elements in the order the store
 * holds them: lists as QUICKLIST_2 of listpack nodes, listpack hashes and sorted sets as their
 * blob, intsets as their blob, and the general encodings as counted sequences. The caller writes
 * the type byte and key first (see {@link RdbWriter}).
 */
public final class RdbEncodings {
    /** list-max-listpack-size -2: nodes of at most 8 KB. */
    public static final int DEFAULT_LIST_FILL = -2;
    private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
    /** Redis keeps at most this many entries in one node whatever the size limit (SIZE_SAFETY_LIMIT / count limit). */
    private static final int NODE_MAX_ENTRIES = 65535;

    private RdbEncodings() {
    }

    /** QUICKLIST_2 body: node count, then per node PACKED and its listpack blob. */
    public static void writeQuicklist(RdbOutput out, Iterator<byte[]> elements, int fill) throws IOException {
        writeQuicklist(out, visitor -> elements.forEachRemaining(visitor), fill);
    }

    /** The same, fed by a forEach-style source (the store's values iterate that way). */
    public static void writeQuicklist(RdbOutput out, Consumer<Consumer<byte[]>> source, int fill) throws IOException {
        java.util.List<byte[]> nodes = new java.util.ArrayList<>();
        Listpack.Builder[] node = {new Listpack.Builder()};
        source.accept(element -> {
            if (node[0].count() > 0 && !fits(node[0], element, fill)) {
                nodes.add(node[0].build());
                node[0] = new Listpack.Builder();
            }
            node[0].add(element);
        });
        if (node[0].count() > 0) {
            nodes.add(node[0].build());
        }
        out.writeLength(nodes.size());
        for (byte[] blob : nodes) {
            out.writeLength(RdbOpcodes.QUICKLIST_NODE_PACKED);
            out.writeString(blob);
        }
    }

    /** _quicklistNodeAllowInsert: a negative fill bounds the node's bytes, a positive one its count. */
    private static boolean fits(Listpack.Builder node, byte[] element, int fill) {
        if (node.count() >= NODE_MAX_ENTRIES) {
            return false;
        }
        int newSize = node.bytes() + node.entrySize(element);
        if (fill >= 0) {
            return node.count() < fill && newSize <= 8192; // SIZE_SAFETY_LIMIT
        }
        int level = Math.min(-fill - 1, OPTIMIZATION_LEVEL.length - 1);
        return newSize <= OPTIMIZATION_LEVEL[level];
    }

    /** A listpack blob of the given entries (HASH_LISTPACK: field, value, ...; SET_LISTPACK). */
    public static void writeListpack(RdbOutput out, Iterator<byte[]> entries) throws IOException {
        Listpack.Builder builder = new Listpack.Builder();
        while (entries.hasNext()) {
            builder.add(entries.next());
        }
        out.writeString(builder.build());
    }

    /** ZSET_LISTPACK blob: member, score as d2string text (stored as an integer entry when integral). */
    public static void writeZsetListpack(RdbOutput out, Iterator<byte[]> members, Iterator<Double> scores)
            throws IOException {
        Listpack.Builder builder = new Listpack.Builder();
        while (members.hasNext()) {
            builder.add(members.next());
            builder.add(scoreText(scores.next()));
        }
        out.writeString(builder.build());
    }

    /** Redis 7.0's d2string: integers in the exact range as integers, else %.17g. */
    public static byte[] scoreText(double value) {
        String text;
        if (Double.isNaN(value)) {
            text = "nan";
        } else if (Double.isInfinite(value)) {
            text = value < 0 ? "-inf" : "inf";
        } else if (value == 0) {
            text = 1.0 / value < 0 ? "-0" : "0";
        } else if (value > -4503599627370495.0 && value < 4503599627370496.0 && value == (double) (long) value) {
            text = Long.toString((long) value);
        } else {
            text = RespDoubles.format17g(value);
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** SET_INTSET body: the intset blob. */
    public static void writeIntset(RdbOutput out, long[] values) throws IOException {
        out.writeString(Intset.encode(values));
    }

    /** SET / LIST body: count then strings. */
    public static void writeStrings(RdbOutput out, long count, Iterator<byte[]> values) throws IOException {
        out.writeLength(count);
        long written = 0;
        while (values.hasNext()) {
            out.writeString(values.next());
            written++;
        }
        if (written != count) {
            throw new IOException("Collection changed while saving: expected " + count + " elements, wrote " + written);
        }
    }

    /** HASH body: pair count then field, value... */
    public static void writeHash(RdbOutput out, long pairs, Iterator<byte[]> fieldsAndValues) throws IOException {
        out.writeLength(pairs);
        long written = 0;
        while (fieldsAndValues.hasNext()) {
            out.writeString(fieldsAndValues.next());
            written++;
        }
        if (written != pairs * 2) {
            throw new IOException("Hash changed while saving: expected " + pairs + " pairs, wrote " + written / 2);
        }
    }

    /** ZSET_2 body: count, then member and binary score, highest score first as Redis writes. */
    public static void writeZset2(RdbOutput out, long count, Iterator<byte[]> membersDescending,
                                  Iterator<Double> scoresDescending) throws IOException {
        out.writeLength(count);
        long written = 0;
        while (membersDescending.hasNext()) {
            out.writeString(membersDescending.next());
            out.writeBinaryDouble(scoresDescending.next());
            written++;
        }
        if (written != count) {
            throw new IOException("Sorted set changed while saving: expected " + count + ", wrote " + written);
        }
    }
}
