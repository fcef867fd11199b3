package io.vigil.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code pidfile}: written at start, removed at shutdown, as Redis's createPidFile. */
public final class PidFile {
    private final Path path;

    public PidFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Writes the pid and a newline; a failure is logged by the caller and is not fatal, as in Redis. */
    public void write() throws IOException {
        Files.write(path, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Redis ignores unlink errors too.
        }
    }
}
