package io.vigil.conf;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Writing a config file failed; the old file is left intact. {@link #reason()} is a C strerror-style
 * text ("Permission denied", "Is a directory", ...) so the node can reply
 * {@code ERR Rewriting config file: <reason>} like Redis.
 */
public final class ConfigSaveException extends IOException {
    private final String reason;

    public ConfigSaveException(String path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.reason = reason;
    }

    /** The strerror-style reason. */
    public String reason() {
        return reason;
    }

    /** Redis's CONFIG REWRITE error reply (without '-'). */
    public String rewriteErrorReply() {
        return "ERR Rewriting config file: " + reason;
    }

    /** Maps a Java I/O failure to the text C's strerror would give. */
    static String strerror(IOException e) {
        if (e instanceof ConfigSaveException c) {
            return c.reason();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
