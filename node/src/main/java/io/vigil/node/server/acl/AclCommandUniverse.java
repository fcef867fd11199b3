package io.vigil.node.server.acl;

import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The commands ACL rules talk about: every command and subcommand of a {@link CommandTable} under its
 * original name, with its categories (explicit plus implied by flags). Built lazily because features
 * register their commands before the first rule is applied.
 */
public final class AclCommandUniverse {
    private final CommandTable table;
    private List<CommandSpec> ordered;
    private Map<String, CommandSpec> byName;
    private Map<String, Set<String>> categories;
    private int builtForSize = -1;

    public AclCommandUniverse(CommandTable table) {
        this.table = table;
    }

    private void ensure() {
        if (ordered != null && builtForSize == table.size()) {
            return;
        }
        List<CommandSpec> list = new ArrayList<>();
        Map<String, CommandSpec> names = new HashMap<>();
        Map<String, Set<String>> cats = new HashMap<>();
        for (CommandSpec spec : table.all()) {
            list.add(spec);
            names.put(spec.fullName(), spec);
            cats.put(spec.fullName(), AclCategories.of(spec));
            for (CommandSpec sub : spec.subcommands().values()) {
                list.add(sub);
                names.put(sub.fullName(), sub);
                cats.put(sub.fullName(), AclCategories.of(sub));
            }
        }
        ordered = Collections.unmodifiableList(list);
        byName = names;
        categories = cats;
        builtForSize = table.size();
    }

    /** Every command, each container followed by its subcommands, in table order. */
    public List<CommandSpec> all() {
        ensure();
        return ordered;
    }

    /** A top-level command by original name, or null. */
    public CommandSpec command(String name) {
        ensure();
        CommandSpec spec = byName.get(name.toLowerCase(Locale.ROOT));
        return spec == null || spec.container() != null ? null : spec;
    }

    /** A command or subcommand by full name ({@code get}, {@code client|list}), or null. */
    public CommandSpec byFullName(String fullName) {
        ensure();
        return byName.get(fullName.toLowerCase(Locale.ROOT));
    }

    public Set<String> categoriesOf(CommandSpec spec) {
        ensure();
        Set<String> cats = categories.get(spec.fullName());
        return cats != null ? cats : AclCategories.of(spec);
    }

    /** Commands (top level and subcommands) in a category, for ACL CAT, in table order. */
    public List<String> inCategory(String category) {
        ensure();
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : ordered) {
            if (categoriesOf(spec).contains(category)) {
                names.add(spec.fullName());
            }
        }
        return names;
    }
}
