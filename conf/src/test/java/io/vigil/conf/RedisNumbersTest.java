package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisNumbersTest {

    @ParameterizedTest
    @CsvSource({"1,1", "1b,1", "12B,12", "1k,1000", "1K,1000", "1kb,1024", "1KB,1024", "1m,1000000",
            "1mb,1048576", "1g,1000000000", "1gb,1073741824", "1Gb,1073741824", "'',0", "kb,0",
            "99999999999999999999999,-1", "18446744073709551615,-1"})
    void memoryUnitsFollowMemtoull(String in, long expected) {
        assertEquals(OptionalLong.of(expected), RedisNumbers.memtoull(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", " 5", "+5", "1.5mb", "1tb", "1kbb", "20000000000gb"})
    void badMemoryValuesAreRejected(String in) {
        assertTrue(RedisNumbers.memtoull(in).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0080", "-0", "+5", " 5", "5 ", "", "-", "9223372036854775808", "1e3", "00"})
    void string2llIsStrict(String in) {
        assertTrue(RedisNumbers.string2ll(in).isEmpty());
    }

    @Test
    void string2llAcceptsTheFullRange() {
        assertEquals(OptionalLong.of(Long.MIN_VALUE), RedisNumbers.string2ll("-9223372036854775808"));
        assertEquals(OptionalLong.of(0), RedisNumbers.string2ll("0"));
        assertEquals(OptionalLong.of(-2), RedisNumbers.string2ll("-2"));
    }

    @Test
    void strtollBehavesLikeC() {
        assertEquals(new RedisNumbers.StrtollResult(7, true), RedisNumbers.strtoll(" +7", 10));
        assertEquals(new RedisNumbers.StrtollResult(0, true), RedisNumbers.strtoll("", 10));
        assertFalse(RedisNumbers.strtoll("12x", 10).fullyConsumed());
        assertFalse(RedisNumbers.strtoll(" ", 10).fullyConsumed());
        assertEquals(Long.MAX_VALUE, RedisNumbers.strtoll("99999999999999999999", 10).value());
        assertEquals(0777, RedisNumbers.strtoll("777", 8).value());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "1024,1kb", "3072,3kb", "1048576,1mb", "1073741824,1gb", "1025,1025", "-1,-1",
            "16384,16kb", "2147483648,2gb"})
    void rewriteFormatsMemoryWithBinaryUnits(long bytes, String expected) {
        assertEquals(expected, RedisNumbers.formatMemory(bytes));
    }

    @ParameterizedTest
    @CsvSource({"50,50", "99.9,99.9", "10,10", "33.333333333,33.333333", "0.5,0.5", "100,100"})
    void percentilesPrintLikePercentF(double d, String expected) {
        assertEquals(expected, RedisNumbers.formatPercentile(d));
    }
}
