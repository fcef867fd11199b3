package io.vigil.node.command;

import io.vigil.node.resp.RespDoubles;
import io.vigil.node.store.Database;
import io.vigil.node.store.HashValue;
import io.vigil.node.store.Keyspace;
import io.vigil.node.store.ListValue;
import io.vigil.node.store.SetValue;
import io.vigil.node.store.Strings;
import io.vigil.node.store.ZSetValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Redis 7.0's DEBUG DIGEST and DEBUG DIGEST-VALUE (debug.c): SHA1-based signatures of a dataset
 * or of single values, computed exactly as Redis does so that a test can compare a Vigil dataset
 * with a real server's. Unordered collections (keys, set members, hash fields, zset members) are
 * combined with XOR ({@code xorDigest}), ordered ones (list elements, the parts of one entry) fed
 * back through SHA1 ({@code mixDigest}). Every element is hashed in its decoded string form, so
 * the result does not depend on the encoding (intset, listpack, int strings...).
 */
final class DatasetDigest {
    /** Redis's object type numbers (OBJ_STRING...), mixed in as big-endian 32-bit integers. */
    private static final int STRING = 0;
    private static final int LIST = 1;
    private static final int SET = 2;
    private static final int ZSET = 3;
    private static final int HASH = 4;
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha1;

    DatasetDigest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    /** computeDatasetDigest: every key of every database, logically expired ones included. */
    byte[] dataset(Keyspace keyspace) {
        byte[] result = new byte[20];
        for (int j = 0; j < keyspace.count(); j++) {
            Database db = keyspace.db(j);
            if (db.size() == 0) {
                continue;
            }
            // the database number is part of the digest: the same data in another db differs
            mix(result, bigEndian(j));
            db.forEach((key, value, expireAt) -> {
                byte[] entry = new byte[20];
                mix(entry, key);
                value(entry, value, expireAt);
                xor(result, entry, 0, entry.length);
            });
        }
        return result;
    }

    /** DIGEST-VALUE of one key: 20 zero bytes when it does not exist (expired keys still count). */
    byte[] value(Database db, byte[] key) {
        byte[] result = new byte[20];
        Object value = db.peek(key);
        if (value != null) {
            value(result, value, db.expireAt(key));
        }
        return result;
    }

    /** xorObjectDigest: the type, the value's elements and the expire mark, into {@code digest}. */
    private void value(byte[] digest, Object value, long expireAt) {
        if (Strings.isString(value)) {
            mix(digest, bigEndian(STRING));
            mix(digest, Strings.bytes(value));
        } else if (value instanceof ListValue list) {
            mix(digest, bigEndian(LIST));
            list.forEach(element -> mix(digest, element));
        } else if (value instanceof SetValue set) {
            mix(digest, bigEndian(SET));
            set.forEach(member -> xor(digest, member));
        } else if (value instanceof ZSetValue zset) {
            mix(digest, bigEndian(ZSET));
            zset.forEach((member, score) -> {
                byte[] element = new byte[20];
                mix(element, member);
                mix(element, RespDoubles.format17g(score).getBytes(StandardCharsets.US_ASCII));
                xor(digest, element, 0, element.length);
            });
        } else if (value instanceof HashValue hash) {
            mix(digest, bigEndian(HASH));
            hash.forEach((field, fieldValue) -> {
                byte[] element = new byte[20];
                mix(element, field);
                mix(element, fieldValue);
                xor(digest, element, 0, element.length);
            });
        } else {
            throw new IllegalStateException("no digest for " + value.getClass().getName());
        }
        if (expireAt != -1) {
            xor(digest, EXPIRE_MARK);
        }
    }

    /** xorDigest: digest ^= SHA1(data). */
    private void xor(byte[] digest, byte[] data) {
        xor(digest, data, 0, data.length);
    }

    private void xor(byte[] digest, byte[] data, int offset, int length) {
        sha1.update(data, offset, length);
        byte[] hash = sha1.digest();
        for (int i = 0; i < 20; i++) {
            digest[i] ^= hash[i];
        }
    }

    /** mixDigest: digest = SHA1(digest ^ SHA1(data)), so the order of calls matters. */
    private void mix(byte[] digest, byte[] data) {
        xor(digest, data);
        byte[] hash = sha1.digest(digest);
        System.arraycopy(hash, 0, digest, 0, 20);
    }

    /** htonl: the 32-bit integer as 4 big-endian bytes. */
    private static byte[] bigEndian(int value) {
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The 40 lower-case hex digits DEBUG replies with. */
    static String hex(byte[] digest) {
        StringBuilder text = new StringBuilder(40);
        for (byte b : digest) {
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }
}
