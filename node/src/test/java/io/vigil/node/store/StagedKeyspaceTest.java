package io.vigil.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedKeyspaceTest {
    private static final Database.ExpiryListener NO_EXPIRY = (db, key) -> { };

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void installReplacesEveryDatabaseWithTheStagedTablesAndTheirExpiries() {
        Keyspace keyspace = new Keyspace(4, NO_EXPIRY);
        keyspace.db(0).put(b("old"), b("gone"));
        keyspace.db(2).put(b("old2"), b("gone"));
        long now = System.currentTimeMillis();

        StagedKeyspace staged = new StagedKeyspace(4);
        staged.presize(0, 1000);
        for (int i = 0; i < 1000; i++) {
            staged.put(0, b("k" + i), b("v" + i), i % 2 == 0 ? now + 60_000 : -1);
        }
        staged.put(3, b("x"), b("first"), -1);
        staged.put(3, b("x"), b("second"), now + 5_000);
        assertEquals(1001, staged.keys(), "a repeated key counts once");

        keyspace.install(staged);
        assertEquals(1000, keyspace.db(0).size());
        assertEquals(500, keyspace.db(0).volatileKeys());
        assertNull(keyspace.db(0).get(b("old"), now));
        assertEquals(0, keyspace.db(2).size(), "a database the dataset does not use is emptied");
        assertArrayEquals(b("v7"), (byte[]) keyspace.db(0).get(b("k7"), now));
        assertEquals(now + 60_000, keyspace.db(0).expireAt(b("k8")));
        assertEquals(-1, keyspace.db(0).expireAt(b("k9")));
        assertArrayEquals(b("second"), (byte[]) keyspace.db(3).get(b("x"), now));
        assertEquals(now + 5_000, keyspace.db(3).expireAt(b("x")));
    }

    @Test
    void aKeyLookedUpBeforeTheInstallIsNotWrittenIntoTheOldTable() {
        Keyspace keyspace = new Keyspace(1, NO_EXPIRY);
        Database db = keyspace.db(0);
        byte[] key = b("counter");
        db.put(key, b("1"));
        db.get(key, System.currentTimeMillis());
        StagedKeyspace staged = new StagedKeyspace(1);
        staged.put(0, b("other"), b("x"), -1);
        keyspace.install(staged);
        db.put(key, b("2"));
        assertEquals(2, db.size());
        assertArrayEquals(b("2"), (byte[]) db.get(key, System.currentTimeMillis()));
    }

    @Test
    void watchersHearThatEveryKeyMayHaveChanged() {
        Keyspace keyspace = new Keyspace(2, NO_EXPIRY);
        List<Integer> flushed = new ArrayList<>();
        keyspace.addModificationListener(new KeyModificationListener() {
            @Override
            public void modified(Database db, byte[] key) {
            }

            @Override
            public void modifiedAll(Database db) {
                flushed.add(db.index());
            }
        });
        keyspace.install(new StagedKeyspace(2));
        assertEquals(List.of(0, 1), flushed);
    }

    @Test
    void aDatasetWithADifferentNumberOfDatabasesIsRefused() {
        Keyspace keyspace = new Keyspace(2, NO_EXPIRY);
        assertThrows(IllegalArgumentException.class, () -> keyspace.install(new StagedKeyspace(3)));
    }
}
