package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.Glob;
import io.vigil.node.server.acl.AclCategories;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * COMMAND, COUNT, INFO, DOCS, LIST and GETKEYS in Redis 7.0's formats. Names, arity, flags, key
 * positions, categories and subcommands come from Vigil's own command table; tips, key specs and
 * documentation from Redis's captured catalog. It also gives the ACL exact key flags.
 */
public final class CommandCommand implements NodeFeature {
    /** Flags COMMAND INFO shows, in Redis's order; may_replicate, sentinel and protected stay hidden. */
    private static final List<CommandFlag> VISIBLE_FLAGS = List.of(CommandFlag.WRITE, CommandFlag.READONLY,
            CommandFlag.DENYOOM, CommandFlag.ADMIN, CommandFlag.PUBSUB, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING,
            CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SKIP_MONITOR, CommandFlag.SKIP_SLOWLOG,
            CommandFlag.FAST, CommandFlag.NO_AUTH, CommandFlag.NO_MANDATORY_KEYS, CommandFlag.NO_ASYNC_LOADING,
            CommandFlag.NO_MULTI);

    private final VigilNode node;
    private final KeyFinder keyFinder = new KeyFinder();

    public CommandCommand(VigilNode node) {
        this.node = node;
        node.acl().keyLocator(keyFinder);
    }

