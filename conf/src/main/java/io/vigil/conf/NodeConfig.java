package io.vigil.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The node's runtime configuration: current values of every directive, CONFIG GET (glob patterns),
 * atomic CONFIG SET with apply hooks and rollback, change listeners, typed getters, and CONFIG REWRITE.
 * Built by {@link ConfigLoader}; {@link #defaults(Path)} gives Redis's built-in defaults.
 *
 * <p>All methods are thread-safe (one lock). Hooks and listeners run on the caller's thread while the
 * lock is held: keep them short and do not block on other threads that use this config.
 */
public final class NodeConfig {
    /** Directives Redis accepts and silently ignores (name, min argc, max argc incl. the name). */
    static final Map<String, int[]> DEPRECATED = Map.of(
            "list-max-ziplist-entries", new int[] {2, 2},
            "list-max-ziplist-value", new int[] {2, 2},
            "lua-replicate-commands", new int[] {2, 2});

    private final DirectiveRegistry registry;
    private final boolean sentinelMode;
    private final Map<DirectiveSpec, Object> values = new IdentityHashMap<>();
    private final List<RenameCommand> renameCommands = new ArrayList<>();
    private final List<List<String>> userDirectives = new ArrayList<>();
    private final List<List<String>> loadModules = new ArrayList<>();
    private final Map<String, String> moduleConfigs = new LinkedHashMap<>();
    private final Set<String> setByConfig = new LinkedHashSet<>();
    private final Map<String, List<ApplyHook>> applyHooks = new LinkedHashMap<>();
    private final Map<String, List<Consumer<ConfigChange>>> changeListeners = new LinkedHashMap<>();
    private final List<Consumer<List<ConfigChange>>> listeners = new CopyOnWriteArrayList<>();
    private Path configFile;

    /**
     * A config holding Redis's defaults.
     *
     * @param registry the directive table
     * @param workingDir the process working directory (the default {@code dir})
     * @param sentinelMode sentinel mode changes CONFIG REWRITE (no save lines, sentinel option keys)
     */
    public NodeConfig(DirectiveRegistry registry, Path workingDir, boolean sentinelMode) {
        this.registry = registry;
        this.sentinelMode = sentinelMode;
        for (DirectiveSpec s : registry.specs()) {
            values.put(s, s.defaultValue());
        }
        registry.lookup("dir").ifPresent(d -> values.put(d, canonicalDir(workingDir)));
    }

    /** Redis's built-in defaults for a node started in {@code workingDir}, as with no config file. */
    public static NodeConfig defaults(Path workingDir) {
        return new NodeConfig(NodeDirectives.registry(), workingDir, false);
    }

    private static String canonicalDir(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath().toString();
        } catch (IOException e) {
            return abs.toString();
        }
    }

    public DirectiveRegistry registry() {
        return registry;
    }

    public boolean sentinelMode() {
        return sentinelMode;
    }

    /** The config file the node was started with (CONFIG REWRITE target), if any. */
    public synchronized Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    synchronized void setConfigFile(Path file) {
        this.configFile = file;
    }

    // ---------------------------------------------------------------- reading

    /** The CONFIG GET rendering of a directive (name or alias, any case), or null if unknown. */
    public synchronized String get(String name) {
        DirectiveSpec s = registry.lookup(name).orElse(null);
        return s == null ? null : s.render(values.get(s));
    }

    /** The raw value (Boolean, Long, Integer, String, List, or a value record); null for unset strings. */
    public synchronized Object getValue(String name) {
        return values.get(spec(name));
    }

    public int getInt(String name) {
        return Math.toIntExact(getLong(name));
    }

    public long getLong(String name) {
        Object v = getValue(name);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        throw new IllegalArgumentException(name + " is not numeric");
    }

    /** A memory directive in bytes (maxmemory is unsigned: use Long.toUnsignedString to print). */
    public long getMemory(String name) {
        return getLong(name);
    }

    public boolean getBool(String name) {
        Object v = getValue(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(name + " is not yes/no");
    }

    /** A string directive (null when unset); for other types the CONFIG GET rendering. */
    public synchronized String getString(String name) {
        DirectiveSpec s = spec(name);
        Object v = values.get(s);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        return s.render(v);
    }

    /** A list directive (bind addresses); other directives give their rendering split on spaces. */
    @SuppressWarnings("unchecked")
    public synchronized List<String> getList(String name) {
        DirectiveSpec s = spec(name);
        Object v = values.get(s);
        if (s.type() instanceof BindType) {
            return (List<String>) v;
        }
        String r = s.render(v);
        return r.isEmpty() ? List.of() : List.of(r.split(" "));
    }

    @SuppressWarnings("unchecked")
    public List<SaveRule> saveRules() {
        return (List<SaveRule>) getValue("save");
    }

    public OutputBufferLimits outputBufferLimits() {
        return (OutputBufferLimits) getValue("client-output-buffer-limit");
    }

    public Optional<ReplicaOf> replicaOf() {
        return Optional.ofNullable((ReplicaOf) getValue("replicaof"));
    }

    /** notify-keyspace-events as {@link KeyspaceEventsType} flags. */
    public int keyspaceEventFlags() {
        return (Integer) getValue("notify-keyspace-events");
    }

    /** The working directory ({@code dir}), absolute. Relative file names resolve against it. */
    public Path dir() {
        return Path.of(getString("dir"));
    }

    /** True when the directive's value must be redacted (requirepass, masterauth, masteruser). */
    public boolean isSensitive(String name) {
        return registry.lookup(name).map(s -> s.has(DirectiveFlag.SENSITIVE)).orElse(false);
    }

    public synchronized List<RenameCommand> renameCommands() {
        return List.copyOf(renameCommands);
    }

    /** The {@code user} directives from the config, each as its arguments after "user". */
    public synchronized List<List<String>> userDirectives() {
        return List.copyOf(userDirectives);
    }

    /** The {@code loadmodule} directives, each as path plus arguments (Vigil loads no modules). */
    public synchronized List<List<String>> loadModules() {
        return List.copyOf(loadModules);
    }

    /** Module configs ({@code name.with.dot value}) seen in the config. */
    public synchronized Map<String, String> moduleConfigs() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(moduleConfigs));
    }

    /**
     * Directives set by the config file, stdin or command line that Vigil does not act on, in order of
     * first appearance; the node logs them once at start as ignored.
     */
    public synchronized List<String> ignoredDirectives() {
        List<String> out = new ArrayList<>();
        for (String n : setByConfig) {
            if (!NodeDirectives.isActedOn(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Every directive name set by the config (primary names, plus file-only ones), in order. */
    public synchronized List<String> directivesSetByConfig() {
        return List.copyOf(setByConfig);
    }

    private DirectiveSpec spec(String name) {
        return registry.lookup(name).orElseThrow(() -> new IllegalArgumentException("unknown directive " + name));
    }

    // ---------------------------------------------------------------- CONFIG GET

    /**
     * CONFIG GET with one or more patterns: exact names (any case, also hidden ones) or Redis globs
     * (case-insensitive, hidden directives skipped). No duplicates; order is the registry's for globs.
     */
    public synchronized List<ConfigEntry> configGet(List<String> patterns) {
        Map<String, ConfigEntry> matches = new LinkedHashMap<>();
        for (String pattern : patterns) {
            if (pattern.indexOf('[') < 0 && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
                String key = ArgSplitter.lower(pattern);
                if (matches.containsKey(key)) {
                    continue;
                }
                registry.lookup(pattern).ifPresent(s -> matches.put(key, new ConfigEntry(pattern, s.render(values.get(s)))));
                continue;
            }
            for (String name : registry.registeredNames()) {
                DirectiveSpec s = registry.lookup(name).orElseThrow();
                if (s.has(DirectiveFlag.HIDDEN) || matches.containsKey(name)) {
                    continue;
                }
                if (GlobMatcher.matches(pattern, name, true)) {
                    matches.put(name, new ConfigEntry(name, s.render(values.get(s))));
                }
            }
        }
        return List.copyOf(matches.values());
    }

    // ---------------------------------------------------------------- CONFIG SET

    /** Registers the node's apply hook for a directive (aliases share their primary's hooks). */
    public synchronized void onApply(String name, ApplyHook hook) {
        applyHooks.computeIfAbsent(spec(name).name(), k -> new ArrayList<>()).add(hook);
    }

    /** Called after a successful change of one directive (CONFIG SET or {@link #setInternal}). */
    public synchronized void onChange(String name, Consumer<ConfigChange> listener) {
        changeListeners.computeIfAbsent(spec(name).name(), k -> new ArrayList<>()).add(listener);
    }

    /** Called once per successful CONFIG SET / {@link #setInternal} with all changes. */
    public void addListener(Consumer<List<ConfigChange>> listener) {
        listeners.add(listener);
    }

    /**
     * CONFIG SET {@code name value [name value ...]} with Redis 7.0 semantics: all names are checked
     * first (unknown, immutable, protected, duplicate), then all values are set, then apply hooks run;
     * any failure restores every old value. Multi-argument values are split on single spaces.
     *
     * @param args the arguments after "CONFIG SET"
     * @throws ConfigSetException with Redis's exact error reply
     */
    public synchronized void configSet(List<String> args, SetContext ctx) throws ConfigSetException {
        if (args.isEmpty()) {
            throw new ConfigSetException("ERR wrong number of arguments for 'config|set' command");
        }
        if (args.size() % 2 != 0) {
            throw new ConfigSetException("ERR syntax error");
        }
        int count = args.size() / 2;
        DirectiveSpec[] specs = new DirectiveSpec[count];
        String[] registered = new String[count];
        String invalidArgName = null;
        String errstr = null;
        String errArgName = null;
        boolean invalid = false;
        boolean denyLoading = false;
        for (int i = 0; i < count; i++) {
            String name = args.get(2 * i);
            DirectiveSpec s = registry.lookup(name).orElse(null);
            if (s == null) {
                if (!invalid) {
                    invalidArgName = name;
                    invalid = true;
                }
                continue;
            }
            if (invalid) {
                continue;
            }
            if (s.has(DirectiveFlag.IMMUTABLE) || (s.has(DirectiveFlag.PROTECTED) && !protectedAllowed(ctx))) {
                errstr = s.has(DirectiveFlag.IMMUTABLE) ? "can't set immutable config" : "can't set protected config";
                errArgName = name;
                invalid = true;
                continue;
            }
            if (ctx.loading() && s.has(DirectiveFlag.DENY_LOADING)) {
                denyLoading = true;
                invalid = true;
                continue;
            }
            // Redis registers an alias as its own entry: "slaveof" and "replicaof" are not duplicates.
            String reg = ArgSplitter.lower(name);
            for (int j = 0; j < i; j++) {
                if (reg.equals(registered[j])) {
                    errstr = "duplicate parameter";
                    errArgName = name;
                    invalid = true;
                    break;
                }
            }
            specs[i] = s;
            registered[i] = reg;
        }
        if (invalid) {
            if (denyLoading) {
                throw new ConfigSetException("LOADING Redis is loading the dataset in memory");
            } else if (invalidArgName != null) {
                throw new ConfigSetException("ERR Unknown option or number of arguments for CONFIG SET - '"
                        + invalidArgName + "'");
            } else if (errstr != null) {
                throw new ConfigSetException("ERR CONFIG SET failed (possibly related to argument '" + errArgName
                        + "') - " + errstr);
            }
            throw new ConfigSetException("ERR CONFIG SET failed (possibly related to argument '" + errArgName + "')");
        }

        Map<DirectiveSpec, Object> backup = new IdentityHashMap<>();
        for (DirectiveSpec s : specs) {
            backup.putIfAbsent(s, values.get(s));
        }
        List<DirectiveSpec> changed = new ArrayList<>();
        List<ApplyHook> hooks = new ArrayList<>();
        Map<ApplyHook, String> hookOwner = new IdentityHashMap<>();
        for (int i = 0; i < count; i++) {
            DirectiveSpec s = specs[i];
            String raw = args.get(2 * i + 1);
            List<String> parts = s.has(DirectiveFlag.MULTI_ARG) ? splitOnSpaces(raw) : List.of(raw);
            Object cur = values.get(s);
            Object next;
            try {
                next = s.untypedType().parse(parts, cur, ValueType.ParseContext.CHECKED);
            } catch (InvalidValueException e) {
                values.putAll(backup);
                throw new ConfigSetException("ERR CONFIG SET failed (possibly related to argument '" + registered[i]
                        + "') - " + e.reason());
            }
            if (s.runtimeNormalizer() != null) {
                next = s.runtimeNormalizer().apply(next);
            }
            if (java.util.Objects.equals(cur, next)) {
                continue;
            }
            values.put(s, next);
            if (!changed.contains(s)) {
                changed.add(s);
            }
            for (ApplyHook h : applyHooks.getOrDefault(s.name(), List.of())) {
                if (!hookOwner.containsKey(h)) {
                    hookOwner.put(h, registered[i]);
                    hooks.add(h);
                }
            }
        }
        for (ApplyHook h : hooks) {
            DirectiveSpec owner = registry.lookup(hookOwner.get(h)).orElseThrow();
            try {
                h.apply(new ConfigChange(owner.name(), owner.render(backup.get(owner)), owner.render(values.get(owner))));
            } catch (ApplyException e) {
                Map<DirectiveSpec, Object> attempted = new IdentityHashMap<>();
                for (DirectiveSpec s : backup.keySet()) {
                    attempted.put(s, values.get(s));
                }
                values.putAll(backup);
                for (ApplyHook r : hooks) {
                    DirectiveSpec o = registry.lookup(hookOwner.get(r)).orElseThrow();
                    try {
                        r.apply(new ConfigChange(o.name(), o.render(attempted.get(o)), o.render(backup.get(o))));
                    } catch (ApplyException | RuntimeException ignored) {
                        // Redis only logs a failed restore; the old values are back in place.
                    }
                }
                throw new ConfigSetException("ERR CONFIG SET failed (possibly related to argument '"
                        + hookOwner.get(h) + "') - " + e.reason());
            }
        }
        List<ConfigChange> changes = new ArrayList<>();
        for (DirectiveSpec s : changed) {
            changes.add(new ConfigChange(s.name(), s.render(backup.get(s)), s.render(values.get(s))));
        }
        fire(changes);
    }

    private boolean protectedAllowed(SetContext ctx) {
        String level = get("enable-protected-configs");
        return "yes".equals(level) || ("local".equals(level) && ctx.clientIsLocal());
    }

    /** sdssplitlen(value, " "): consecutive spaces give empty arguments; "" gives none. */
    static List<String> splitOnSpaces(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        return List.of(value.split(" ", -1));
    }

    /**
     * Sets a directive on the node's behalf (REPLICAOF, the pidfile default when daemonized, ...):
     * ignores immutability, runs no apply hooks, notifies listeners.
     */
    public synchronized void setInternal(String name, List<String> args) throws InvalidValueException {
        DirectiveSpec s = spec(name);
        Object cur = values.get(s);
        Object next = s.untypedType().parse(args, cur, ValueType.ParseContext.UNCHECKED);
        if (java.util.Objects.equals(cur, next)) {
            return;
        }
        values.put(s, next);
        fire(List.of(new ConfigChange(s.name(), s.render(cur), s.render(next))));
    }

    private void fire(List<ConfigChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        for (ConfigChange c : changes) {
            for (Consumer<ConfigChange> l : changeListeners.getOrDefault(c.name(), List.of())) {
                l.accept(c);
            }
        }
        for (Consumer<List<ConfigChange>> l : listeners) {
            l.accept(List.copyOf(changes));
        }
    }

    // ---------------------------------------------------------------- loading (package-private)

    Object valueOf(DirectiveSpec s) {
        return values.get(s);
    }

    void putLoaded(DirectiveSpec s, Object value) {
        values.put(s, value);
        setByConfig.add(s.name());
    }

    /** Sets a value without recording it as set by the config (mode defaults, clamps). */
    synchronized void putDefault(String name, Object value) {
        values.put(spec(name), value);
    }

    void markSetByConfig(String name) {
        setByConfig.add(name);
    }

    void addRenameCommand(RenameCommand r) {
        renameCommands.add(r);
        setByConfig.add("rename-command");
    }

    void addUserDirective(List<String> args) {
        userDirectives.add(List.copyOf(args));
        setByConfig.add("user");
    }

    void addLoadModule(List<String> args) {
        loadModules.add(List.copyOf(args));
        setByConfig.add("loadmodule");
    }

    void putModuleConfig(String name, String value) {
        moduleConfigs.put(name, value);
        setByConfig.add(name);
    }

    // ---------------------------------------------------------------- CONFIG REWRITE

    /**
     * The {@code user} lines Redis would write when no ACL describer is plugged in: configured users
     * as written, plus the default user ("on nopass ~* &* +@all", or the SHA-256 of requirepass),
     * sorted by user name like Redis's user table.
     */
    public synchronized List<String> defaultUserLines() {
        TreeMap<String, String> byName = new TreeMap<>();
        for (List<String> u : userDirectives) {
            byName.put(u.get(0), "user " + String.join(" ", u));
        }
        if (!byName.containsKey("default")) {
            String pass = getString("requirepass");
            byName.put("default", "user default on " + (pass == null ? "nopass" : "#" + sha256(pass)) + " ~* &* +@all");
        }
        return List.copyOf(byName.values());
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.ISO_8859_1));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CONFIG REWRITE on the old file content: returns the new content (ISO-8859-1 text). Directives are
     * written in registry order, then users, loadmodule lines and {@code options.extraOptions()}.
     */
    public synchronized String rewrite(String oldContent, RewriteOptions options) {
        LineClassifier cls = sentinelMode ? LineClassifier.sentinel(registry) : LineClassifier.node(registry);
        RewriteState st = RewriteState.parse(oldContent, cls);
        for (DirectiveSpec s : registry.specs()) {
            if (sentinelMode && s.type() instanceof SaveType) {
                st.markProcessed(s.name());
                continue;
            }
            for (RewriteLine l : s.untypedType().rewriteLines(s.name(), values.get(s), s.defaultValue())) {
                st.rewriteLine(s.name(), l.text(), l.force());
            }
            st.markProcessed(s.name());
        }
        String aclfile = getString("aclfile");
        if (aclfile == null || aclfile.isEmpty()) {
            List<String> users = options.userLines() != null ? options.userLines().get() : defaultUserLines();
            for (String line : users) {
                st.rewriteLine("user", line, true);
            }
        }
        st.markProcessed("user");
        for (List<String> m : loadModules) {
            st.rewriteLine("loadmodule", "loadmodule " + String.join(" ", m), true);
        }
        st.markProcessed("loadmodule");
        ConfigRewriter.apply(st, options.extraOptions());
        st.removeOrphaned();
        return st.content();
    }

    /**
     * CONFIG REWRITE of {@code file}: reads it (a missing file counts as empty), rewrites, and replaces
     * it atomically. On failure the old file is intact and the exception carries the strerror reason.
     */
    public void rewriteFile(Path file, RewriteOptions options) throws ConfigSaveException {
        String old;
        if (Files.isDirectory(file)) {
            throw new ConfigSaveException(file.toString(), "Is a directory", null);
        }
        try {
            old = Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new ConfigSaveException(file.toString(), ConfigSaveException.strerror(e), e);
        }
        AtomicFiles.write(file, rewrite(old, options));
    }

    /** Names of every directive CONFIG GET knows, sorted (handy for diagnostics). */
    public Set<String> knownNames() {
        return Collections.unmodifiableSet(new TreeSet<>(registry.registeredNames()));
    }
}
