package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesContentAndKeepsTheFileMode() throws Exception {
        Path f = dir.resolve("a.conf");
        Files.writeString(f, "old\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.write(f, "new\n");
        assertEquals("new\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of("a.conf"), names());
    }

    @Test
    void newFilesGet0644() throws Exception {
        Path f = dir.resolve("b.conf");
        AtomicFiles.write(f, "x\n");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void bytesRoundTrip() throws Exception {
        Path f = dir.resolve("c.conf");
        String s = "k \"\u00ff\u0000\u0080\"\n";
        AtomicFiles.write(f, s);
        assertEquals(s, new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void aDirectoryTargetFailsWithIsADirectory() throws Exception {
        Path d = dir.resolve("d.conf");
        Files.createDirectory(d);
        ConfigSaveException e = assertThrows(ConfigSaveException.class, () -> AtomicFiles.write(d, "x\n"));
        assertEquals("Is a directory", e.reason());
        assertEquals("ERR Rewriting config file: Is a directory", e.rewriteErrorReply());
        assertEquals(List.of("d.conf"), names());
        NodeConfig c = NodeConfig.defaults(dir);
        assertEquals("Is a directory",
                assertThrows(ConfigSaveException.class, () -> c.rewriteFile(d, RewriteOptions.DEFAULT)).reason());
    }

    @Test
    void aMissingDirectoryFailsWithNoSuchFile() {
        ConfigSaveException e = assertThrows(ConfigSaveException.class,
                () -> AtomicFiles.write(dir.resolve("none/e.conf"), "x\n"));
        assertEquals("No such file or directory", e.reason());
    }

    /**
     * A read-only directory stops the temp file. Root ignores directory permissions, so this case is
     * skipped when the tests run as root (the directory-target case above covers the failure path).
     */
    @Test
    void aReadOnlyDirectoryFailsAndKeepsTheOldFile() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "running as root: permissions not enforced");
        Path sub = Files.createDirectory(dir.resolve("ro"));
        Path f = sub.resolve("f.conf");
        Files.writeString(f, "old\n");
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-x------"));
        try {
            ConfigSaveException e = assertThrows(ConfigSaveException.class, () -> AtomicFiles.write(f, "new\n"));
            assertEquals("Permission denied", e.reason());
            assertEquals("old\n", Files.readString(f));
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
