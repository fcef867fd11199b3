package io.vigil.node.rdb;

/** The file ended in the middle of a record (Redis's "Short read" case). */
public final class RdbTruncatedException extends RdbFormatException {
    public RdbTruncatedException(long offset) {
        super("Short read or OOM loading DB. Unrecoverable error, aborting now. (unexpected end of file at offset "
                + offset + ")");
    }
}
