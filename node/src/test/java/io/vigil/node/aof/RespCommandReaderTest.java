package io.vigil.node.aof;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RespCommandReaderTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] aof() {
        AofBuffer buffer = new AofBuffer();
        RespEncoding.encode(buffer, new byte[][]{b("SELECT"), b("0")});
        RespEncoding.encode(buffer, new byte[][]{b("set"), b("k"), b("v\r\nwith crlf")});
        buffer.writeAscii("#TS:1234\r\n");
        RespEncoding.encode(buffer, new byte[][]{b("INCR"), b("counter")});
        return buffer.toByteArray();
    }

    @Test
    void readsCommandsAndSkipsAnnotations() throws Exception {
        RespCommandReader reader = new RespCommandReader(new ByteArrayInputStream(aof()), 0);
        List<String> commands = new ArrayList<>();
        byte[][] argv;
        while ((argv = reader.next()) != null) {
            List<String> parts = new ArrayList<>();
            for (byte[] arg : argv) {
                parts.add(new String(arg, StandardCharsets.ISO_8859_1));
            }
            commands.add(String.join(" ", parts));
        }
        assertEquals(List.of("SELECT 0", "set k v\r\nwith crlf", "INCR counter"), commands);
        assertEquals(aof().length, reader.validUpTo());
    }

    @Test
    void everyCutInsideACommandIsTruncationAndKeepsTheLastGoodOffset() throws Exception {
        byte[] file = aof();
        int firstEnd = RespEncoding.encode(new byte[][]{b("SELECT"), b("0")}).length;
        for (int cut = firstEnd + 1; cut < file.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(file, cut);
            RespCommandReader reader = new RespCommandReader(new ByteArrayInputStream(truncated), 0);
            long lastGood = 0;
            try {
                while (reader.next() != null) {
                    lastGood = reader.validUpTo();
                }
                // ended exactly at a command boundary (or after an annotation, which does not count)
                assertEquals(lastGood, reader.validUpTo(), "cut " + cut);
                assertEquals(true, cut == lastGood || cut == 72, "cut " + cut);
            } catch (RespCommandReader.Truncated expected) {
                assertEquals(lastGood, reader.validUpTo(), "cut " + cut);
            }
        }
    }

    @Test
    void garbageIsAFormatError() {
        assertThrows(AofFormatException.class,
                () -> new RespCommandReader(new ByteArrayInputStream(b("hello\r\n")), 0).next());
        assertThrows(AofFormatException.class,
                () -> new RespCommandReader(new ByteArrayInputStream(b("*1\r\nxx\r\n")), 0).next());
        assertThrows(AofFormatException.class,
                () -> new RespCommandReader(new ByteArrayInputStream(b("*0\r\n")), 0).next());
    }
}
