package io.vigil.node.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void listBehavesLikeADequeWithIndexedAccess() {
        Random random = new Random(11);
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            int op = random.nextInt(8);
            String v = "v" + step;
            switch (op) {
                case 0 -> {
                    list.pushHead(b(v));
                    model.add(0, v);
                }
                case 1, 2 -> {
                    list.pushTail(b(v));
                    model.add(v);
                }
                case 3 -> assertEquals(model.isEmpty() ? null : model.remove(0), list.isEmpty() ? null : s(list.popHead()));
                case 4 -> assertEquals(model.isEmpty() ? null : model.remove(model.size() - 1),
                        list.isEmpty() ? null : s(list.popTail()));
                case 5 -> {
                    int at = random.nextInt(model.size() + 1);
                    list.insert(at, b(v));
                    model.add(at, v);
                }
                case 6 -> {
                    if (!model.isEmpty()) {
                        int at = random.nextInt(model.size());
                        list.removeAt(at);
                        model.remove(at);
                    }
                }
                default -> {
                    if (!model.isEmpty()) {
                        int at = random.nextInt(model.size());
                        list.set(at, b(v));
                        model.set(at, v);
                    }
                }
            }
            if (step % 1000 == 0) {
                List<String> all = new ArrayList<>();
                list.forEach(e -> all.add(s(e)));
                assertEquals(model, all);
            }
        }
        list.retain(1, Math.max(1, list.size() - 2));
        assertEquals(s(list.get(0)), model.get(1));
    }

    @Test
    void listRemoveIfKeepsOrder() {
        ListValue list = new ListValue();
        ArrayDeque<String> expected = new ArrayDeque<>();
        for (int i = 0; i < 100; i++) {
            list.pushTail(b(Integer.toString(i % 7)));
            if (i % 7 != 3) {
                expected.add(Integer.toString(i % 7));
            }
        }
        assertEquals(14, list.removeIf(i -> s(list.get(i)).equals("3")));
        List<String> all = new ArrayList<>();
        list.forEach(e -> all.add(s(e)));
        assertEquals(new ArrayList<>(expected), all);
    }

    @Test
    void hashKeepsInsertionOrderAsAListpackAndConvertsForGood() {
        EncodingLimits limits = new EncodingLimits();
        limits.hashMaxListpackEntries = 3;
        HashValue hash = new HashValue();
        assertTrue(hash.put(b("a"), b("1"), limits));
        assertTrue(hash.put(b("b"), b("2"), limits));
        assertFalse(hash.put(b("a"), b("3"), limits));
        assertTrue(hash.put(b("c"), b("4"), limits));
        Map<String, String> seen = new LinkedHashMap<>();
        hash.forEach((f, v) -> seen.put(s(f), s(v)));
        assertEquals(Map.of("a", "3", "b", "2", "c", "4"), seen);
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(seen.keySet()));
        assertEquals("listpack", hash.encoding());
        hash.put(b("d"), b("5"), limits);
        assertEquals("hashtable", hash.encoding());
        hash.remove(b("d"));
        hash.remove(b("c"));
        assertEquals("hashtable", hash.encoding());
        assertEquals("3", s(hash.get(b("a"))));
        HashValue longValue = new HashValue();
        longValue.put(b("f"), b("x".repeat(65)), new EncodingLimits());
        assertEquals("hashtable", longValue.encoding());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1,intset", "-9223372036854775808,intset", "9223372036854775807,intset", "007,hashtable",
            "-0,hashtable", "+1,hashtable", "1.0,hashtable", "a,hashtable", "9223372036854775808,hashtable"})
    void setsStayIntsetsOnlyForCanonicalIntegers(String member, String encoding) {
        SetValue set = SetValue.forFirstMember(b(member));
        set.add(b(member), new EncodingLimits());
        assertEquals(encoding, set.encoding());
        assertTrue(set.contains(b(member)));
    }

    @Test
    void intsetsListMembersInAscendingOrderAndConvertPastTheLimit() {
        EncodingLimits limits = new EncodingLimits();
        limits.setMaxIntsetEntries = 5;
        SetValue set = new SetValue();
        for (String m : List.of("10", "-3", "7", "0", "10")) {
            set.add(b(m), limits);
        }
        List<String> members = new ArrayList<>();
        set.forEach(m -> members.add(s(m)));
        assertEquals(List.of("-3", "0", "7", "10"), members);
        set.add(b("1"), limits);
        assertEquals("intset", set.encoding());
        set.add(b("2"), limits);
        assertEquals("hashtable", set.encoding());
        assertEquals(6, set.size());
        assertTrue(set.contains(b("-3")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0,true", "-1,true", "123,true", "9223372036854775807,true", "-9223372036854775808,true",
            "9223372036854775808,false", "-9223372036854775809,false", "-0,false", "01,false", "+1,false", "' 1',false",
            "1a,false", "'',false", "-,false"})
    void strictIntegersAreString2ll(String text, boolean strict) {
        assertEquals(strict, Strings.isStrictLong(b(text)));
        if (strict) {
            assertEquals(Long.parseLong(text), Strings.parseStrictLong(b(text)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"123,int", "abc,embstr", "0123,embstr", "-0,embstr"})
    void stringEncodingsFollowTryObjectEncoding(String text, String encoding) {
        assertEquals(encoding, Strings.encoding(b(text)));
    }

    @Test
    void longAndAppendedStringsAreRaw() {
        assertEquals("embstr", Strings.encoding(b("x".repeat(44))));
        assertEquals("raw", Strings.encoding(b("x".repeat(45))));
        GrowableString g = new GrowableString(b("1"));
        assertEquals("raw", Strings.encoding(g));
        assertEquals("embstr", Strings.encoding(GrowableString.unencoded(b("11"))));
        GrowableString appended = GrowableString.unencoded(b("11"));
        for (int i = 0; i < 10_000; i++) {
            appended.append(b("ab"));
        }
        assertEquals(20_002, appended.length());
        assertEquals("raw", appended.encoding());
        appended.setRange(20_010, b("z"));
        assertEquals(20_011, appended.length());
        assertEquals(0, appended.toBytes()[20_005]);
    }
}
