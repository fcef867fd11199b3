package io.vigil.node.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LzfTest {
    /** 46 x 'a' as redis-server 7.0.15 stored it in dump.rdb (C3 09 2E + these 9 bytes). */
    private static final byte[] REDIS_46_A = HexFormat.of().parseHex("016161e02100016161");

    @Test
    void compressesLikeRedisBundledLiblzf() {
        byte[] input = "a".repeat(46).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[input.length - 4];
        int n = Lzf.compress(input, input.length, out, out.length);
        assertArrayEquals(REDIS_46_A, Arrays.copyOf(out, n));
    }

    @Test
    void decompressesRedisOutput() throws Exception {
        assertArrayEquals("a".repeat(46).getBytes(StandardCharsets.US_ASCII), Lzf.decompress(REDIS_46_A, 9, 46));
    }

    @Test
    void randomAndRepetitiveInputsRoundTrip() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            int length = 1 + random.nextInt(20000);
            byte[] input = new byte[length];
            int alphabet = 1 + random.nextInt(round % 2 == 0 ? 4 : 256);
            for (int i = 0; i < length; i++) {
                input[i] = (byte) ('a' + random.nextInt(alphabet));
            }
            byte[] out = new byte[length + length / 16 + 64];
            int n = Lzf.compress(input, length, out, out.length);
            if (n == 0) {
                continue;
            }
            assertArrayEquals(input, Lzf.decompress(out, n, length), "round " + round);
        }
    }

    @Test
    void incompressibleInputDoesNotFitTheRedisBudget() {
        SplittableRandom random = new SplittableRandom(1);
        byte[] input = new byte[100];
        random.nextBytes(input);
        byte[] out = new byte[input.length - 4];
        assertEquals(0, Lzf.compress(input, input.length, out, out.length));
    }

    @Test
    void aBackReferenceBeforeTheStartIsRefused() {
        // literal "a", then a back reference of distance 100
        byte[] corrupt = {0x00, 'a', (byte) 0x20, 99};
        assertThrows(RdbFormatException.class, () -> Lzf.decompress(corrupt, corrupt.length, 10));
    }

    @Test
    void aLengthMismatchIsRefused() {
        assertThrows(RdbFormatException.class, () -> Lzf.decompress(REDIS_46_A, 9, 47));
        assertThrows(RdbFormatException.class, () -> Lzf.decompress(REDIS_46_A, 9, 45));
        assertThrows(RdbFormatException.class, () -> Lzf.decompress(REDIS_46_A, 7, 46));
    }
}
