package io.vigil.node.server;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One entry of the command table, with Redis's metadata: arity (positive means exact, negative
 * means at least), flags, key positions, ACL categories and, for container commands such as
 * CONFIG or CLIENT, subcommands with their own arity.
 *
 * @param name        lower-case name ({@code get}, or {@code get} under the container {@code config})
 * @param container   the parent's name for a subcommand, else null
 */
public record CommandSpec(
        String name,
        String container,
        int arity,
        Set<CommandFlag> flags,
        int firstKey,
        int lastKey,
        int keyStep,
        Set<String> categories,
        CommandHandler handler,
        Map<String, CommandSpec> subcommands) {

    public CommandSpec {
        // a private EnumSet: has() and isWrite() run for every command, and through an unmodifiable
        // wrapper each was a megamorphic call; the accessor hands out a read-only view instead
        flags = flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags);
        categories = Set.copyOf(categories);
        // most commands have none: the shared empty map keeps hasSubcommands() a cheap, inlined check
        subcommands = subcommands.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<>(subcommands));
    }

    /** The flags, read-only. */
    @Override
    public Set<CommandFlag> flags() {
        return Collections.unmodifiableSet(flags);
    }

    /** Redis's full name: {@code get}, or {@code config|get} for a subcommand. */
    public String fullName() {
        return container == null ? name : container + "|" + name;
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    public boolean isWrite() {
        return flags.contains(CommandFlag.WRITE);
    }

    public boolean hasSubcommands() {
        return !subcommands.isEmpty();
    }

    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public static Builder builder(String name, int arity) {
        return new Builder(name, arity);
    }

    /** Fluent construction, so that command families read like Redis's command table. */
    public static final class Builder {
        private final String name;
        private final int arity;
        private String container;
        private final EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        private int firstKey;
        private int lastKey;
        private int keyStep;
        private final java.util.LinkedHashSet<String> categories = new java.util.LinkedHashSet<>();
        private CommandHandler handler;
        private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();

        private Builder(String name, int arity) {
            this.name = name.toLowerCase(java.util.Locale.ROOT);
            this.arity = arity;
        }

        public Builder flags(CommandFlag... values) {
            flags.addAll(java.util.List.of(values));
            return this;
        }

        /** Key positions as in Redis: first, last (-1 = last argument), step. */
        public Builder keys(int first, int last, int step) {
            firstKey = first;
            lastKey = last;
            keyStep = step;
            return this;
        }

        public Builder categories(String... values) {
            categories.addAll(java.util.List.of(values));
            return this;
        }

        public Builder handler(CommandHandler value) {
            handler = value;
            return this;
        }

        Builder container(String value) {
            container = value;
            return this;
        }

        public Builder subcommand(CommandSpec.Builder sub) {
            CommandSpec spec = sub.container(name).build();
            subcommands.put(spec.name(), spec);
            return this;
        }

        public CommandSpec build() {
            return new CommandSpec(name, container, arity, flags, firstKey, lastKey, keyStep, categories,
                    handler, subcommands);
        }
    }
}
