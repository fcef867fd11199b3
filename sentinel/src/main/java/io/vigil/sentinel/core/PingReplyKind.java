package io.vigil.sentinel.core;

/**
 * How a PING reply counts (spec 4.5): PONG, LOADING and MASTERDOWN (status or error) are valid;
 * BUSY is invalid but triggers SCRIPT KILL while SDOWN; anything else is invalid.
 */
public enum PingReplyKind {
    PONG,
    LOADING,
    MASTERDOWN,
    BUSY,
    OTHER;

    public boolean valid() {
        return this == PONG || this == LOADING || this == MASTERDOWN;
    }

    /** Classify the text of a status or error reply (without the leading '+' or '-'). */
    public static PingReplyKind classify(String text) {
        if (text == null) {
            return OTHER;
        }
        if (text.startsWith("PONG")) {
            return PONG;
        }
        if (text.startsWith("LOADING")) {
            return LOADING;
        }
        if (text.startsWith("MASTERDOWN")) {
            return MASTERDOWN;
        }
        if (text.startsWith("BUSY")) {
            return BUSY;
        }
        return OTHER;
    }
}
