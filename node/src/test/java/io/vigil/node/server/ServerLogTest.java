package io.vigil.node.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerLogTest {
    private static final Pattern LINE =
            Pattern.compile("\\d+:[MSCX] (\\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) ([*#]) (.*)");

    @AfterEach
    void restore() {
        ServerLog.get().redirect(System.out);
    }

    @Test
    void everyLineCarriesRedisTimestampWithItsOwnMilliseconds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServerLog.get().redirect(out);
        LocalDateTime before = LocalDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.MILLIS);
        ServerLog.get().notice("first");
        long first = System.currentTimeMillis();
        while (System.currentTimeMillis() < first + 2) {
            Thread.onSpinWait(); // the second line must not reuse the first one's milliseconds
        }
        ServerLog.get().warning("second");
        LocalDateTime after = LocalDateTime.now(ZoneId.systemDefault());
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(2, lines.length);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);
        LocalDateTime previous = before;
        String[][] expected = {{"*", "first"}, {"#", "second"}};
        for (int i = 0; i < 2; i++) {
            Matcher m = LINE.matcher(lines[i]);
            assertTrue(m.matches(), lines[i]);
            LocalDateTime stamp = LocalDateTime.parse(m.group(1), format);
            assertTrue(!stamp.isBefore(previous) && !stamp.isAfter(after), lines[i] + " outside " + before + ".." + after);
            assertEquals(expected[i][0], m.group(2));
            assertEquals(expected[i][1], m.group(3));
            previous = stamp;
        }
        assertTrue(previous.isAfter(before), "the second line's stamp moved on");
    }
}
