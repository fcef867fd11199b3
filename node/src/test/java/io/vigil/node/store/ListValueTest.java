package io.vigil.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListValueTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shortElementsArePackedIntoFewNodes() {
        ListValue list = new ListValue();
        for (int i = 0; i < 100_000; i++) {
            list.pushHead(b("xxx"));
        }
        assertEquals(100_000, list.size());
        assertTrue(list.nodeCount() <= 100_000 / ListValue.NODE_ENTRIES + 1, "nodes: " + list.nodeCount());
    }

    @Test
    void largeElementsGetTheirOwnNodesAndSurviveEveryOperation() {
        Random random = new Random(5);
        ListValue list = new ListValue();
        List<byte[]> model = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] e = new byte[random.nextInt(3) == 0 ? 9000 + random.nextInt(5000) : random.nextInt(3000)];
            random.nextBytes(e);
            if (random.nextBoolean()) {
                list.pushHead(e);
                model.add(0, e);
            } else {
                list.pushTail(e);
                model.add(e);
            }
        }
        byte[] middle = b("middle");
        list.insert(150, middle);
        model.add(150, middle);
        list.set(10, middle);
        model.set(10, middle);
        list.removeAt(200);
        model.remove(200);
        for (int i = model.size() - 1; i >= 0; i--) {
            assertArrayEquals(model.get(i), list.get(i), "index " + i);
        }
        ListValue copy = list.copy();
        list.popTail();
        assertEquals(model.size(), copy.size());
        List<byte[]> all = new ArrayList<>();
        copy.forEach(all::add);
        for (int i = 0; i < model.size(); i++) {
            assertArrayEquals(model.get(i), all.get(i));
        }
        assertTrue(copy.elementEquals(150, middle));
        assertFalse(copy.elementEquals(151, middle));
    }

    @Test
    void indexedScansInBothDirectionsMatchTheElements() {
        ListValue list = new ListValue();
        for (int i = 0; i < 5000; i++) {
            list.pushTail(b(Integer.toString(i)));
        }
        for (int i = 0; i < 5000; i++) {
            assertEquals(Integer.toString(i), new String(list.get(i), StandardCharsets.UTF_8));
        }
        for (int i = 4999; i >= 0; i -= 3) {
            assertTrue(list.elementEquals(i, b(Integer.toString(i))));
        }
        list.retain(1000, 1999);
        assertEquals(1000, list.size());
        assertEquals("1000", new String(list.popHead(), StandardCharsets.UTF_8));
        assertEquals("1999", new String(list.popTail(), StandardCharsets.UTF_8));
        assertEquals(499, list.removeIf(i -> i % 2 == 0));
        assertEquals("1002", new String(list.get(0), StandardCharsets.UTF_8));
    }
}
