package io.vigil.node.rdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an RDB file record by record, as rdbLoadRioWithLoadingCtx does: header and version check,
 * AUX fields, SELECTDB/RESIZEDB, expiry/LRU/LFU prefixes, every value type Redis 7.0 loads, and
 * the CRC-64 at EOF. {@link #step()} reads one record so the caller can load in slices on the
 * event loop and answer -LOADING in between. Where the keys go is the {@link Target}'s business.
 */
public final class RdbLoader {
    /** Where loaded records go. */
    public interface Target {
        /** A key with its value and absolute expiry in Unix ms (-1 for none). */
        void key(int db, byte[] key, RdbValue value, long expireAtMillis) throws RdbFormatException;

        /** SELECTDB; throws when the file uses more databases than configured. */
        default void selectDb(int db) throws RdbFormatException {
        }

        /** RESIZEDB size hints. */
        default void resizeDb(int db, long keys, long expires) {
        }

        /** An AUX field, as it is read. */
        default void aux(String key, byte[] value) {
        }

        /** A FUNCTION2 library (Lua source). */
        default void function(byte[] code) throws RdbFormatException {
        }
    }

    private final RdbInput in;
    private final Target target;
    private final boolean verifyChecksum;
    private final Map<String, byte[]> aux = new LinkedHashMap<>();
    private int version = -1;
    private int db;
    private boolean done;
    private long keys;
    private long emptyKeysSkipped;
    private boolean checksumSkipped;

    /**
     * @param verifyChecksum {@code rdbchecksum}: when false the trailing checksum is read but not checked
     */
    public RdbLoader(RdbInput in, Target target, boolean verifyChecksum) {
        this.in = in;
        this.target = target;
        this.verifyChecksum = verifyChecksum;
    }

    /** Reads and checks {@code REDIS} and the 4-digit version. */
    public int readHeader() throws IOException {
        byte[] header = new byte[9];
        in.readFully(header, 0, 9);
        String text = new String(header, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("REDIS")) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        int parsed;
        try {
            parsed = Integer.parseInt(text.substring(5));
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        if (parsed < 1 || parsed > RdbOpcodes.RDB_VERSION) {
            throw new RdbFormatException("Can't handle RDB format version " + parsed);
        }
        version = parsed;
        return version;
    }

    public int version() {
        return version;
    }

    public Map<String, byte[]> aux() {
        return aux;
    }

    public String auxText(String key) {
        byte[] value = aux.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    public boolean done() {
        return done;
    }

    /** Keys handed to the target. */
    public long keys() {
        return keys;
    }

    public long emptyKeysSkipped() {
        return emptyKeysSkipped;
    }

    /** True when the file was saved with checksum 0 (rdbchecksum no). */
    public boolean checksumSkipped() {
        return checksumSkipped;
    }

    public long offset() {
        return in.offset();
    }

    /** Loads everything up to EOF. */
    public void loadAll() throws IOException {
        if (version < 0) {
            readHeader();
        }
        while (step()) {
            // one record per step
        }
    }

    /** Reads one record; false once EOF and the checksum have been read. */
    public boolean step() throws IOException {
        if (done) {
            return false;
        }
        long expireAt = -1;
        while (true) {
            int type = in.readByte();
            switch (type) {
                case RdbOpcodes.OPCODE_EXPIRETIME:
                    expireAt = in.readIntLE() * 1000L;
                    continue;
                case RdbOpcodes.OPCODE_EXPIRETIME_MS:
                    expireAt = in.readLongLE();
                    continue;
                case RdbOpcodes.OPCODE_FREQ:
                    in.readByte();
                    continue;
                case RdbOpcodes.OPCODE_IDLE:
                    in.readLength();
                    continue;
                case RdbOpcodes.OPCODE_EOF:
                    finish();
                    return false;
                case RdbOpcodes.OPCODE_SELECTDB: {
                    long index = in.readLength();
                    if (index > Integer.MAX_VALUE) {
                        throw new RdbFormatException("Invalid database number " + index);
                    }
                    target.selectDb((int) index);
                    db = (int) index;
                    return true;
                }
                case RdbOpcodes.OPCODE_RESIZEDB: {
                    long size = in.readLength();
                    long expires = in.readLength();
                    target.resizeDb(db, size, expires);
                    return true;
                }
                case RdbOpcodes.OPCODE_AUX: {
                    byte[] key = in.readString();
                    byte[] value = in.readString();
                    String name = new String(key, StandardCharsets.UTF_8);
                    aux.put(name, value);
                    target.aux(name, value);
                    return true;
                }
                case RdbOpcodes.OPCODE_MODULE_AUX: {
                    long moduleId = in.readLength();
                    throw new RdbFormatException("The RDB file contains AUX module data I can't load: no matching module '"
                            + moduleName(moduleId) + "'");
                }
                case RdbOpcodes.OPCODE_FUNCTION_PRE_GA:
                    throw new RdbFormatException("Pre-release function format not supported.");
                case RdbOpcodes.OPCODE_FUNCTION2:
                    target.function(in.readString());
                    return true;
                default: {
                    byte[] key = in.readString();
                    RdbValue value = readValue(type);
                    if (value == null) {
                        emptyKeysSkipped++;
                        return true;
                    }
                    target.key(db, key, value, expireAt);
                    keys++;
                    return true;
                }
            }
        }
    }

    private void finish() throws IOException {
        done = true;
        if (version < 5) {
            return;
        }
        long expected = in.crc();
        long stored = in.readLongLE();
        if (stored == 0) {
            checksumSkipped = true;
            return;
        }
        if (verifyChecksum && stored != expected) {
            throw new RdbFormatException("Wrong RDB checksum expected: (" + Long.toHexString(expected) + ") got ("
                    + Long.toHexString(stored) + "). Aborting now.");
        }
    }

    /** Reads a value of {@code type}; null for an empty collection (skipped, as Redis does). */
    public RdbValue readValue(int type) throws IOException {
        switch (type) {
            case RdbOpcodes.TYPE_STRING:
                return new RdbValue.Str(type, in.readString());
            case RdbOpcodes.TYPE_LIST: {
                int n = in.readCount();
                List<byte[]> elements = new ArrayList<>(Math.min(n, 1 << 16));
                for (int i = 0; i < n; i++) {
                    elements.add(in.readString());
                }
                return elements.isEmpty() ? null : new RdbValue.ListOf(type, elements);
            }
            case RdbOpcodes.TYPE_SET: {
                int n = in.readCount();
                List<byte[]> members = new ArrayList<>(Math.min(n, 1 << 16));
                for (int i = 0; i < n; i++) {
                    members.add(in.readString());
                }
                return members.isEmpty() ? null : new RdbValue.SetOf(type, members, false);
            }
            case RdbOpcodes.TYPE_ZSET:
            case RdbOpcodes.TYPE_ZSET_2: {
                int n = in.readCount();
                List<byte[]> members = new ArrayList<>(Math.min(n, 1 << 16));
                double[] scores = new double[Math.min(n, 1 << 16)];
                for (int i = 0; i < n; i++) {
                    members.add(in.readString());
                    double score = type == RdbOpcodes.TYPE_ZSET ? in.readStringDouble() : in.readBinaryDouble();
                    if (Double.isNaN(score)) {
                        throw new RdbFormatException("Zset with NAN score detected");
                    }
                    if (i == scores.length) {
                        scores = java.util.Arrays.copyOf(scores, Math.min(n, scores.length * 2));
                    }
                    scores[i] = score;
                }
                return members.isEmpty() ? null : new RdbValue.ZSetOf(type, members, scores, false);
            }
            case RdbOpcodes.TYPE_HASH: {
                int n = in.readCount();
                List<byte[]> pairs = new ArrayList<>(Math.min(n, 1 << 16) * 2);
                for (int i = 0; i < n; i++) {
                    pairs.add(in.readString());
                    pairs.add(in.readString());
                }
                return pairs.isEmpty() ? null : new RdbValue.HashOf(type, pairs, false);
            }
            case RdbOpcodes.TYPE_HASH_ZIPMAP: {
                List<byte[]> pairs = Zipmap.decode(in.readString());
                return pairs.isEmpty() ? null : new RdbValue.HashOf(type, pairs, true);
            }
            case RdbOpcodes.TYPE_LIST_ZIPLIST: {
                List<byte[]> elements = Ziplist.decode(in.readString());
                return elements.isEmpty() ? null : new RdbValue.ListOf(type, elements);
            }
            case RdbOpcodes.TYPE_SET_INTSET: {
                long[] values = Intset.decode(in.readString());
                List<byte[]> members = new ArrayList<>(values.length);
                for (long v : values) {
                    members.add(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
                }
                return members.isEmpty() ? null : new RdbValue.SetOf(type, members, true);
            }
            case RdbOpcodes.TYPE_SET_LISTPACK: {
                List<byte[]> members = Listpack.decode(in.readString());
                return members.isEmpty() ? null : new RdbValue.SetOf(type, members, false);
            }
            case RdbOpcodes.TYPE_ZSET_ZIPLIST:
                return zsetOf(type, Ziplist.decode(in.readString()));
            case RdbOpcodes.TYPE_ZSET_LISTPACK:
                return zsetOf(type, Listpack.decode(in.readString()));
            case RdbOpcodes.TYPE_HASH_ZIPLIST:
            case RdbOpcodes.TYPE_HASH_LISTPACK: {
                byte[] blob = in.readString();
                List<byte[]> pairs = type == RdbOpcodes.TYPE_HASH_ZIPLIST ? Ziplist.decode(blob) : Listpack.decode(blob);
                if (pairs.size() % 2 != 0) {
                    throw new RdbFormatException("Hash " + (type == RdbOpcodes.TYPE_HASH_ZIPLIST ? "ziplist" : "listpack")
                            + " has an odd number of entries");
                }
                return pairs.isEmpty() ? null : new RdbValue.HashOf(type, pairs, true);
            }
            case RdbOpcodes.TYPE_LIST_QUICKLIST:
            case RdbOpcodes.TYPE_LIST_QUICKLIST_2: {
                int nodes = in.readCount();
                List<byte[]> elements = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    int container = RdbOpcodes.QUICKLIST_NODE_PACKED;
                    if (type == RdbOpcodes.TYPE_LIST_QUICKLIST_2) {
                        long c = in.readLength();
                        if (c != RdbOpcodes.QUICKLIST_NODE_PACKED && c != RdbOpcodes.QUICKLIST_NODE_PLAIN) {
                            throw new RdbFormatException("Quicklist integrity check failed: unknown node container " + c);
                        }
                        container = (int) c;
                    }
                    byte[] blob = in.readString();
                    if (container == RdbOpcodes.QUICKLIST_NODE_PLAIN) {
                        elements.add(blob);
                    } else if (type == RdbOpcodes.TYPE_LIST_QUICKLIST) {
                        elements.addAll(Ziplist.decode(blob));
                    } else {
                        elements.addAll(Listpack.decode(blob));
                    }
                }
                return elements.isEmpty() ? null : new RdbValue.ListOf(type, elements);
            }
            case RdbOpcodes.TYPE_STREAM_LISTPACKS:
            case RdbOpcodes.TYPE_STREAM_LISTPACKS_2:
            case RdbOpcodes.TYPE_STREAM_LISTPACKS_3:
                throw new RdbFormatException("Stream type not supported by vigil-node (RDB type " + type + ")");
            case RdbOpcodes.TYPE_MODULE_PRE_GA:
            case RdbOpcodes.TYPE_MODULE_2:
                throw new RdbFormatException("Module value type not supported by vigil-node (RDB type " + type + ")");
            default:
                throw new RdbFormatException("Unknown RDB encoding type " + type);
        }
    }

    private static RdbValue zsetOf(int type, List<byte[]> flat) throws RdbFormatException {
        if (flat.size() % 2 != 0) {
            throw new RdbFormatException("Zset " + (type == RdbOpcodes.TYPE_ZSET_ZIPLIST ? "ziplist" : "listpack")
                    + " has an odd number of entries");
        }
        if (flat.isEmpty()) {
            return null;
        }
        int n = flat.size() / 2;
        List<byte[]> members = new ArrayList<>(n);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            members.add(flat.get(2 * i));
            scores[i] = parseScore(flat.get(2 * i + 1));
        }
        return new RdbValue.ZSetOf(type, members, scores, true);
    }

    /** A score stored as text in a compact zset (strtod's forms, including inf). */
    static double parseScore(byte[] text) throws RdbFormatException {
        String s = new String(text, StandardCharsets.US_ASCII);
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d)) {
                throw new RdbFormatException("Zset with NAN score detected");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new RdbFormatException("Invalid score '" + s + "' in a compact sorted set");
        }
    }

    /** Redis writes module ids as 54 bits of name (9 chars of a 64-symbol charset) and 10 of version. */
    static String moduleName(long moduleId) {
        final String charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] name = new char[9];
        long id = moduleId >>> 10;
        for (int i = 8; i >= 0; i--) {
            name[i] = charset.charAt((int) (id & 63));
            id >>>= 6;
        }
        return new String(name);
    }
}
