package io.vigil.node.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseTest {
    private final List<String> expired = new ArrayList<>();
    private final List<String> modified = new ArrayList<>();
    private final List<String> added = new ArrayList<>();
    private boolean deletes = true;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Keyspace keyspace() {
        Keyspace keyspace = new Keyspace(2, new Database.ExpiryListener() {
            @Override
            public void expired(Database db, byte[] key) {
                expired.add(db.index() + ":" + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public boolean deletesExpiredKeys() {
                return deletes;
            }
        });
        keyspace.addModificationListener(new KeyModificationListener() {
            @Override
            public void modified(Database db, byte[] key) {
                modified.add(db.index() + ":" + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void modifiedAll(Database db) {
                modified.add(db.index() + ":*" + db.size());
            }
        });
        keyspace.addKeyAddedListener((db, key, value) -> added.add(new String(key, StandardCharsets.UTF_8)));
        return keyspace;
    }

    @Test
    void anExpiredKeyIsDeletedLazilyAndReported() {
        Database db = keyspace().db(0);
        db.put(b("k"), b("v"), 1000);
        assertEquals(1, db.volatileKeys());
        assertEquals("v", new String((byte[]) db.get(b("k"), 999), StandardCharsets.UTF_8));
        assertNull(db.get(b("k"), 1000));
        assertEquals(List.of("0:k"), expired);
        assertEquals(List.of("0:k"), modified);
        assertEquals(0, db.size());
        assertEquals(0, db.volatileKeys());
    }

    @Test
    void aReplicaHidesExpiredKeysWithoutDeletingThem() {
        deletes = false;
        Database db = keyspace().db(0);
        db.put(b("k"), b("v"), 1000);
        assertFalse(db.exists(b("k"), 2000));
        assertEquals(1, db.size());
        assertTrue(expired.isEmpty());
    }

    @Test
    void putClearsTheTtlAndReplaceKeepsIt() {
        Database db = keyspace().db(0);
        db.put(b("k"), b("v"), 5000);
        db.replace(b("k"), b("w"));
        assertEquals(5000, db.expireAt(b("k")));
        db.put(b("k"), b("x"));
        assertEquals(-1, db.expireAt(b("k")));
        assertEquals(0, db.volatileKeys());
        assertTrue(db.setExpire(b("k"), 10));
        assertTrue(db.persist(b("k")));
        assertFalse(db.persist(b("k")));
        assertFalse(db.setExpire(b("missing"), 10));
    }

    @Test
    void onlyNewKeysAreReportedAsAdded() {
        Database db = keyspace().db(0);
        db.put(b("a"), b("1"));
        db.put(b("a"), b("2"));
        db.replace(b("b"), b("3"));
        assertEquals(List.of("a", "b"), added);
    }

    @Test
    void activeExpirySamplesVolatileKeysAndDeletesTheExpiredOnes() {
        Database db = keyspace().db(0);
        for (int i = 0; i < 1000; i++) {
            db.put(b("k" + i), b("v"), i % 2 == 0 ? 100 : 10_000);
        }
        db.put(b("forever"), b("v"));
        int deleted = 0;
        Random random = new Random(1);
        for (int round = 0; round < 200 && db.volatileKeys() > 500; round++) {
            deleted += db.expireSample(random, 500, 20);
            assertTrue(db.lastSampled() <= 20);
        }
        assertEquals(500, deleted);
        assertEquals(501, db.size());
        assertEquals(500, expired.size());
    }

    @Test
    void flushAndSwapTellListenersBeforeTheChange() {
        Keyspace keyspace = keyspace();
        keyspace.db(0).put(b("a"), b("1"));
        keyspace.db(1).put(b("b"), b("1"));
        keyspace.db(1).put(b("c"), b("1"));
        keyspace.swap(0, 1);
        assertEquals(List.of("0:*1", "1:*2"), modified);
        assertEquals(2, keyspace.db(0).size());
        modified.clear();
        keyspace.db(0).clear();
        assertEquals(List.of("0:*2"), modified);
    }

    @Test
    void scanVisitsOnlyLiveKeys() {
        Database db = keyspace().db(0);
        for (int i = 0; i < 100; i++) {
            db.put(b("k" + i), b("v"), i < 50 ? 10 : -1);
        }
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = db.scan(cursor, 100, (key, value) -> seen.add(new String(key, StandardCharsets.UTF_8)));
        } while (cursor != 0);
        assertEquals(50, seen.size());
        assertEquals(50, db.size());
    }

    @Test
    void writesAfterLookupsLandOnTheRightKeyWhateverChangedInBetween() {
        // Seeded model check of the lookup memo: lookups, stores of the same key array, removals
        // that shift neighbours back, inserts that resize, and flushes, in random order.
        Database db = keyspace().db(0);
        java.util.Map<String, String> model = new java.util.HashMap<>();
        Random random = new Random(20261121);
        byte[][] keys = new byte[40][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = b("k" + i);
        }
        for (int step = 0; step < 20_000; step++) {
            byte[] key = keys[random.nextInt(keys.length)];
            String name = new String(key, StandardCharsets.UTF_8);
            switch (random.nextInt(7)) {
                case 0, 1 -> {
                    Object value = db.get(key, 1000);
                    assertEquals(model.get(name), value == null ? null : new String((byte[]) value, StandardCharsets.UTF_8));
                }
                case 2 -> {
                    String value = "v" + step;
                    db.replace(key, b(value));
                    model.put(name, value);
                }
                case 3 -> {
                    String value = "p" + step;
                    db.put(key, b(value));
                    model.put(name, value);
                }
                case 4 -> {
                    byte[] other = keys[random.nextInt(keys.length)];
                    db.remove(other);
                    model.remove(new String(other, StandardCharsets.UTF_8));
                }
                case 5 -> {
                    // a lookup, then a change elsewhere, then a store through the same key array
                    db.get(key, 1000);
                    byte[] other = keys[random.nextInt(keys.length)];
                    if (random.nextBoolean()) {
                        db.remove(other);
                        model.remove(new String(other, StandardCharsets.UTF_8));
                    } else {
                        db.put(other, b("o" + step));
                        model.put(new String(other, StandardCharsets.UTF_8), "o" + step);
                    }
                    db.replace(key, b("r" + step));
                    model.put(name, "r" + step);
                }
                default -> {
                    if (random.nextInt(200) == 0) {
                        db.clear();
                        model.clear();
                    }
                }
            }
            assertEquals(model.size(), db.size(), "step " + step);
        }
        for (byte[] key : keys) {
            Object value = db.get(key, 1000);
            assertEquals(model.get(new String(key, StandardCharsets.UTF_8)),
                    value == null ? null : new String((byte[]) value, StandardCharsets.UTF_8));
        }
    }
}
