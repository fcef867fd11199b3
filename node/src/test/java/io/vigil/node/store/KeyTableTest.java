package io.vigil.node.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyTableTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void behavesLikeAMapUnderRandomInsertsAndDeletes() {
        Random random = new Random(7);
        KeyTable table = new KeyTable(true);
        Map<String, Object> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String key = "k" + random.nextInt(5000);
            if (random.nextInt(3) == 0) {
                int slot = table.find(b(key));
                if (slot >= 0) {
                    table.removeAt(slot);
                }
                model.remove(key);
            } else {
                int hash = KeyTable.hash(b(key));
                int slot = table.find(b(key), hash);
                Integer value = random.nextInt();
                if (slot >= 0) {
                    table.setValue(slot, value);
                } else {
                    table.insert(b(key), hash, value);
                }
                model.put(key, value);
            }
            if (i % 10_000 == 0) {
                assertEquals(model.size(), table.size());
            }
        }
        assertEquals(model.size(), table.size());
        for (Map.Entry<String, Object> e : model.entrySet()) {
            int slot = table.find(b(e.getKey()));
            assertTrue(slot >= 0, e.getKey());
            assertEquals(e.getValue(), table.valueAt(slot));
        }
        for (int i = 5000; i < 6000; i++) {
            assertEquals(-1, table.find(b("k" + i)));
        }
    }

    @Test
    void shrinksWhenMostlyEmptyAndKeepsItsEntries() {
        KeyTable table = new KeyTable(false);
        for (int i = 0; i < 10_000; i++) {
            table.insert(b("k" + i), KeyTable.hash(b("k" + i)), i);
        }
        int big = table.capacity();
        for (int i = 0; i < 9_990; i++) {
            table.remove(b("k" + i));
        }
        assertTrue(table.capacity() < big / 16, "capacity " + table.capacity());
        for (int i = 9_990; i < 10_000; i++) {
            assertEquals(i, table.valueAt(table.find(b("k" + i))));
        }
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutEvenAcrossResizes() {
        Random random = new Random(3);
        KeyTable table = new KeyTable(false);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String key = "stable" + i;
            table.insert(b(key), KeyTable.hash(b(key)), i);
            stable.add(key);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int churn = 0;
        do {
            cursor = table.scan(cursor, slot -> seen.add(new String(table.keyAt(slot), StandardCharsets.UTF_8)));
            // grow and shrink the table between steps with a batch of keys that comes and goes
            if (table.size() > 300) {
                for (int j = churn - 600; j < churn; j++) {
                    table.remove(b("temp" + j));
                }
            } else if (random.nextBoolean()) {
                for (int j = 0; j < 600; j++) {
                    String key = "temp" + churn++;
                    table.insert(b(key), KeyTable.hash(b(key)), j);
                }
            }
        } while (cursor != 0);
        assertTrue(seen.containsAll(stable), "missing " + stable.stream().filter(k -> !seen.contains(k)).toList());
    }

    @Test
    void expiriesAreTrackedPerSlotAndFollowMovedEntries() {
        KeyTable table = new KeyTable(true);
        for (int i = 0; i < 1000; i++) {
            int slot = table.insert(b("k" + i), KeyTable.hash(b("k" + i)), i);
            if (i % 2 == 0) {
                table.setExpire(slot, 1000 + i);
            }
        }
        assertEquals(500, table.volatileCount());
        for (int i = 0; i < 1000; i += 3) {
            table.remove(b("k" + i));
        }
        int expected = 0;
        for (int i = 0; i < 1000; i++) {
            int slot = table.find(b("k" + i));
            if (i % 3 == 0) {
                assertEquals(-1, slot);
                continue;
            }
            if (i % 2 == 0) {
                assertEquals(1000 + i, table.expireAt(slot));
                expected++;
            } else {
                assertEquals(-1, table.expireAt(slot));
            }
        }
        assertEquals(expected, table.volatileCount());
    }

    @Test
    void randomSlotFindsAnEntryOrNothing() {
        KeyTable table = new KeyTable(false);
        assertEquals(-1, table.randomSlot(new Random(1)));
        table.insert(b("only"), KeyTable.hash(b("only")), "v");
        int slot = table.randomSlot(new Random(1));
        assertEquals("v", table.valueAt(slot));
    }
}
