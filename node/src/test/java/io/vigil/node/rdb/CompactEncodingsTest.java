package io.vigil.node.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CompactEncodingsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<byte[]> values) {
        return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    /** ZADD zs 1 a 2.5 b as redis-server 7.0.15 saved it. */
    private static final byte[] REDIS_ZSET_LP = HexFormat.of().parseHex("14000000040081610201018162028332" + "2e3504ff");
    /** HSET h f1 v1 f2 2. */
    private static final byte[] REDIS_HASH_LP = HexFormat.of().parseHex("15000000040082663103827631038266320302" + "01ff");
    /** SADD iset 1 2 3. */
    private static final byte[] REDIS_INTSET = HexFormat.of().parseHex("0200000003000000010002000300");

    @Test
    void listpackBuilderProducesRedisBytes() {
        assertArrayEquals(REDIS_ZSET_LP, new Listpack.Builder().add("a").add("1").add("b").add("2.5").build());
        assertArrayEquals(REDIS_HASH_LP, new Listpack.Builder().add("f1").add("v1").add("f2").add("2").build());
    }

    @Test
    void listpackDecodesRedisBytes() throws Exception {
        assertEquals(List.of("a", "1", "b", "2.5"), texts(Listpack.decode(REDIS_ZSET_LP)));
        assertEquals(List.of("f1", "v1", "f2", "2"), texts(Listpack.decode(REDIS_HASH_LP)));
    }

    @Test
    void listpackRoundTripsEveryEncodingWidth() throws Exception {
        List<String> values = List.of("0", "127", "128", "-1", "-4096", "4095", "4096", "-32768", "32767", "32768",
                "-8388608", "8388607", "8388608", "-2147483648", "2147483647", "2147483648",
                "9223372036854775807", "-9223372036854775808", "9223372036854775808", "007", "-0", "+1", "1.5", "",
                "x".repeat(63), "y".repeat(64), "z".repeat(4095), "w".repeat(4096), "v".repeat(70000));
        Listpack.Builder builder = new Listpack.Builder();
        int expectedSize = 7;
        for (String v : values) {
            expectedSize += builder.entrySize(b(v));
            builder.add(v);
        }
        byte[] lp = builder.build();
        assertEquals(expectedSize, lp.length);
        assertEquals(values, texts(Listpack.decode(lp)));
    }

    @Test
    void listpackWithABadHeaderOrTruncatedEntryIsRefused() {
        byte[] lp = new Listpack.Builder().add("hello").add("12345").build();
        byte[] badTotal = lp.clone();
        badTotal[0]++;
        assertThrows(RdbFormatException.class, () -> Listpack.decode(badTotal));
        byte[] badCount = lp.clone();
        badCount[4] = 3;
        assertThrows(RdbFormatException.class, () -> Listpack.decode(badCount));
        byte[] badLength = lp.clone();
        badLength[6] = (byte) (0x80 | 40); // string length beyond the end
        assertThrows(RdbFormatException.class, () -> Listpack.decode(badLength));
        byte[] badBacklen = lp.clone();
        badBacklen[6 + 1 + 5] = 9;
        assertThrows(RdbFormatException.class, () -> Listpack.decode(badBacklen));
    }

    @Test
    void intsetMatchesRedisBytesAndRoundTrips() throws Exception {
        assertArrayEquals(REDIS_INTSET, Intset.encode(new long[]{3, 1, 2}));
        assertArrayEquals(new long[]{1, 2, 3}, Intset.decode(REDIS_INTSET));
        long[] wide = {Long.MIN_VALUE, -70000, 5, 1L << 40};
        assertArrayEquals(wide, Intset.decode(Intset.encode(wide)));
        byte[] blob = Intset.encode(new long[]{-70000, 5});
        assertEquals(4, blob[0]);
        assertArrayEquals(new long[]{-70000, 5}, Intset.decode(blob));
    }

    @Test
    void unsortedOrTruncatedIntsetIsRefused() {
        byte[] unsorted = HexFormat.of().parseHex("0200000003000000030002000100");
        assertThrows(RdbFormatException.class, () -> Intset.decode(unsorted));
        byte[] shortBlob = HexFormat.of().parseHex("02000000030000000100020003");
        assertThrows(RdbFormatException.class, () -> Intset.decode(shortBlob));
        byte[] badWidth = HexFormat.of().parseHex("0300000001000000010000");
        assertThrows(RdbFormatException.class, () -> Intset.decode(badWidth));
    }

    @Test
    void ziplistFromTheRedisDocumentationDecodes() throws Exception {
        // ziplist.c: "[0f 00 00 00] [0c 00 00 00] [02 00] [00 f3] [02 f6] [ff]" holds 2 and 5.
        byte[] zl = HexFormat.of().parseHex("0f0000000c0000000200" + "00f3" + "02f6" + "ff");
        assertEquals(List.of("2", "5"), texts(Ziplist.decode(zl)));
    }

    @Test
    void ziplistDecodesEveryEncoding() throws Exception {
        byte[] zl = TestBlobs.ziplist("hello", "x".repeat(300), "12", "-5", "300", "-70000", "8000000", "5000000000",
                "y".repeat(20000));
        assertEquals(List.of("hello", "x".repeat(300), "12", "-5", "300", "-70000", "8000000", "5000000000",
                "y".repeat(20000)), texts(Ziplist.decode(zl)));
    }

    @Test
    void zipmapDecodes() throws Exception {
        byte[] zm = TestBlobs.zipmap("foo", "bar", "hello", "world");
        assertEquals(List.of("foo", "bar", "hello", "world"), texts(Zipmap.decode(zm)));
    }

    @Test
    void canonicalIntegerParsingFollowsString2ll() {
        long[] out = new long[1];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            byte[] text = b(Long.toString(v));
            assertEquals(true, RdbNumbers.parseLong(text, 0, text.length, out));
            assertEquals(v, out[0]);
        }
        for (String bad : List.of("", "-", "-0", "01", "+1", " 1", "1 ", "9223372036854775808",
                "-9223372036854775809", "1a", "99999999999999999999")) {
            assertEquals(false, RdbNumbers.parseLong(b(bad), 0, bad.length(), out), bad);
        }
    }
}
