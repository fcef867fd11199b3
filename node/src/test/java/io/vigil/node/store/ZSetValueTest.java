package io.vigil.node.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both encodings of a sorted set against a simple sorted-list model, with random operations. */
class ZSetValueTest {
    private record Entry(String member, double score) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingDouble(Entry::score)
            .thenComparing((a, b) -> Arrays.compareUnsigned(bytes(a.member), bytes(b.member)));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "listpack limit {0}")
    @ValueSource(ints = {1000, 16, 0})
    void ranksRangesAndUpdatesMatchASortedModel(int listpackLimit) {
        EncodingLimits limits = new EncodingLimits();
        limits.zsetMaxListpackEntries = listpackLimit;
        Random random = new Random(listpackLimit);
        ZSetValue zset = listpackLimit == 0 ? ZSetValue.emptySkiplist() : new ZSetValue();
        Map<String, Double> scores = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String member = "m" + random.nextInt(300);
            double score = random.nextInt(50) / 2.0;
            int op = random.nextInt(10);
            if (op < 6) {
                double current = zset.score(bytes(member));
                if (Double.isNaN(current)) {
                    zset.insert(bytes(member), score, limits);
                } else {
                    zset.update(bytes(member), current, score);
                }
                scores.put(member, score);
            } else if (op < 8) {
                assertEquals(scores.remove(member) != null, zset.remove(bytes(member)));
            } else if (op == 8 && zset.size() > 0) {
                int a = random.nextInt(zset.size());
                int b = a + random.nextInt(Math.min(3, zset.size() - a));
                List<Entry> model = sorted(scores);
                for (int r = a; r <= b; r++) {
                    scores.remove(model.get(r).member());
                }
                assertEquals(b - a + 1, zset.removeRange(a, b));
            }
            if (step % 500 == 0) {
                check(zset, scores, random);
            }
        }
        check(zset, scores, random);
    }

    private static List<Entry> sorted(Map<String, Double> scores) {
        List<Entry> model = new ArrayList<>();
        scores.forEach((m, s) -> model.add(new Entry(m, s)));
        model.sort(ORDER);
        return model;
    }

    private static void check(ZSetValue zset, Map<String, Double> scores, Random random) {
        List<Entry> model = sorted(scores);
        assertEquals(model.size(), zset.size());
        List<Entry> walked = new ArrayList<>();
        zset.forEach((m, s) -> walked.add(new Entry(new String(m, StandardCharsets.UTF_8), s)));
        assertEquals(model, walked);
        for (int r = 0; r < model.size(); r++) {
            Entry e = model.get(r);
            assertEquals(r, zset.rank(bytes(e.member())));
            assertEquals(e.member(), new String(zset.memberAt(r), StandardCharsets.UTF_8));
            assertEquals(e.score(), zset.scoreAt(r));
        }
        for (int i = 0; i < 20; i++) {
            double min = random.nextInt(52) / 2.0 - 0.5;
            double max = min + random.nextInt(10);
            boolean minEx = random.nextBoolean();
            boolean maxEx = random.nextBoolean();
            ScoreRange range = new ScoreRange(min, minEx, max, maxEx);
            int first = -1;
            int last = -1;
            for (int r = 0; r < model.size(); r++) {
                if (range.contains(model.get(r).score())) {
                    if (first < 0) {
                        first = r;
                    }
                    last = r;
                }
            }
            assertEquals(first, zset.firstInRange(range), range.toString());
            assertEquals(last, zset.lastInRange(range), range.toString());
        }
        if (!model.isEmpty()) {
            int start = random.nextInt(model.size());
            ZSetValue.Cursor down = zset.cursor(start, true);
            for (int r = start; r >= 0; r--) {
                assertEquals(model.get(r).member(), new String(down.member(), StandardCharsets.UTF_8));
                down.next();
            }
        }
    }

    @ParameterizedTest(name = "skiplist {0}")
    @ValueSource(booleans = {false, true})
    void lexRangesOnEqualScores(boolean skiplist) {
        EncodingLimits limits = new EncodingLimits();
        ZSetValue zset = skiplist ? ZSetValue.emptySkiplist() : new ZSetValue();
        for (String m : List.of("a", "b", "c", "d", "e")) {
            zset.insert(bytes(m), 0, limits);
        }
        LexRange range = LexRange.parse(bytes("[b"), bytes("(d"));
        assertEquals(1, zset.firstInLexRange(range));
        assertEquals(2, zset.lastInLexRange(range));
        assertEquals(-1, zset.firstInLexRange(LexRange.parse(bytes("(e"), bytes("+"))));
        assertEquals(0, zset.firstInLexRange(LexRange.parse(bytes("-"), bytes("+"))));
        assertEquals(4, zset.lastInLexRange(LexRange.parse(bytes("-"), bytes("+"))));
        assertEquals(null, LexRange.parse(bytes("b"), bytes("+")));
    }

    @ParameterizedTest(name = "entries {0}")
    @ValueSource(ints = {128, 129})
    void convertsToSkiplistPastTheListpackLimitsOnly(int count) {
        EncodingLimits limits = new EncodingLimits();
        ZSetValue zset = new ZSetValue();
        for (int i = 0; i < count; i++) {
            zset.insert(bytes("m" + i), i, limits);
        }
        assertEquals(count > 128 ? "skiplist" : "listpack", zset.encoding());
        ZSetValue longMember = new ZSetValue();
        longMember.insert(bytes("x".repeat(65)), 1, limits);
        assertEquals("skiplist", longMember.encoding());
        longMember.remove(bytes("x".repeat(65)));
        longMember.insert(bytes("short"), 1, limits);
        assertEquals("skiplist", longMember.encoding());
        longMember.convertToListpackIfFits(limits);
        assertEquals("listpack", longMember.encoding());
    }
}
