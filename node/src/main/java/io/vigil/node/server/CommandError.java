package io.vigil.node.server;

/**
 * Thrown by a command (or code deep under it) to reply with an error and stop. The message is the
 * full error text with its code, e.g. {@code WRONGTYPE Operation against a key holding the wrong
 * kind of value}. No stack trace is filled in: this is control flow, not a bug.
 */
public final class CommandError extends RuntimeException {
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";

    public CommandError(String message) {
        super(message, null, false, false);
    }

    public static CommandError wrongType() {
        return new CommandError(WRONGTYPE);
    }

    public static CommandError syntax() {
        return new CommandError(SYNTAX);
    }
}
