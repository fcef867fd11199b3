package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArgSplitterTest {

    static List<Arguments> splits() {
        return List.of(
                Arguments.of("port 6379", List.of("port", "6379")),
                Arguments.of("  save   900 1  ", List.of("save", "900", "1")),
                Arguments.of("a\tb", List.of("a", "b")),
                Arguments.of("requirepass \"a b\"", List.of("requirepass", "a b")),
                Arguments.of("x \"\\n\\r\\t\\b\\a\\\\\\\"\"", List.of("x", "\n\r\t\b\u0007\\\"")),
                Arguments.of("x \"\\x41\\x7a\\xff\"", List.of("x", "Az\u00ff")),
                Arguments.of("x \"\\x4\"", List.of("x", "x4")),
                Arguments.of("x \"\\q\"", List.of("x", "q")),
                Arguments.of("x 'it\\'s'", List.of("x", "it's")),
                Arguments.of("x 'a\\nb'", List.of("x", "a\\nb")),
                Arguments.of("save \"\"", List.of("save", "")),
                Arguments.of("x ''", List.of("x", "")),
                Arguments.of("ab\"c d\"", List.of("abc d")),
                Arguments.of("x \"a\" 'b'", List.of("x", "a", "b")),
                Arguments.of("", List.of()),
                Arguments.of("   ", List.of()),
                Arguments.of("a b\u0000c d", List.of("a", "b")));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void splitsLikeSdssplitargs(String line, List<String> expected) {
        assertEquals(expected, ArgSplitter.split(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"port \"abc", "port 'abc", "port \"6380\"x", "port '6380'x", "x \"a\\\"", "x \"\\"})
    void unbalancedOrGluedQuotesAreRejected(String line) {
        assertNull(ArgSplitter.split(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a b", "quote\"d", "back\\slash", "nl\nx", "\u0007\b\t\r", "\u0000\u0001\u00ff\u007f", ""})
    void quoteRoundTripsThroughSplit(String value) {
        assertEquals(List.of("k", value), ArgSplitter.split("k " + ArgSplitter.quote(value)));
    }

    @org.junit.jupiter.api.Test
    void quoteMatchesSdscatrepr() {
        assertEquals("\"p\\\"w\\\\n\"", ArgSplitter.quote("p\"w\\n"));
        assertEquals("\"\\x00\\xff\\x7f\\a\"", ArgSplitter.quote("\u0000\u00ff\u007f\u0007"));
    }
}
