package io.vigil.node.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The copy-on-write contract: what a snapshot iterates never changes after it was taken. */
class KeyspaceSnapshotTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Keyspace keyspace() {
        return new Keyspace(2, (db, key) -> {
        });
    }

    /** A textual dump of database 0 as the snapshot sees it. */
    private static Map<String, String> dump(KeyspaceSnapshot snapshot, int db) {
        Map<String, String> out = new TreeMap<>();
        snapshot.forEach(db, (key, value, expireAt) -> out.put(s(key), render(value) + "@" + expireAt));
        return out;
    }

    private static String render(Object value) {
        if (value instanceof byte[] bytes) {
            return s(bytes);
        }
        List<String> parts = new ArrayList<>();
        if (value instanceof ListValue list) {
            list.forEach(e -> parts.add(s(e)));
        } else if (value instanceof HashValue hash) {
            hash.forEach((f, v) -> parts.add(s(f) + "=" + s(v)));
        } else if (value instanceof SetValue set) {
            set.forEach(m -> parts.add(s(m)));
            parts.sort(null);
        } else if (value instanceof ZSetValue zset) {
            zset.forEach((m, score) -> parts.add(s(m) + ":" + score));
        } else if (value instanceof GrowableString g) {
            return s(g.toBytes());
        }
        return value.getClass().getSimpleName() + parts;
    }

    @Test
    void mutationsAfterTheSnapshotAreInvisibleToIt() throws Exception {
        Keyspace keyspace = keyspace();
        Database db = keyspace.db(0);
        EncodingLimits limits = keyspace.limits();
        db.put(b("s"), b("v1"));
        ListValue list = new ListValue();
        list.pushTail(b("a"));
        db.put(b("l"), list);
        HashValue hash = new HashValue();
        hash.put(b("f"), b("1"), limits);
        db.put(b("h"), hash);
        SetValue set = new SetValue();
        set.add(b("1"), limits);
        db.put(b("st"), set);
        ZSetValue zset = new ZSetValue();
        zset.insert(b("m"), 1.0, limits);
        db.put(b("z"), zset);
        db.put(b("ttl"), b("x"), 5000);
        db.put(b("grow"), new GrowableString(b("ab")));

        KeyspaceSnapshot snapshot = keyspace.snapshot();
        Map<String, String> before = dump(snapshot, 0);

        db.put(b("s"), b("v2"));
        ((ListValue) db.getForWrite(b("l"), 0)).pushTail(b("b"));
        ((HashValue) db.getForWrite(b("h"), 0)).put(b("g"), b("2"), limits);
        SetValue writableSet = (SetValue) db.getForWrite(b("st"), 0);
        for (int i = 0; i < 600; i++) {
            writableSet.add(b("m" + i), limits); // converts to a hashtable too
        }
        ((ZSetValue) db.getForWrite(b("z"), 0)).update(b("m"), 1.0, 9.0);
        ((GrowableString) db.getForWrite(b("grow"), 0)).append(b("cd"));
        db.setExpire(b("ttl"), 9000);
        db.remove(b("s"));
        db.put(b("new"), b("n"));
        keyspace.swap(0, 1);
        keyspace.flushAll();

        Map<String, String> after = CompletableFuture.supplyAsync(() -> dump(snapshot, 0)).get();
        assertEquals(before, after);
        assertEquals("ListValue[a]@-1", after.get("l"));
        assertEquals("ab@-1", after.get("grow"));
        assertEquals("x@5000", after.get("ttl"));
        assertEquals(7, snapshot.size(0));
        assertEquals(1, snapshot.volatileKeys(0));
        snapshot.close();
        assertEquals(0, keyspace.openSnapshots());
    }

    @Test
    void valuesAreCopiedOnlyOnceAndOnlyWhileASnapshotIsOpen() {
        Keyspace keyspace = keyspace();
        Database db = keyspace.db(0);
        ListValue list = new ListValue();
        list.pushTail(b("a"));
        db.put(b("l"), list);
        assertSame(list, db.getForWrite(b("l"), 0));
        try (KeyspaceSnapshot ignored = keyspace.snapshot()) {
            Object first = db.getForWrite(b("l"), 0);
            assertNotSame(list, first);
            assertSame(first, db.getForWrite(b("l"), 0));
            ListValue created = new ListValue();
            db.put(b("new"), created);
            assertSame(created, db.getForWrite(b("new"), 0));
        }
        Object current = db.getForWrite(b("l"), 0);
        assertSame(current, db.getForWrite(b("l"), 0));
    }

    @Test
    void aRenamedValueStillInASnapshotIsCopiedBeforeItChanges() {
        Keyspace keyspace = keyspace();
        Database db = keyspace.db(0);
        ListValue list = new ListValue();
        list.pushTail(b("a"));
        db.put(b("old"), list);
        try (KeyspaceSnapshot snapshot = keyspace.snapshot()) {
            Object value = db.getForWrite(b("old"), 0);
            db.remove(b("old"));
            db.put(b("renamed"), value);
            ((ListValue) db.getForWrite(b("renamed"), 0)).pushTail(b("b"));
            assertEquals(Map.of("old", "ListValue[a]@-1"), dump(snapshot, 0));
        }
    }
}
