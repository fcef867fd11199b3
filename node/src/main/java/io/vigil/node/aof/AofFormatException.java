package io.vigil.node.aof;

/** An AOF or AOF manifest that cannot be loaded (bad format, unknown command, truncated tail not allowed). */
public final class AofFormatException extends Exception {
    public AofFormatException(String message) {
        super(message);
    }
}
