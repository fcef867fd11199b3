package io.vigil.conf;

/**
 * CONFIG SET failed. {@link #getMessage()} is the whole error reply without the leading '-', e.g.
 * {@code ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value}.
 */
public final class ConfigSetException extends Exception {
    public ConfigSetException(String errorReply) {
        super(errorReply, null, false, false);
    }

    /** The error reply text (starts with the error code, "ERR" or "LOADING"). */
    public String errorReply() {
        return getMessage();
    }
}
