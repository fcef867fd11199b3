package io.vigil.conf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file replacement: write a temp file next to the target, fsync it, give it the target's
 * permissions (0644 for a new file), rename it over the target, then fsync the directory. On any
 * failure the temp file is removed and the old file is untouched.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code content} encoded as ISO-8859-1 (bytes round-trip). */
    public static void write(Path target, String content) throws ConfigSaveException {
        write(target, content.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws ConfigSaveException {
        Path abs = target.toAbsolutePath();
        String shown = target.toString();
        if (Files.isDirectory(abs)) {
            throw new ConfigSaveException(shown, "Is a directory", null);
        }
        Path dir = abs.getParent();
        Set<PosixFilePermission> mode = NEW_FILE_MODE;
        try {
            if (Files.exists(abs)) {
                mode = Files.getPosixFilePermissions(abs);
            }
        } catch (UnsupportedOperationException | IOException e) {
            mode = NEW_FILE_MODE;
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, abs.getFileName().toString() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.setPosixFilePermissions(tmp, mode);
            } catch (UnsupportedOperationException e) {
                // Not a POSIX filesystem: keep the default mode.
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new ConfigSaveException(shown, ConfigSaveException.strerror(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: the temp name is unique and harmless.
                }
            }
        }
    }

    private static void fsyncDirectory(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or sync a directory; the rename itself already happened.
        }
    }
}
