package io.vigil.node.store;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BitsTest {
    @Test
    void popcountCountsEveryByteWhateverTheAlignment() {
        Random random = new Random(1);
        byte[] bytes = new byte[100];
        random.nextBytes(bytes);
        for (int from = 0; from < 10; from++) {
            for (int count = 0; count < 90; count += 7) {
                long expected = 0;
                for (int i = from; i < from + count; i++) {
                    expected += Integer.bitCount(bytes[i] & 0xff);
                }
                assertEquals(expected, Bits.popcount(bytes, from, count));
            }
        }
    }

    @Test
    void bitposTreatsTheRightAsZeroPaddedOnlyForClearBits() {
        byte[] ones = {(byte) 0xff, (byte) 0xff};
        assertEquals(16, Bits.bitpos(ones, 0, 2, 0));
        assertEquals(-1, Bits.bitpos(new byte[2], 0, 2, 1));
        assertEquals(9, Bits.bitpos(new byte[]{0, 0x40}, 0, 2, 1));
        assertEquals(4, Bits.bitpos(new byte[]{(byte) 0xf0}, 0, 1, 0));
    }

    @Test
    void fieldsAreBigEndianFromTheFirstBit() {
        byte[] p = new byte[2];
        Bits.set(p, 7, 5, 23);
        // Redis's own example: u5 23 at offset 7 gives 00000001 01110000
        assertEquals(0x01, p[0] & 0xff);
        assertEquals(0x70, p[1] & 0xff);
        assertEquals(23, Bits.getUnsigned(p, 7, 5));
        assertEquals(-9, Bits.getSigned(p, 7, 5));
    }

    @Test
    void overflowRulesFollowRedis() {
        long[] limit = new long[1];
        assertEquals(1, Bits.checkUnsignedOverflow(250, 10, 8, Bits.WRAP, limit));
        assertEquals(4, limit[0]);
        assertEquals(1, Bits.checkUnsignedOverflow(250, 10, 8, Bits.SAT, limit));
        assertEquals(255, limit[0]);
        assertEquals(-1, Bits.checkUnsignedOverflow(5, -10, 8, Bits.SAT, limit));
        assertEquals(0, limit[0]);
        assertEquals(1, Bits.checkUnsignedOverflow(5, -10, 8, Bits.WRAP, limit), "a wrap reports 1 either way");
        assertEquals(251, limit[0]);
        assertEquals(0, Bits.checkSignedOverflow(-128, 255, 8, Bits.FAIL, limit));
        assertEquals(1, Bits.checkSignedOverflow(127, 1, 8, Bits.WRAP, limit));
        assertEquals(-128, limit[0]);
        assertEquals(-1, Bits.checkSignedOverflow(Long.MIN_VALUE, -1, 64, Bits.SAT, limit));
        assertEquals(Long.MIN_VALUE, limit[0]);
        assertEquals(1, Bits.checkSignedOverflow(Long.MAX_VALUE, 1, 64, Bits.WRAP, limit));
        assertEquals(Long.MIN_VALUE, limit[0]);
    }
}
