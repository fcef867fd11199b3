package io.vigil.sentinel.core;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Link state of one address, shared by every instance at that address (Redis shares sentinel
 * links; sharing master/replica links too is harmless since one address is one process).
 * Times are Redis's instanceLink fields.
 */
final class Link {
    final Address address;
    int refcount;
    boolean pubsub;
    boolean connected;
    long connectedAtMillis;
    /** Time of the first PING still unanswered (act_ping_time), 0 if none. */
    long actPingTimeMillis;
    long lastPingTimeMillis;
    /** Last reply of any kind to PING. */
    long lastPongTimeMillis;
    /** Last valid PING reply. */
    long lastAvailTimeMillis;
    final Set<Long> pendingIds = new LinkedHashSet<>();

    Link(Address address, long nowMillis) {
        this.address = address;
        // A new link counts as an unanswered PING sent now (spec 4.5), so an instance that never
        // answers is SDOWN down-after ms after it was added.
        this.actPingTimeMillis = nowMillis;
        this.lastAvailTimeMillis = nowMillis;
        this.lastPongTimeMillis = nowMillis;
    }
}
