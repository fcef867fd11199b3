package io.vigil.node.server.acl;

import io.vigil.node.server.CommandSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user's command permissions, modelled on Redis 7.0's bitmap: a set of allowed commands (full
 * names), the "all commands" fast-path flag, the reserved bit that only +@all sets (it decides
 * whether ACL LIST starts with +@all or -@all), and allowed first arguments (+select|0).
 */
final class AclCommandRules {
    private final Set<String> allowed = new HashSet<>();
    private boolean allCommands;
    private boolean futureCommands;
    private final Map<String, List<String>> firstArgs = new LinkedHashMap<>();

    AclCommandRules copy() {
        AclCommandRules copy = new AclCommandRules();
        copy.allowed.addAll(allowed);
        copy.allCommands = allCommands;
        copy.futureCommands = futureCommands;
        firstArgs.forEach((k, v) -> copy.firstArgs.put(k, new ArrayList<>(v)));
        return copy;
    }

    boolean allCommands() {
        return allCommands;
    }

    /** Whether +@all was the base (the reserved bit): commands registered later are allowed too. */
    boolean futureCommands() {
        return futureCommands;
    }

    /** A command registered after the rules were set: allowed when the rules began with +@all. */
    void commandAdded(CommandSpec spec) {
        if (futureCommands) {
            allowed.add(spec.fullName());
        }
    }

    /** +@all / allcommands. */
    void allowAll(AclCommandUniverse universe) {
        for (CommandSpec spec : universe.all()) {
            allowed.add(spec.fullName());
        }
        allCommands = true;
        futureCommands = true;
    }

    /** -@all / nocommands. */
    void denyAll() {
        allowed.clear();
        allCommands = false;
        futureCommands = false;
        firstArgs.clear();
    }

    /** ACLChangeSelectorPerm: the command, all its subcommands, and drops its first-args. */
    void change(CommandSpec spec, boolean allow) {
        set(spec.fullName(), allow);
        firstArgs.remove(spec.fullName());
        for (CommandSpec sub : spec.subcommands().values()) {
            set(sub.fullName(), allow);
        }
    }

    private void set(String fullName, boolean allow) {
        if (allow) {
            allowed.add(fullName);
        } else {
            allowed.remove(fullName);
            allCommands = false;
        }
    }

    /** ACLSetSelectorCommandBitsForCategory. */
    void changeCategory(AclCommandUniverse universe, String category, boolean allow) {
        for (CommandSpec spec : universe.all()) {
            if (universe.categoriesOf(spec).contains(category)) {
                change(spec, allow);
            }
        }
    }

    void allowFirstArg(CommandSpec spec, String arg) {
        List<String> args = firstArgs.computeIfAbsent(spec.fullName(), k -> new ArrayList<>());
        if (!args.contains(arg)) {
            args.add(arg);
        }
    }

    /** Whether the command may run: its bit, or an allowed first argument (ACLSelectorCheckCmd). */
    boolean permits(CommandSpec spec, byte[][] argv) {
        if (allCommands) {
            return true;
        }
        String name = spec.fullName();
        if (allowed.contains(name)) {
            return true;
        }
        if (argv != null && argv.length > 1 && spec.container() == null) {
            List<String> args = firstArgs.get(name);
            if (args != null) {
                String first = new String(argv[1], java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String arg : args) {
                    if (arg.equalsIgnoreCase(first)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean bit(CommandSpec spec) {
        return allowed.contains(spec.fullName());
    }

    /**
     * The command part of ACL LIST, built the way Redis 7.0 builds it: start from +@all or -@all,
     * greedily add the categories that best match, then fix single commands (and first-args).
     * Redis emits single commands in hash order; Vigil uses table order.
     */
    String describe(AclCommandUniverse universe) {
        StringBuilder rules = new StringBuilder();
        boolean additive = !futureCommands;
        AclCommandRules fake = new AclCommandRules();
        if (additive) {
            rules.append("-@all ");
            fake.denyAll();
        } else {
            rules.append("+@all ");
            fake.allowAll(universe);
        }
        AclCommandRules temp = new AclCommandRules();
        temp.allowed.addAll(allowed);
        boolean[] applied = new boolean[AclCategories.ALL.size()];
        while (true) {
            int best = -1;
            long minDiff = Integer.MAX_VALUE;
            long maxSame = 0;
            for (int j = 0; j < AclCategories.ALL.size(); j++) {
                if (applied[j]) {
                    continue;
                }
                String category = AclCategories.ALL.get(j);
                long on = 0;
                long off = 0;
                for (CommandSpec spec : universe.all()) {
                    if (universe.categoriesOf(spec).contains(category)) {
                        if (temp.bit(spec)) {
                            on++;
                        } else {
                            off++;
                        }
                    }
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best == -1) {
                break;
            }
            String category = AclCategories.ALL.get(best);
            fake.changeCategory(universe, category, additive);
            temp.changeCategory(universe, category, !additive);
            rules.append(additive ? "+@" : "-@").append(category).append(' ');
            applied[best] = true;
        }
        for (CommandSpec spec : universe.all()) {
            if (spec.container() != null) {
                continue;
            }
            describeSingle(spec, fake, rules);
            for (CommandSpec sub : spec.subcommands().values()) {
                describeSingle(sub, fake, rules);
            }
        }
        rules.setLength(Math.max(0, rules.length() - 1));
        return rules.toString();
    }

    private void describeSingle(CommandSpec spec, AclCommandRules fake, StringBuilder rules) {
        boolean userBit = bit(spec);
        if (userBit != fake.bit(spec)) {
            rules.append(userBit ? '+' : '-').append(spec.fullName()).append(' ');
            fake.change(spec, userBit);
        }
        List<String> args = firstArgs.get(spec.fullName());
        if (!userBit && args != null) {
            for (String arg : args) {
                rules.append('+').append(spec.fullName()).append('|').append(arg).append(' ');
            }
        }
    }
}
