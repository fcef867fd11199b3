package io.vigil.sentinel.observe;

import io.vigil.sentinel.core.EventLevel;
import io.vigil.sentinel.core.SentinelEvent;

/** Events shaped exactly as the brain emits them, for master "mymaster" at 127.0.0.1:6379. */
final class Events {
    static final String M = "master mymaster 127.0.0.1 6379";
    static final String AT = " @ mymaster 127.0.0.1 6379";

    private Events() {
    }

    static SentinelEvent master(String type) {
        return new SentinelEvent(type, EventLevel.WARNING, M, "mymaster", true);
    }

    static SentinelEvent master(String type, String extra) {
        return new SentinelEvent(type, EventLevel.WARNING, M + " " + extra, "mymaster", true);
    }

    static SentinelEvent replica(String type, int port) {
        return new SentinelEvent(type, EventLevel.WARNING,
                "slave 127.0.0.1:" + port + " 127.0.0.1 " + port + AT, "mymaster", true);
    }

    static SentinelEvent newEpoch(long epoch) {
        return new SentinelEvent("+new-epoch", EventLevel.WARNING, Long.toString(epoch), null, false);
    }

    static SentinelEvent vote(String leader, long epoch) {
        return new SentinelEvent("+vote-for-leader", EventLevel.WARNING, leader + " " + epoch, "mymaster", true);
    }

    static SentinelEvent switchMaster(int oldPort, int newPort) {
        return new SentinelEvent("+switch-master", EventLevel.WARNING,
                "mymaster 127.0.0.1 " + oldPort + " 127.0.0.1 " + newPort, "mymaster", true);
    }

    static SentinelEvent text(String type, String text) {
        return new SentinelEvent(type, EventLevel.WARNING, text, null, false);
    }
}
