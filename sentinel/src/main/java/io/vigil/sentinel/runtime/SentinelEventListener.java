package io.vigil.sentinel.runtime;

import io.vigil.sentinel.core.SentinelEvent;

/** An observer of the events a sentinel emits, called on its event-loop thread. */
@FunctionalInterface
public interface SentinelEventListener {
    /** @param atMillis the daemon's monotonic clock when the event was emitted */
    void onEvent(long atMillis, SentinelEvent event);
}
