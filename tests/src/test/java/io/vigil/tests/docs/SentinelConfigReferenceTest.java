package io.vigil.tests.docs;

import io.vigil.conf.ConfigException;
import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.core.MasterConfig;
import io.vigil.sentinel.runtime.SentinelConfigLoader;
import io.vigil.sentinel.runtime.SentinelSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's sentinel.conf reference against the sentinel's config loader: every directive the
 * tables list loads (with sample arguments for its placeholders), and the defaults the tables
 * state are the ones a sentinel.conf without those lines gets.
 */
class SentinelConfigReferenceTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]*(?:\\\\\\|[^|]*)*) \\|");

    @TempDir
    Path dir;

    /** directive text (as written in the first column) to its default cell, for the section's tables. */
    private static Map<String, String> rows() throws IOException {
        String readme = Files.readString(DocsConsistencyTest.root().resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("### vigil-sentinel (sentinel.conf)");
        assertTrue(start >= 0, "README has no sentinel.conf reference");
        int end = readme.indexOf("\n### ", start + 1);
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : readme.substring(start, end).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1).replace("\\|", "|"), m.group(2).strip());
            }
        }
        return rows;
    }

    /** A config line for a documented directive: placeholders replaced by valid sample values. */
    private String sample(String directive) throws IOException {
        Path script = dir.resolve("script.sh");
        if (!Files.exists(script)) {
            Files.writeString(script, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String first = directive.split(" ")[0];
        String line = directive
                .replace("<name>", "mymaster").replace("<ip>", "127.0.0.1").replace("<port>", "6379")
                .replace("<quorum>", "2").replace("<ms>", "1000").replace("<n>", "1")
                .replace("<password>", "secret").replace("<user>", "someone").replace("<command>", "config")
                .replace("<new-name>", "cfg").replace("<addr> ...", "127.0.0.1").replace("<addr>", "127.0.0.1")
                .replace("<level>", "notice").replace("<token>", "token").replace("yes|no", "yes");
        if (first.equals("dir")) {
            return "dir " + dir;
        }
        if (directive.contains("-script ")) {
            return line.replace("<path>", script.toString());
        }
        return line.replace("<path>", dir.resolve("some-file").toString());
    }

    private SentinelSettings load(String body) throws IOException, ConfigException {
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, body);
        return SentinelConfigLoader.load(conf, List.of());
    }

    @Test
    void everyDocumentedDirectiveLoads() throws Exception {
        List<String> refused = new ArrayList<>();
        for (String directive : rows().keySet()) {
            if (!directive.contains("<") && !directive.contains("|") || directive.startsWith("sentinel monitor")) {
                continue; // "protected-mode" and the like: rows that describe, not lines to write
            }
            String line = sample(directive);
            try {
                load("sentinel monitor mymaster 127.0.0.1 6379 2\n" + line + "\n");
            } catch (ConfigException e) {
                refused.add(line + "  ->  " + e.getMessage());
            }
        }
        assertEquals(List.of(), refused, "documented directives the loader refuses");
    }

    @Test
    void theCheckCanFail() {
        assertThrows(ConfigException.class,
                () -> load("sentinel monitor mymaster 127.0.0.1 6379 2\nsentinel no-such-directive mymaster 1\n"));
    }

    @Test
    void documentedDefaultsAreTheLoadersDefaults() throws Exception {
        Map<String, String> rows = rows();
        SentinelSettings s = load("sentinel monitor mymaster 127.0.0.1 6379 2\n");
        MasterConfig m = s.masters().get(0).config();
        assertEquals("`" + s.port() + "`", rows.get("port <n>"));
        assertTrue(s.bind().isEmpty(), "no bind line: every interface");
        assertEquals("`" + s.logLevel().name().toLowerCase() + "`", rows.get("loglevel <level>"));
        assertEquals(LogLevel.NOTICE, s.logLevel());
        assertTrue(s.logfile().isEmpty());
        assertTrue(rows.get("logfile <path>").startsWith("`\"\"`"));
        assertEquals("`" + m.downAfterMillis() + "`", rows.get("sentinel down-after-milliseconds <name> <ms>"));
        assertEquals("`" + m.failoverTimeoutMillis() + "`", rows.get("sentinel failover-timeout <name> <ms>"));
        assertEquals("`" + m.parallelSyncs() + "`", rows.get("sentinel parallel-syncs <name> <n>"));
        assertEquals(0, m.masterRebootDownAfterPeriodMillis());
        assertTrue(rows.get("sentinel master-reboot-down-after-period <name> <ms>").startsWith("`0`"));
        assertEquals(s.denyScriptsReconfig() ? "`yes`" : "`no`", rows.get("sentinel deny-scripts-reconfig yes|no"));
        assertEquals(s.resolveHostnames() ? "`yes`" : "`no`", rows.get("sentinel resolve-hostnames yes|no"));
        assertEquals(s.announceHostnames() ? "`yes`" : "`no`", rows.get("sentinel announce-hostnames yes|no"));
        assertEquals(0, s.announcePort());
        assertTrue(rows.get("sentinel announce-port <port>").startsWith("`0`"));
        assertEquals(0, s.httpPort());
        assertTrue(rows.get("http-port <n>").startsWith("`0`"));
        assertEquals("`" + s.httpBind() + "`", rows.get("http-bind <addr>"));
        assertTrue(s.httpAuthToken().isEmpty());
        assertFalse(rows.get("http-auth-token <token>").isEmpty());
    }
}
