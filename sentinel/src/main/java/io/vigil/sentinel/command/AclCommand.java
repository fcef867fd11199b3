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
        b.subcommand(sub("help", 2).handler(c -> c.reply().array(1).simple("ACL <subcommand> [<arg> [value] [opt] ...].")));
        return b;
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name, arity).flags(CommandFlag.SENTINEL, CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE).categories("slow");
    }
}
