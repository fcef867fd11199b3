package io.vigil.conf;

/**
 * Thrown by an {@link ApplyHook} to veto a CONFIG SET; the reason becomes the tail of Redis's reply,
 * e.g. "Unable to listen on this port. Check server logs.".
 */
public final class ApplyException extends Exception {
    public ApplyException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
