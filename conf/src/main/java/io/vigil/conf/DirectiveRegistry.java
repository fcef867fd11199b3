package io.vigil.conf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table of directives with case-insensitive lookup by name or alias, in a fixed order (which is the
 * order of CONFIG GET results and of lines appended by CONFIG REWRITE).
 */
public final class DirectiveRegistry {
    /** Directives Redis only knows in config files (not in CONFIG GET/SET). */
    public static final List<String> FILE_ONLY_DIRECTIVES =
            List.of("include", "rename-command", "user", "loadmodule", "sentinel");

    private final List<DirectiveSpec> specs;
    private final Map<String, DirectiveSpec> byName = new LinkedHashMap<>();
    private final List<String> registeredNames = new ArrayList<>();

    public DirectiveRegistry(List<DirectiveSpec> specs) {
        this.specs = List.copyOf(specs);
        for (DirectiveSpec s : this.specs) {
            register(s.name(), s);
            for (String a : s.aliases()) {
                register(a, s);
            }
        }
    }

    private void register(String name, DirectiveSpec spec) {
        String key = ArgSplitter.lower(name);
        if (byName.putIfAbsent(key, spec) != null) {
            throw new IllegalArgumentException("duplicate directive " + name);
        }
        registeredNames.add(name);
    }

    /** Finds a directive by its name or an alias, ignoring case. */
    public Optional<DirectiveSpec> lookup(String name) {
        return Optional.ofNullable(byName.get(ArgSplitter.lower(name)));
    }

    /** Primary directives in table order. */
    public List<DirectiveSpec> specs() {
        return specs;
    }

    /** Every name CONFIG GET knows (primary names and aliases), in table order. */
    public List<String> registeredNames() {
        return Collections.unmodifiableList(registeredNames);
    }

    /** True when {@code name} is an alias (not the primary name) of a directive. */
    public boolean isAlias(String name) {
        DirectiveSpec s = byName.get(ArgSplitter.lower(name));
        return s != null && !s.name().equalsIgnoreCase(name);
    }

    /** The primary name for a name or alias, or the lower-cased name itself when unknown. */
    public String primaryName(String name) {
        DirectiveSpec s = byName.get(ArgSplitter.lower(name));
        return s == null ? ArgSplitter.lower(name) : s.name();
    }

    /** True when a config-file line starting with this word is understood (for CONFIG REWRITE). */
    public boolean isKnownFileDirective(String name) {
        String lower = ArgSplitter.lower(name);
        return byName.containsKey(lower) || FILE_ONLY_DIRECTIVES.contains(lower);
    }
}
