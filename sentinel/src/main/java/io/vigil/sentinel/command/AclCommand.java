package io.vigil.sentinel.command;

import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;

/** A minimal ACL: the sentinel has only the default user (requirepass). */
final class AclCommand {
    private AclCommand() {
    }

    static CommandSpec.Builder spec() {
        CommandSpec.Builder b = CommandSpec.builder("acl", -2).flags(CommandFlag.SENTINEL).categories("slow");
        b.subcommand(sub("whoami", 2).handler(c -> c.reply().bulk(c.session().user())));
        b.subcommand(sub("users", 2).handler(c -> c.reply().array(1).bulk("default")));
        b.subcommand(sub("list", 2).handler(c -> c.reply().array(1).bulk("user default on nopass ~* &* +@all")));
        b.subcommand(sub("cat", -2).handler(c -> c.reply().bulkStrings(java.util.List.of("keyspace", "read", "write",
                "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin",
                "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting"))));
        b.subcommand(sub("setuser", -3).handler(c -> {
            throw new CommandError("ERR ACL SETUSER is not supported by vigil-sentinel: use requirepass");
        }));
        b.subcommand(sub("deluser", -3).handler(c -> {
            throw new CommandError("ERR The 'default' user cannot be removed");
        }));
        b.subcommand(sub("dryrun", -4).handler(c -> c.reply().ok()));
        b.subcommand(sub("genpass", -2).handler(c -> {
            byte[] r = new byte[32];
            new java.security.SecureRandom().nextBytes(r);
            c.reply().bulk(java.util.HexFormat.of().formatHex(r));
        }));
        b.subcommand(sub("getuser", 3).handler(c -> {
            if (!c.text(2).equals("default")) {
                c.reply().nullBulk();
                return;
            }
            c.reply().map(2).bulk("flags").array(2).bulk("on").bulk("nopass");
            c.reply().bulk("commands").bulk("+@all");
        }));
        b.subcommand(sub("load", 2).handler(c -> {
            throw new CommandError("ERR This Redis instance is not configured to use an ACL file. You may want to "
                    + "specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a "
                    + "Redis configuration file set) in order to store users in the Redis configuration.");
        }));
        b.subcommand(sub("save", 2).handler(c -> {
            throw new CommandError("ERR This Redis instance is not configured to use an ACL file. You may want to "
                    + "specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a "
                    + "Redis configuration file set) in order to store users in the Redis configuration.");
        }));
        b.subcommand(sub("log", -2).handler(c -> {
            if (c.argc() == 3 && c.is(2, "reset")) {
                c.reply().ok();
            } else {
                c.reply().array(0);
            }
        }));
        b.subcommand(sub("help", 2).handler(c -> c.reply().array(1).simple("ACL <subcommand> [<arg> [value] [opt] ...].")));
        return b;
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name, arity).flags(CommandFlag.SENTINEL, CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE).categories("slow");
    }
}
