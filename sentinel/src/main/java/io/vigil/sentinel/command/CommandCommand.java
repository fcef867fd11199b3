package io.vigil.sentinel.command;

import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;

import java.util.ArrayList;
import java.util.List;

/** COMMAND COUNT / LIST / INFO / DOCS over the sentinel's own table. */
final class CommandCommand {
    private CommandCommand() {
    }

    static CommandSpec.Builder spec(CommandTable table) {
        CommandSpec.Builder b = CommandSpec.builder("command", -1).flags(CommandFlag.LOADING, CommandFlag.STALE,
                CommandFlag.SENTINEL).categories("slow", "connection");
        b.subcommand(sub("count", 2, c -> c.reply().integer(table.size())));
        b.subcommand(sub("list", -2, c -> c.reply().bulkStrings(names(table))));
        b.subcommand(sub("info", -2, c -> {
            List<String> wanted = new ArrayList<>();
            for (int i = 2; i < c.argc(); i++) {
                wanted.add(c.text(i));
            }
            if (wanted.isEmpty()) {
                for (CommandSpec s : table.all()) {
                    wanted.add(s.name());
                }
            }
            c.reply().array(wanted.size());
            for (String w : wanted) {
                CommandSpec s = table.lookup(w);
                if (s == null) {
                    c.reply().nullArray();
                } else {
                    info(c.reply(), s);
                }
            }
        }));
        b.subcommand(sub("docs", -2, c -> {
            List<CommandSpec> found = new ArrayList<>();
            for (int i = 2; i < c.argc(); i++) {
                CommandSpec s = table.lookup(c.text(i));
                if (s != null) {
                    found.add(s);
                }
            }
            c.reply().map(found.size());
            for (CommandSpec s : found) {
                c.reply().bulk(s.name());
                c.reply().map(1).bulk("group").bulk("server");
            }
        }));
        b.subcommand(sub("getkeys", -3, c -> c.reply().error("ERR The command has no key arguments")));
        b.subcommand(sub("getkeysandflags", -3, c -> c.reply().error("ERR The command has no key arguments")));
        b.subcommand(sub("help", 2, c -> c.reply().array(1).simple("COMMAND <subcommand> [<arg> [value] [opt] ...].")));
        return b;
    }

    private static CommandSpec.Builder sub(String name, int arity, io.vigil.node.server.CommandHandler h) {
        return CommandSpec.builder(name, arity).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL)
                .categories("slow", "connection").handler(h);
    }

    /** Valkey's SENTINEL aliases answer but, as in Redis 7.0, are not listed (COMMAND LIST has 72 names). */
    private static final java.util.Set<String> UNLISTED = java.util.Set.of("sentinel|primaries", "sentinel|primary",
            "sentinel|get-primary-addr-by-name", "sentinel|is-primary-down-by-addr");

    static List<String> names(CommandTable table) {
        List<String> out = new ArrayList<>();
        for (CommandSpec s : table.all()) {
            out.add(s.name());
            for (CommandSpec sub : s.subcommands().values()) {
                if (!UNLISTED.contains(sub.fullName())) {
                    out.add(sub.fullName());
                }
            }
        }
        return out;
    }

    private static void info(RespWriter out, CommandSpec s) {
        out.array(10);
        out.bulk(s.name());
        out.integer(s.arity());
        out.set(s.flags().size());
        for (CommandFlag f : s.flags()) {
            out.simple(f.redisName());
        }
        out.integer(s.firstKey()).integer(s.lastKey()).integer(s.keyStep());
        out.set(s.categories().size());
        for (String cat : s.categories()) {
            out.simple("@" + cat);
        }
        out.set(0);
        out.array(0);
        out.array(s.subcommands().size());
        for (CommandSpec sub : s.subcommands().values()) {
            info(out, sub);
        }
    }
}
