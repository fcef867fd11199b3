package io.vigil.sentinel.core;

/**
 * One event: {@code type} is the pub/sub channel and log word ({@code +sdown}), {@code text} the
 * payload exactly as Redis publishes it ({@code master mymaster 127.0.0.1 6379}).
 *
 * @param masterName  the master the event concerns (for the notification script), or null
 * @param instance    true when the event concerns an instance (spec 3.1 rule 3)
 */
public record SentinelEvent(String type, EventLevel level, String text, String masterName, boolean instance) {
    /** The log message: {@code <type> <text>}. */
    public String message() {
        return type + " " + text;
    }

    @Override
    public String toString() {
        return message();
    }
}
