package io.vigil.node.command;

import io.vigil.node.server.CommandCall;

/** The HELP replies of container commands, in Redis's addReplyHelp format. */
final class Help {
    private Help() {
    }

    /** "NAME <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", the lines, then HELP. */
    static void reply(CommandCall call, String command, String... lines) {
        call.reply().array(lines.length + 3);
        call.reply().simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            call.reply().simple(line);
        }
        call.reply().simple("HELP");
        call.reply().simple("    Prints this help.");
    }
}
