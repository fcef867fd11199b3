package io.vigil.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringsTest {
    private static void check(long v) {
        assertEquals(Long.toString(v), new String(Strings.fromLong(v), StandardCharsets.US_ASCII));
    }

    @Test
    void fromLongMatchesTheDecimalFormAcrossEveryDigitCount() {
        long[] edges = {0, 9, 10, 99, 100, 9999, 10000, 10001, -1, -9, -10, -100,
                Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        for (long v : edges) {
            check(v);
        }
        long p = 1;
        for (int i = 0; i < 19; i++, p *= 10) {
            check(p);
            check(p - 1);
            check(-p);
            check(-p + 1);
        }
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            check(v);
            assertEquals(v, Strings.parseStrictLong(Strings.fromLong(v)));
        }
    }
}
