package io.vigil.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The INFO sections of a node in Redis 7.0's order, plus single counters other features own inside
 * the built-in sections (for example {@code sync_full} in Stats, from replication). Features
 * register at construction; the INFO command reads it on the event loop.
 */
public final class InfoRegistry {
    /** Redis 7.0's section order. */
    public static final List<String> ORDER = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");
    /** Sections INFO without arguments (or "default") leaves out. */
    public static final List<String> NOT_DEFAULT = List.of("commandstats", "latencystats");

    private final Map<String, InfoSection> builtIn = new LinkedHashMap<>();
    private final Map<String, InfoSection> provided = new LinkedHashMap<>();
    private final Map<String, LongSupplier> counters = new HashMap<>();

    /** Vigil's own implementation of a standard section (used unless a feature provides one). */
    public void registerBuiltIn(InfoSection section) {
        builtIn.put(section.name().toLowerCase(Locale.ROOT), section);
    }

    /** A feature's section; replaces the built-in one with the same name. */
    public void register(InfoSection section) {
        provided.put(section.name().toLowerCase(Locale.ROOT), section);
    }

    /** A counter printed by a built-in section (e.g. "sync_full"); absent counters print 0. */
    public void counter(String field, LongSupplier value) {
        counters.put(field, value);
    }

    public long counter(String field) {
        LongSupplier supplier = counters.get(field);
        return supplier == null ? 0 : supplier.getAsLong();
    }

    public boolean hasCounter(String field) {
        return counters.containsKey(field);
    }

    public InfoSection section(String name) {
        InfoSection section = provided.get(name);
        return section != null ? section : builtIn.get(name);
    }

    /** Every section name in output order: Redis's order, then extra sections in registration order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(ORDER);
        for (String name : builtIn.keySet()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        for (String name : provided.keySet()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
