package io.vigil.node.resp;

/**
 * The request limits Redis enforces while parsing (networking.c). Read on every request so that
 * CONFIG SET proto-max-bulk-len takes effect at once.
 */
public interface RespLimits {
    /** Redis's PROTO_INLINE_MAX_SIZE: an inline request or a count line longer than this is refused. */
    int INLINE_MAX_BYTES = 64 * 1024;
    /** Before authentication a multibulk may have at most this many elements. */
    int UNAUTHENTICATED_MAX_MULTIBULK = 10;
    /** Before authentication a bulk may be at most this long. */
    int UNAUTHENTICATED_MAX_BULK = 16384;

    long maxBulkBytes();

    /** True while the connection still has to authenticate (tighter limits apply). */
    boolean authenticationPending();

    /** Masters' replication streams are exempt from the bulk limit, as in Redis. */
    default boolean exempt() {
        return false;
    }

    RespLimits DEFAULT = new RespLimits() {
        @Override
        public long maxBulkBytes() {
            return 512L * 1024 * 1024;
        }

        @Override
        public boolean authenticationPending() {
            return false;
        }
    };
}
