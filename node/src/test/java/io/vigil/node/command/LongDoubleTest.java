package io.vigil.node.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** INCRBYFLOAT arithmetic: expectations recorded from redis-server 7.0.15 on x86-64 (80-bit long double). */
class LongDoubleTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
            "10.5, 0.1, 10.6",
            "0.1, 0.2, 0.3",
            "1e20, 1, 100000000000000000000",
            "3, 1.5, 4.5",
            "-1, 1, 0",
            "1.1, -1.1, 0",
            "5.0e3, 0, 5000",
            "1e-20, 0, 0",
            "123456789.123456789, 0, 123456789.12345678899873747",
            "0x10, 0.5, 16.5",
            "1, 1e-17, 1.00000000000000001",
            "1, 1e-18, 1",
            "9007199254740993, 0, 9007199254740993",
            "0.3, 0.6, 0.9",
            "-0.000000000000000001, 0, 0",
            "100, -0.01, 99.99",
            "1.5e-10, 2, 2.00000000015",
            "3.14159265358979323846, 0, 3.14159265358979324"})
    void sumsPrintLikeRedis(String value, String increment, String expected) {
        BigDecimal a = LongDouble.parse(b(value));
        BigDecimal c = LongDouble.parse(b(increment));
        assertNotNull(a);
        assertNotNull(c);
        assertEquals(expected, LongDouble.format(LongDouble.add(a, c)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"abc", "' 1'", "'1 '", "''", "1e5000", "1e-5000", "nan", "1.5d", "0x"})
    void invalidNumbersAreRefused(String text) {
        assertNull(LongDouble.parse(b(text)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"inf", "-inf", "Infinity"})
    void infinitiesParseButCannotBeSummed(String text) {
        assertSame(LongDouble.INFINITE, LongDouble.parse(b(text)));
        assertNull(LongDouble.add(LongDouble.INFINITE, BigDecimal.ONE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1.5, 1.5", "'(1', 1", "inf, Infinity", "-inf, -Infinity", "'', 0", "' 2', 2", "0x10, 16", "1e400, Infinity"})
    void scoreRangesParseLikeStrtod(String text, String expected) {
        assertEquals(Double.parseDouble(expected), Args.scoreRange(b(text), b("1")).min());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1e400", "1e-400", "nan", "' 1'", "'1 '", "''", "1.5f", "abc"})
    void scoresRefuseWhatGetDoubleFromObjectRefuses(String text) {
        assertEquals(Double.NaN, Args.parseDouble(b(text)));
    }
}
