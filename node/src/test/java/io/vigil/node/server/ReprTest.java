package io.vigil.node.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReprTest {
    @Test
    void escapesAsSdscatrepr() {
        byte[] bytes = {'a', '"', '\\', '\n', '\r', '\t', 7, 8, 0, 0x1f, 0x7f, (byte) 0x80, (byte) 0xff, ' ', '~'};
        assertEquals("\"a\\\"\\\\\\n\\r\\t\\a\\b\\x00\\x1f\\x7f\\x80\\xff ~\"", Repr.of(bytes));
    }

    @Test
    void emptyStringIsTwoQuotes() {
        assertEquals("\"\"", Repr.of(new byte[0]));
    }
}
