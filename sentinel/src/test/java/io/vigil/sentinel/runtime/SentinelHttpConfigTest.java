package io.vigil.sentinel.runtime;

import io.vigil.conf.ConfigException;
import io.vigil.sentinel.core.PersistedState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The http-port / http-bind / http-auth-token directives of sentinel.conf and the command line. */
class SentinelHttpConfigTest {
    @TempDir
    Path dir;

    private SentinelSettings load(String content, String... overrides) throws Exception {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, content);
        return SentinelConfigLoader.load(f, List.of(overrides));
    }

    @Test
    void httpListenerIsOffAndLoopbackByDefault() throws Exception {
        SentinelSettings s = load("sentinel monitor m 127.0.0.1 6379 2\n");
        assertEquals(0, s.httpPort());
        assertEquals("127.0.0.1", s.httpBind());
        assertEquals("", s.httpAuthToken());
    }

    @Test
    void httpDirectivesLoadFromTheFileAndTheCommandLineWins() throws Exception {
        SentinelSettings s = load("http-port 9121\nhttp-bind ::1\nhttp-auth-token s3cret\n", "--http-port", "9122");
        assertEquals(9122, s.httpPort());
        assertEquals("::1", s.httpBind());
        assertEquals("s3cret", s.httpAuthToken());
    }

    @Test
    void badHttpPortIsAConfigErrorWithTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("port 26379\nhttp-port 70000\n"));
        assertEquals("argument must be between 0 and 65535 inclusive", e.reason());
        assertEquals(2, e.sourceLine());
    }

    @Test
    void nonLoopbackBindWithoutTokenIsRefusedAtLoad() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("http-port 9121\nhttp-bind 0.0.0.0\n"));
        assertTrue(e.reason().startsWith("http-bind 0.0.0.0 is not loopback: set http-auth-token"), e.reason());
        assertEquals(9121, load("http-port 9121\nhttp-bind 0.0.0.0\nhttp-auth-token t\n").httpPort());
        // Off: the bind is never used, so it is not checked.
        assertEquals(0, load("http-port 0\nhttp-bind 0.0.0.0\n").httpPort());
    }

    @Test
    void rewriteKeepsTheHttpLines() throws Exception {
        String old = "port 26379\nhttp-port 9121\nhttp-bind 127.0.0.1\nhttp-auth-token s3cret\n"
                + "sentinel monitor m 127.0.0.1 6379 2\n";
        SentinelSettings s = load(old);
        String out = SentinelConfigWriter.rewrite(old, s, new PersistedState("d".repeat(40), 0, s.masters()),
                s.masterOptions());
        assertTrue(out.startsWith("port 26379\nhttp-port 9121\nhttp-bind 127.0.0.1\nhttp-auth-token s3cret\n"), out);
        Files.writeString(dir.resolve("s.conf"), out);
        assertEquals(9121, SentinelConfigLoader.load(dir.resolve("s.conf"), List.of()).httpPort());
    }
}
