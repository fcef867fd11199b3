package io.vigil.sentinel.command;

import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.sentinel.runtime.SentinelDaemon;

import java.util.ArrayList;
import java.util.List;

/** CLIENT on a sentinel: the connection-management subcommands clients and tests use. */
final class ClientCommand {
    private ClientCommand() {
    }

    static CommandSpec.Builder spec(SentinelDaemon d) {
        CommandSpec.Builder b = CommandSpec.builder("client", -2).flags(CommandFlag.SENTINEL).categories("slow");
        b.subcommand(sub("setname", 3, c -> {
            String name = c.text(2);
            for (int i = 0; i < name.length(); i++) {
                char ch = name.charAt(i);
                if (ch < '!' || ch > '~') {
                    throw new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");
                }
            }
            c.session().name(name);
            c.reply().ok();
        }));
        b.subcommand(sub("getname", 2, c -> {
            if (c.session().name().isEmpty()) {
                c.reply().nullBulk();
            } else {
                c.reply().bulk(c.session().name());
            }
        }));
        b.subcommand(sub("id", 2, c -> c.reply().integer(c.session().id())));
        b.subcommand(sub("info", 2, c -> c.reply().verbatim(SentinelCommandTable.clientLine(d, c.session(),
                System.currentTimeMillis()) + "\n")));
        b.subcommand(sub("list", -2, c -> {
            StringBuilder sb = new StringBuilder();
            long now = System.currentTimeMillis();
            for (ClientSession s : d.server().clients()) {
                sb.append(SentinelCommandTable.clientLine(d, s, now)).append('\n');
            }
            c.reply().verbatim(sb.toString());
        }));
        b.subcommand(sub("kill", -3, c -> kill(d, c)));
        b.subcommand(sub("pause", -3, c -> c.reply().ok()));
        b.subcommand(sub("unpause", 2, c -> c.reply().ok()));
        b.subcommand(sub("reply", 3, c -> c.reply().ok()));
        b.subcommand(sub("no-evict", 3, c -> c.reply().ok()));
        b.subcommand(sub("getredir", 2, c -> c.reply().integer(-1)));
        b.subcommand(sub("caching", 3, c -> {
            throw new CommandError("ERR CLIENT CACHING can be called only when the client is in tracking mode with "
                    + "OPTIN or OPTOUT mode enabled");
        }));
        b.subcommand(sub("tracking", -3, c -> {
            throw new CommandError("ERR Client tracking is not supported by vigil-sentinel");
        }));
        b.subcommand(sub("trackinginfo", 2, c -> {
            c.reply().map(3).bulk("flags").array(1).bulk("off");
            c.reply().bulk("redirect").integer(-1).bulk("prefixes").array(0);
        }));
        b.subcommand(sub("unblock", -3, c -> c.reply().integer(0)));
        b.subcommand(sub("help", 2, c -> c.reply().array(1).simple("CLIENT <subcommand> [<arg> [value] [opt] ...].")));
        return b;
    }

    private static CommandSpec.Builder sub(String name, int arity, io.vigil.node.server.CommandHandler h) {
        return CommandSpec.builder(name, arity).flags(CommandFlag.SENTINEL, CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE).categories("slow", "connection").handler(h);
    }

    /** CLIENT KILL ip:port (+OK) or the filter form (count), with SKIPME yes by default. */
    private static void kill(SentinelDaemon d, CommandCall c) {
        if (c.argc() == 3) {
            String addr = c.text(2);
            for (ClientSession s : new ArrayList<>(d.server().clients())) {
                if (s.addr().equals(addr)) {
                    close(c, s);
                    c.reply().ok();
                    return;
                }
            }
            throw new CommandError("ERR No such client");
        }
        if ((c.argc() - 2) % 2 != 0) {
            throw new CommandError(CommandError.SYNTAX);
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        ClientKind type = null;
        String user = null;
        boolean skipMe = true;
        for (int j = 2; j < c.argc(); j += 2) {
            String v = c.text(j + 1);
            if (c.is(j, "id")) {
                id = SentinelCommand.parseLong(v);
                if (id == null) {
                    throw new CommandError("ERR client-id should be greater than 0");
                }
            } else if (c.is(j, "addr")) {
                addr = v;
            } else if (c.is(j, "laddr")) {
                laddr = v;
            } else if (c.is(j, "type")) {
                type = ClientKind.parse(v);
                if (type == null) {
                    throw new CommandError("ERR Unknown client type '" + v + "'");
                }
            } else if (c.is(j, "user")) {
                user = v;
            } else if (c.is(j, "skipme")) {
                if (v.equalsIgnoreCase("yes")) {
                    skipMe = true;
                } else if (v.equalsIgnoreCase("no")) {
                    skipMe = false;
                } else {
                    throw new CommandError(CommandError.SYNTAX);
                }
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        List<ClientSession> victims = new ArrayList<>();
        for (ClientSession s : d.server().clients()) {
            if ((id != null && s.id() != id) || (addr != null && !s.addr().equals(addr))
                    || (laddr != null && !s.laddr().equals(laddr)) || (type != null && s.kind() != type)
                    || (user != null && !s.user().equals(user)) || (skipMe && s == c.session())) {
                continue;
            }
            victims.add(s);
        }
        for (ClientSession s : victims) {
            close(c, s);
        }
        c.reply().integer(victims.size());
    }

    private static void close(CommandCall c, ClientSession s) {
        if (s == c.session()) {
            s.closeAfterReply();
        } else {
            s.close();
        }
    }
}
