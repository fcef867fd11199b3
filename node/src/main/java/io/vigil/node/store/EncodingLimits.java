package io.vigil.node.store;

/**
 * The size thresholds that decide when a compact encoding converts to the general one, as Redis's
 * {@code *-max-listpack-*} and {@code set-max-intset-entries} directives (defaults are redis-server's compiled-in values, e.g. 512 hash entries).
 * Conversion is one-way, as in Redis: lowering a limit does not convert existing values back.
 * The config wiring sets these fields on the event-loop thread.
 */
public final class EncodingLimits {
    /** list-max-listpack-size (Redis 7.0 always reports lists as quicklist; kept for CONFIG). */
    public int listMaxListpackSize = -2;
    /** list-compress-depth (no effect on behaviour; kept for CONFIG). */
    public int listCompressDepth = 0;
    public int hashMaxListpackEntries = 512;
    public int hashMaxListpackValue = 64;
    public int setMaxIntsetEntries = 512;
    public int zsetMaxListpackEntries = 128;
    public int zsetMaxListpackValue = 64;

    /** The intset limit as Redis applies it (capped at 2^30 by intset's internals). */
    public int effectiveSetMaxIntsetEntries() {
        return Math.min(setMaxIntsetEntries, 1 << 30);
    }
}
