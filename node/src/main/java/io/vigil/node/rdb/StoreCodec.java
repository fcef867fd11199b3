package io.vigil.node.rdb;

import io.vigil.node.store.EncodingLimits;
import io.vigil.node.store.GrowableString;
import io.vigil.node.store.HashValue;
import io.vigil.node.store.ListValue;
import io.vigil.node.store.SetValue;
import io.vigil.node.store.ZSetValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Between the keyspace's value classes and the RDB: writes each value in the RDB type Redis 7.0
 * uses for its current encoding (listpack hashes and sorted sets as their blobs, intsets as
 * intsets, lists as quicklist 2), and builds values from what the loader decoded, letting the
 * value classes pick their encoding from the content and the limits as Redis does on load.
 */
public final class StoreCodec implements RdbWriter.ValueEncoder {
    private final int listFill;

    public StoreCodec() {
        this(RdbEncodings.DEFAULT_LIST_FILL);
    }

    /** @param listFill {@code list-max-listpack-size} (node size of saved lists) */
    public StoreCodec(int listFill) {
        this.listFill = listFill;
    }

    @Override
    public void write(RdbOutput out, byte[] key, Object value) throws IOException {
        try {
            if (value instanceof byte[] bytes) {
                out.writeType(RdbOpcodes.TYPE_STRING);
                out.writeString(key);
                out.writeString(bytes);
            } else if (value instanceof GrowableString grown) {
                out.writeType(RdbOpcodes.TYPE_STRING);
                out.writeString(key);
                out.writeString(grown.buffer(), 0, grown.length());
            } else if (value instanceof ListValue list) {
                out.writeType(RdbOpcodes.TYPE_LIST_QUICKLIST_2);
                out.writeString(key);
                RdbEncodings.writeQuicklist(out, list::forEach, listFill);
            } else if (value instanceof HashValue hash) {
                writeHash(out, key, hash);
            } else if (value instanceof SetValue set) {
                writeSet(out, key, set);
            } else if (value instanceof ZSetValue zset) {
                writeZset(out, key, zset);
            } else {
                throw new IOException("Cannot save a value of type " + (value == null ? "null" : value.getClass().getName()));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void writeHash(RdbOutput out, byte[] key, HashValue hash) throws IOException {
        List<byte[]> pairs = new ArrayList<>(hash.size() * 2);
        hash.forEach((field, value) -> {
            pairs.add(field);
            pairs.add(value);
        });
        if (hash.isListpack()) {
            out.writeType(RdbOpcodes.TYPE_HASH_LISTPACK);
            out.writeString(key);
            RdbEncodings.writeListpack(out, pairs.iterator());
        } else {
            out.writeType(RdbOpcodes.TYPE_HASH);
            out.writeString(key);
            RdbEncodings.writeHash(out, pairs.size() / 2, pairs.iterator());
        }
    }

    private static void writeSet(RdbOutput out, byte[] key, SetValue set) throws IOException {
        if (set.isIntset()) {
            out.writeType(RdbOpcodes.TYPE_SET_INTSET);
            out.writeString(key);
            RdbEncodings.writeIntset(out, set.intsView());
            return;
        }
        out.writeType(RdbOpcodes.TYPE_SET);
        out.writeString(key);
        out.writeLength(set.size());
        long[] written = {0};
        set.forEach(member -> {
            try {
                out.writeString(member);
                written[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (written[0] != set.size()) {
            throw new IOException("Set changed while saving");
        }
    }

    private static void writeZset(RdbOutput out, byte[] key, ZSetValue zset) throws IOException {
        int n = zset.size();
        if (zset.isListpack()) {
            out.writeType(RdbOpcodes.TYPE_ZSET_LISTPACK);
            out.writeString(key);
            Listpack.Builder builder = new Listpack.Builder();
            zset.forEach((member, score) -> {
                builder.add(member);
                builder.add(RdbEncodings.scoreText(score));
            });
            out.writeString(builder.build());
            return;
        }
        out.writeType(RdbOpcodes.TYPE_ZSET_2);
        out.writeString(key);
        out.writeLength(n);
        // Highest score first, as Redis writes it (so that loading appends at the head cheaply).
        int written = 0;
        for (ZSetValue.Cursor cursor = zset.cursor(n - 1, true); cursor.valid(); cursor.next()) {
            out.writeString(cursor.member());
            out.writeBinaryDouble(cursor.score());
            written++;
        }
        if (written != n) {
            throw new IOException("Sorted set changed while saving");
        }
    }

    /** Builds the store's value for a decoded RDB value; duplicates are a corrupt file, as in Redis. */
    public static Object toStore(RdbValue value, EncodingLimits limits) throws RdbFormatException {
        if (value instanceof RdbValue.Str s) {
            return s.value();
        }
        if (value instanceof RdbValue.ListOf l) {
            ListValue list = new ListValue(l.elements().size());
            for (byte[] element : l.elements()) {
                list.pushTail(element);
            }
            return list;
        }
        if (value instanceof RdbValue.SetOf s) {
            SetValue set = new SetValue();
            for (byte[] member : s.members()) {
                if (!set.add(member, limits)) {
                    throw new RdbFormatException("Duplicate set members detected");
                }
            }
            return set;
        }
        if (value instanceof RdbValue.HashOf h) {
            HashValue hash = new HashValue();
            List<byte[]> pairs = h.fieldsAndValues();
            for (int i = 0; i < pairs.size(); i += 2) {
                if (!hash.put(pairs.get(i), pairs.get(i + 1), limits)) {
                    throw new RdbFormatException("Duplicate hash fields detected");
                }
            }
            return hash;
        }
        RdbValue.ZSetOf z = (RdbValue.ZSetOf) value;
        long longest = 0;
        for (byte[] member : z.members()) {
            longest = Math.max(longest, member.length);
        }
        ZSetValue zset = ZSetValue.create(z.members().size(), longest, limits);
        for (int i = 0; i < z.members().size(); i++) {
            byte[] member = z.members().get(i);
            if (!Double.isNaN(zset.score(member))) {
                throw new RdbFormatException("Duplicate zset fields detected");
            }
            zset.insert(member, z.scores()[i], limits);
        }
        return zset;
    }
}
