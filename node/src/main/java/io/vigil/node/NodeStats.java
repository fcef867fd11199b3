package io.vigil.node;

/**
 * Node-wide counters behind INFO stats that are not the kernel's: expired and evicted keys,
 * keyspace hits and misses. Data commands call {@link #hit()}/{@link #miss()} on lookups, as
 * Redis's lookupKeyRead does. Event-loop thread only.
 */
public final class NodeStats {
    private long expiredKeys;
    private long evictedKeys;
    private long keyspaceHits;
    private long keyspaceMisses;
    private final java.util.List<Runnable> resetListeners = new java.util.ArrayList<>();

    /** Features with their own INFO counters register here to take part in CONFIG RESETSTAT. */
    public void onReset(Runnable listener) {
        resetListeners.add(listener);
    }

    public void expired() {
        expiredKeys++;
    }

    public void evicted() {
        evictedKeys++;
    }

    public void hit() {
        keyspaceHits++;
    }

    public void miss() {
        keyspaceMisses++;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    public long evictedKeys() {
        return evictedKeys;
    }

    public long keyspaceHits() {
        return keyspaceHits;
    }

    public long keyspaceMisses() {
        return keyspaceMisses;
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        expiredKeys = 0;
        evictedKeys = 0;
        keyspaceHits = 0;
        keyspaceMisses = 0;
        for (Runnable listener : resetListeners) {
            listener.run();
        }
    }
}
