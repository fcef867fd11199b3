package io.vigil.node.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperLogLogTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEmptyHllIsOneXzeroOpcodeAfterTheHeader() {
        HyperLogLog hll = HyperLogLog.createSparse();
        assertEquals("48594c4c01000000000000000000000" + "07fff", HexFormat.of().formatHex(hll.bytes()));
        assertEquals(0, hll.count());
        assertTrue(HyperLogLog.isValid(hll.buffer(), hll.length()));
    }

    @Test
    void sparseAndDenseHoldTheSameRegistersAndCount() {
        HyperLogLog sparse = HyperLogLog.createSparse();
        HyperLogLog dense = HyperLogLog.createSparse();
        assertTrue(dense.sparseToDense());
        assertEquals(HyperLogLog.DENSE_SIZE, dense.length());
        Random random = new Random(3);
        for (int i = 0; i < 1500; i++) {
            byte[] element = bytes(Long.toString(random.nextLong()));
            assertEquals(dense.add(element, Long.MAX_VALUE), sparse.add(element, Long.MAX_VALUE));
        }
        assertEquals(HyperLogLog.SPARSE, sparse.encoding(), "no size limit: stays sparse");
        byte[] fromSparse = new byte[HyperLogLog.REGISTERS];
        byte[] fromDense = new byte[HyperLogLog.REGISTERS];
        assertTrue(sparse.mergeInto(fromSparse));
        assertTrue(dense.mergeInto(fromDense));
        assertArrayEquals(fromDense, fromSparse);
        assertEquals(dense.count(), sparse.count());
        assertEquals(dense.count(), HyperLogLog.countRaw(fromDense));
        long estimate = dense.count();
        assertTrue(Math.abs(estimate - 1500) < 1500 * 0.05, "estimate " + estimate);
        assertTrue(sparse.sparseToDense());
        // a sparse set marks the cache stale itself; for dense the command does (after its adds)
        dense.invalidateCache();
        assertArrayEquals(dense.bytes(), sparse.bytes(), "the conversion gives the dense string itself");
    }

    @Test
    void theCachedCardinalityIsLittleEndianWithAStaleBit() {
        HyperLogLog hll = HyperLogLog.createSparse();
        assertTrue(hll.validCache());
        hll.add(bytes("a"), 3000);
        assertFalse(hll.validCache());
        hll.cacheCardinality(0x0102);
        assertTrue(hll.validCache());
        assertEquals(0x0102, hll.cachedCardinality());
        assertEquals(2, hll.buffer()[8]);
        assertEquals(1, hll.buffer()[9]);
    }

    @Test
    void validityNeedsTheMagicAKnownEncodingAndTheDenseSize() {
        byte[] ok = HyperLogLog.createSparse().bytes();
        assertTrue(HyperLogLog.isValid(ok, ok.length));
        assertFalse(HyperLogLog.isValid(ok, 15));
        byte[] badMagic = ok.clone();
        badMagic[0] = 'h';
        assertFalse(HyperLogLog.isValid(badMagic, badMagic.length));
        byte[] badEncoding = ok.clone();
        badEncoding[4] = 2;
        assertFalse(HyperLogLog.isValid(badEncoding, badEncoding.length));
        byte[] shortDense = ok.clone();
        shortDense[4] = HyperLogLog.DENSE;
        assertFalse(HyperLogLog.isValid(shortDense, shortDense.length));
    }
}
