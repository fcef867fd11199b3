package io.vigil.node.rdb;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable file replacement as Redis does it for dump.rdb and AOF bases: write a temp file in the
 * same directory, flush and fsync it, rename it over the target, then fsync the directory so the
 * rename itself survives a crash.
 */
public final class RdbFiles {
    private RdbFiles() {
    }

    /** Writes something into a file. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Which step failed, for Redis's "Write error saving DB on disk(step): reason" line. */
    public static final class StepFailure extends IOException {
        private final String step;

        StepFailure(String step, IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
            this.step = step;
        }

        public String step() {
            return step;
        }
    }

    /** Writes and fsyncs {@code temp} (in the target's directory), without renaming it. */
    public static void writeSynced(Path temp, Body body) throws IOException {
        try (FileOutputStream file = new FileOutputStream(temp.toFile())) {
            OutputStream out = new BufferedOutputStream(file, 1 << 16);
            try {
                body.write(out);
                out.flush();
            } catch (IOException e) {
                throw e instanceof StepFailure ? e : new StepFailure("rdbSaveRio", e);
            }
            try {
                file.getChannel().force(true);
            } catch (IOException e) {
                throw new StepFailure("fsync", e);
            }
        }
    }

    /** Renames {@code temp} over {@code target} and fsyncs the directory. */
    public static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /** fsync of a directory, so that a rename or a new file in it is durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on directories; Redis ignores EINVAL/EBADF there too.
            if (!Files.isDirectory(dir)) {
                throw new StepFailure("fsyncFileDir", e);
            }
        }
    }
}
