package io.vigil.node.command;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PartialQuicksortTest {
    @Test
    void theRequestedRangeHoldsWhatAFullSortPutsThere() {
        Random random = new Random(9);
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(200);
            Integer[] values = new Integer[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(round % 2 == 0 ? 1000 : 5);
            }
            int left = random.nextInt(n);
            int right = left + random.nextInt(n - left);
            Integer[] partial = values.clone();
            PartialQuicksort.sort(partial, n, Comparator.naturalOrder(), left, right);
            Integer[] full = values.clone();
            Arrays.sort(full);
            assertArrayEquals(Arrays.copyOfRange(full, left, right + 1), Arrays.copyOfRange(partial, left, right + 1),
                    "round " + round);
        }
    }
}
