package io.vigil.conf;

/** A directive value was rejected; the message is Redis's error text (e.g. "Invalid save parameters"). */
public final class InvalidValueException extends Exception {
    public InvalidValueException(String reason) {
        super(reason, null, false, false);
    }

    /** Redis's error text. */
    public String reason() {
        return getMessage();
    }
}
