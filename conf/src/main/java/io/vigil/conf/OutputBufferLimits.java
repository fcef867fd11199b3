package io.vigil.conf;

/**
 * The three client-output-buffer-limit classes. Byte values are unsigned 64-bit held in longs.
 */
public record OutputBufferLimits(Limit normal, Limit replica, Limit pubsub) {

    /** Limits of one client class; 0 means no limit. */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {
    }

    /** Redis 7.0's defaults. */
    public static final OutputBufferLimits DEFAULTS = new OutputBufferLimits(
            new Limit(0, 0, 0),
            new Limit(256L * 1024 * 1024, 64L * 1024 * 1024, 60),
            new Limit(32L * 1024 * 1024, 8L * 1024 * 1024, 60));

    /** Limit by class index: 0 normal, 1 replica, 2 pubsub. */
    public Limit get(int clazz) {
        return switch (clazz) {
            case 0 -> normal;
            case 1 -> replica;
            case 2 -> pubsub;
            default -> throw new IllegalArgumentException("class " + clazz);
        };
    }

    OutputBufferLimits with(int clazz, Limit limit) {
        return new OutputBufferLimits(clazz == 0 ? limit : normal, clazz == 1 ? limit : replica,
                clazz == 2 ? limit : pubsub);
    }
}
