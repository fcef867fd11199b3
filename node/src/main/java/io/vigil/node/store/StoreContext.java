package io.vigil.node.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the databases of one keyspace share: encoding limits, listeners, and the copy-on-write
 * state of snapshots (the current epoch and how many snapshots are open).
 */
final class StoreContext {
    final EncodingLimits limits = new EncodingLimits();
    KeyModificationListener[] modificationListeners = new KeyModificationListener[0];
    KeyAddedListener[] keyAddedListeners = new KeyAddedListener[0];
    /** Bumped when a snapshot starts; values stamped with an older epoch are copied before a write. */
    int epoch;
    /** The access clock of the latest lookup: new keys get it without another clock read. */
    int clock = accessClock(System.currentTimeMillis());
    /** Open snapshots; closed from any thread (the saver), read on the event loop. */
    final AtomicInteger openSnapshots = new AtomicInteger();
    /** Clock base for access times: seconds are stored relative to it so they fit an int. */
    static final long ACCESS_BASE_SECONDS = 1_600_000_000L;

    boolean copyOnWrite(MutableValue value) {
        return value.epoch < epoch && openSnapshots.get() > 0;
    }

    void stamp(Object value) {
        if (value instanceof MutableValue m && m.epoch == MutableValue.UNSTAMPED) {
            m.epoch = epoch;
        }
    }

    static int accessClock(long nowMillis) {
        return (int) (nowMillis / 1000 - ACCESS_BASE_SECONDS);
    }
}
