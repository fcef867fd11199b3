package io.vigil.sentinel.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SENTINEL DEBUG timing table, in Redis's order with Redis's defaults. Values are kept and
 * reported; only script-max-runtime and script-retry-delay reach the runtime today, the brain's
 * periods are fixed at start (see the report: the brain needs a settings setter).
 */
public final class DebugSettings {
    private final Map<String, Long> values = new LinkedHashMap<>();

    DebugSettings() {
        values.put("info-period", 10_000L);
        values.put("ping-period", 1000L);
        values.put("ask-period", 1000L);
        values.put("publish-period", 2000L);
        values.put("default-down-after", 30_000L);
        values.put("default-failover-timeout", 180_000L);
        values.put("tilt-trigger", 2000L);
        values.put("tilt-period", 30_000L);
        values.put("slave-reconf-timeout", 10_000L);
        values.put("min-link-reconnect-period", 15_000L);
        values.put("election-timeout", 10_000L);
        values.put("script-max-runtime", 60_000L);
        values.put("script-retry-delay", 30_000L);
    }

    /** Upper-case names as SENTINEL DEBUG prints them, in Redis's order. */
    public Map<String, Long> values() {
        return values;
    }

    public boolean known(String name) {
        return values.containsKey(name);
    }

    public void set(String name, long value) {
        values.put(name, value);
    }
}
