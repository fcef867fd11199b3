package io.vigil.sentinel;

import io.vigil.node.server.ServerLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line refuses to start like redis-sentinel: no config file, read-only file, bad config. */
class SentinelMainTest {
    @TempDir
    Path dir;
    private final PrintStream err = System.err;

    @AfterEach
    void restore() {
        System.setErr(err);
        ServerLog.get().redirect(System.out);
    }

    @Test
    void refusesToStartWithoutAConfigFile() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ServerLog.get().redirect(log);
        assertEquals(1, SentinelMain.run(new String[0]));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains(
                "# Sentinel needs config file on disk to save state. Exiting..."), log.toString());
    }

    @Test
    void refusesAConfigFileItCannotWrite() throws Exception {
        Path f = dir.resolve("missing.conf");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ServerLog.get().redirect(log);
        assertEquals(1, SentinelMain.run(new String[] {f.toString()}));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("Sentinel config file " + f
                + " is not writable: No such file or directory. Exiting..."), log.toString());
    }

    @Test
    void configErrorPrintsRedisFatalBlockWithFileAndLine() throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "port 26379\nsentinel monitor m 127.0.0.1 6379 0\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(1, SentinelMain.run(new String[] {f.toString()}));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***"), out);
        assertTrue(out.contains("Reading the configuration file, at line 2"), out);
        assertTrue(out.contains(">>> 'sentinel monitor m 127.0.0.1 6379 0'"), out);
        assertTrue(out.contains(f + ":2: Quorum must be 1 or greater."), out);
    }
}