    @Override
    public void register(CommandTable table) {
        CommandSpec.Builder command = CommandSpec.builder("command", -1)
                .flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL)
                .categories("slow", "connection").handler(this::all);
        command.subcommand(sub("count", 2, call -> call.reply().integer(node.commands().size())));
        command.subcommand(sub("docs", -2, this::docs));
        command.subcommand(sub("getkeys", -4, call -> getKeys(call, false)));
        command.subcommand(sub("getkeysandflags", -4, call -> getKeys(call, true)));
        command.subcommand(sub("info", -2, this::info));
        command.subcommand(sub("list", -2, this::list));
        command.subcommand(sub("help", 2, call -> Help.reply(call, "COMMAND",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.")));
        table.register(command);
    }

    private static CommandSpec.Builder sub(String name, int arity, io.vigil.node.server.CommandHandler handler) {
        return CommandSpec.builder(name, arity).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL)
                .categories("slow", "connection").handler(handler);
    }

    public KeyFinder keyFinder() {
        return keyFinder;
    }

    /** COMMAND without arguments: every command's info. */
    private void all(CommandCall call) {
        RespWriter out = call.reply();
        out.array(node.commands().size());
        for (CommandSpec spec : node.commands().all()) {
            writeInfo(out, spec);
        }
    }

    private void info(CommandCall call) {
        if (call.argc() == 2) {
            all(call);
            return;
        }
        RespWriter out = call.reply();
        out.array(call.argc() - 2);
        for (int i = 2; i < call.argc(); i++) {
            CommandSpec spec = lookupFullName(call.text(i));
            if (spec == null) {
                out.nullBulk();
            } else {
                writeInfo(out, spec);
            }
        }
    }

    /** A command by name, or a subcommand by "container|sub" (COMMAND INFO, DOCS). */
    private CommandSpec lookupFullName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            return original(lower);
        }
        CommandSpec container = original(lower.substring(0, bar));
        return container == null ? null : container.subcommands().get(lower.substring(bar + 1));
    }

    private CommandSpec original(String name) {
        for (CommandSpec spec : node.commands().all()) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        return null;
    }

    private void writeInfo(RespWriter out, CommandSpec spec) {
        CommandCatalog catalog = CommandCatalog.get();
        String fullName = spec.fullName();
        out.array(10);
        out.bulk(fullName);
        out.integer(spec.arity());
        List<String> flags = new ArrayList<>();
        for (CommandFlag flag : VISIBLE_FLAGS) {
            if (spec.has(flag)) {
                flags.add(flag.redisName());
            }
        }
        if (catalog.movableKeys(fullName)) {
            flags.add("movablekeys");
        }
        if (spec.has(CommandFlag.ALLOW_BUSY)) {
            flags.add("allow_busy");
        }
        out.set(flags.size());
        for (String flag : flags) {
            out.simple(flag);
        }
        out.integer(spec.firstKey());
        out.integer(spec.lastKey());
        out.integer(spec.keyStep());
        Set<String> categories = node.acl().universe().categoriesOf(spec);
        List<String> ordered = new ArrayList<>();
        for (String category : AclCategories.ALL) {
            if (categories.contains(category)) {
                ordered.add(category);
            }
        }
        out.set(ordered.size());
        for (String category : ordered) {
            out.simple("@" + category);
        }
        Object tips = catalog.tips(fullName);
        if (tips == null) {
            out.set(0);
        } else {
            RespTree.write(out, tips);
        }
        List<Object> keySpecs = catalog.keySpecs(fullName);
        if (keySpecs == null) {
            out.set(0);
        } else {
            RespTree.write(out, new RespTree.SetOf(keySpecs));
        }
        out.set(spec.subcommands().size());
        for (CommandSpec sub : spec.subcommands().values()) {
            writeInfo(out, sub);
        }
    }

    private void docs(CommandCall call) {
        List<CommandSpec> specs = new ArrayList<>();
        if (call.argc() == 2) {
            specs.addAll(node.commands().all());
        } else {
            for (int i = 2; i < call.argc(); i++) {
                CommandSpec spec = lookupFullName(call.text(i));
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        RespWriter out = call.reply();
        out.map(specs.size());
        for (CommandSpec spec : specs) {
            out.bulk(spec.fullName());
            RespTree.write(out, docsOf(spec));
        }
    }

    /** Redis's documentation of the command, its subcommands limited to those Vigil has. */
    @SuppressWarnings("unchecked")
    private Map<Object, Object> docsOf(CommandSpec spec) {
        CommandCatalog catalog = CommandCatalog.get();
        Map<Object, Object> doc;
        if (spec.container() == null) {
            doc = catalog.docs(spec.name());
        } else {
            Map<Object, Object> parent = catalog.docs(spec.container());
            Map<Object, Object> subs = parent == null ? null : (Map<Object, Object>) parent.get("subcommands");
            doc = subs == null ? null : (Map<Object, Object>) subs.get(spec.fullName());
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        if (doc == null) {
            result.put("summary", "");
            result.put("since", "");
            result.put("group", "server");
            result.put("complexity", "");
        } else {
            result.putAll(doc);
            result.remove("subcommands");
        }
        if (spec.hasSubcommands()) {
            Map<Object, Object> subs = new LinkedHashMap<>();
            for (CommandSpec sub : spec.subcommands().values()) {
                subs.put(sub.fullName(), docsOf(sub));
            }
            result.put("subcommands", subs);
        }
        return result;
    }

    private void list(CommandCall call) {
        String filter = null;
        String value = null;
        if (call.argc() == 5 && call.is(2, "filterby")) {
            filter = call.text(3).toLowerCase(Locale.ROOT);
            value = call.text(4);
            if (!filter.equals("module") && !filter.equals("aclcat") && !filter.equals("pattern")) {
                throw CommandError.syntax();
            }
        } else if (call.argc() != 2) {
            throw CommandError.syntax();
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : node.acl().universe().all()) {
            if (filter == null || matches(spec, filter, value)) {
                names.add(spec.fullName());
            }
        }
        call.reply().bulkStrings(names);
    }

    private boolean matches(CommandSpec spec, String filter, String value) {
        return switch (filter) {
            case "aclcat" -> node.acl().universe().categoriesOf(spec).contains(value.toLowerCase(Locale.ROOT));
            case "pattern" -> Glob.matches(value.getBytes(StandardCharsets.ISO_8859_1),
                    spec.fullName().getBytes(StandardCharsets.ISO_8859_1), true);
            default -> false;
        };
    }

    private void getKeys(CommandCall call, boolean withFlags) {
        byte[][] argv = Arrays.copyOfRange(call.argv(), 2, call.argc());
        CommandSpec spec = original(new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        if (spec != null && spec.hasSubcommands() && argv.length > 1) {
            spec = spec.subcommands().get(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        }
        if (spec == null) {
            throw new CommandError("ERR Invalid command specified");
        }
        if (!keyFinder.hasKeys(spec)) {
            throw new CommandError("ERR The command has no key arguments");
        }
        if (!spec.arityAccepts(argv.length)) {
            throw new CommandError("ERR Invalid number of arguments specified for command");
        }
        List<KeyFinder.FoundKey> keys = keyFinder.find(spec, argv);
        if (keys == null || keys.isEmpty()) {
            if (spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
                call.reply().array(0);
                return;
            }
            throw new CommandError("ERR Invalid arguments specified for command");
        }
        RespWriter out = call.reply();
        out.array(keys.size());
        for (KeyFinder.FoundKey key : keys) {
            if (withFlags) {
                out.array(2).bulk(argv[key.index()]).set(key.flags().size());
                for (String flag : key.flags()) {
                    out.simple(flag);
                }
            } else {
                out.bulk(argv[key.index()]);
            }
        }
    }
}
