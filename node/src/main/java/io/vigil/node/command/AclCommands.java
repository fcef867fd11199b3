package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.MultiState;
import io.vigil.node.server.ServerLog;
import io.vigil.node.server.acl.AclCategories;
import io.vigil.node.server.acl.AclDenial;
import io.vigil.node.server.acl.AclFile;
import io.vigil.node.server.acl.AclLog;
import io.vigil.node.server.acl.AclSetUserException;
import io.vigil.node.server.acl.AclUser;
import io.vigil.node.server.acl.AclUsers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Security of the node: protected mode and the initial authentication state of a connection,
 * NOAUTH, the ACL check before every command, and the ACL command itself.
 */
public final class AclCommands implements NodeFeature {
    /** Redis 7.0's text, sent to a non-loopback client in protected mode before closing it. */
    public static final String DENIED = "DENIED Redis is running in protected mode because protected mode is enabled "
            + "and no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of the "
            + "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' "
            + "from the loopback interface by connecting to Redis from the same host the server is running, however "
            + "MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis "
            + "configuration file, and setting the protected mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart it with the '--protected-mode no' "
            + "option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of "
            + "the above things in order for the server to start accepting connections from the outside.";

    private final VigilNode node;
    private final AclUsers acl;
    private SecureRandom random;

    public AclCommands(VigilNode node) {
        this.node = node;
        this.acl = node.acl();
        // A deleted (or reloaded) user's connections are closed, as Redis's ACLFreeUserAndKillClients.
        acl.onInvalidated(name -> {
            for (ClientSession session : new ArrayList<>(node.server().clients())) {
                if (session.user().equals(name)) {
                    if (session == currentCaller) {
                        session.closeAfterReply();
                    } else {
                        session.close();
                    }
                }
            }
        });
    }

    /** The session running the current ACL command, so killing its own user waits for the reply. */
    private ClientSession currentCaller;

    @Override
    public void register(CommandTable table) {
        CommandSpec.Builder aclCommand = CommandSpec.builder("acl", -2).flags(CommandFlag.SENTINEL)
                .categories("slow");
        aclCommand.subcommand(admin("cat", -2, this::cat, false));
        aclCommand.subcommand(admin("deluser", -3, this::deluser, true));
        aclCommand.subcommand(admin("dryrun", -4, this::dryrun, true));
        aclCommand.subcommand(admin("genpass", -2, this::genpass, false));
        aclCommand.subcommand(admin("getuser", 3, this::getuser, true));
        aclCommand.subcommand(admin("list", 2, this::list, true));
        aclCommand.subcommand(admin("load", 2, this::load, true));
        aclCommand.subcommand(admin("log", -2, this::log, true));
        aclCommand.subcommand(admin("save", 2, this::save, true));
        aclCommand.subcommand(admin("setuser", -3, this::setuser, true));
        aclCommand.subcommand(admin("users", 2, this::users, true));
        aclCommand.subcommand(admin("whoami", 2, this::whoami, false));
        aclCommand.subcommand(CommandSpec.builder("help", 2).flags(CommandFlag.LOADING, CommandFlag.STALE,
                CommandFlag.SENTINEL).categories("slow").handler(this::help));
        table.register(aclCommand);
    }

    private static CommandSpec.Builder admin(String name, int arity, io.vigil.node.server.CommandHandler handler,
                                             boolean admin) {
        CommandSpec.Builder builder = CommandSpec.builder(name, arity).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE, CommandFlag.SENTINEL).categories("slow").handler(handler);
        if (admin) {
            builder.flags(CommandFlag.ADMIN).categories("admin", "dangerous");
        }
        return builder;
    }

    // ------------------------------------------------------------------ hooks

    @Override
    public String admit(ClientSession session) {
        if (node.config().getBool("protected-mode") && acl.defaultUser().nopass() && !isLocal(session)) {
            return DENIED;
        }
        setDefaultAuth(node, session);
        return null;
    }

    /** Redis's connIsLocal: loopback addresses (unix sockets are not used by Vigil). */
    private static boolean isLocal(ClientSession session) {
        return session.isLoopback();
    }

    @Override
    public boolean authRequired(ClientSession session) {
        // Sessions the server opens itself (the link from our master, the AOF loader) have no user,
        // like Redis's user-less internal clients: never asked to AUTH.
        return session.principal() != null && acl.defaultUserRequiresAuth();
    }

    @Override
    public String authorize(ClientSession session, CommandSpec spec, byte[][] argv) {
        AclUser user = (AclUser) session.principal();
        if (user == null || (user.allCommands() && user.allKeys() && user.allChannels())) {
            // No user: a client the server opened itself (master link, AOF loader), which Redis runs
            // without ACL checks.
            return null;
        }
        AclDenial denial = acl.check(user, spec, argv);
        if (denial == null) {
            return null;
        }
        logDenial(session, denial, session.attachment(MultiState.class) != null ? "multi" : "toplevel");
        return denial.error();
    }

    /**
     * EXEC re-checks every queued command, since rules may have changed after it was queued.
     * Returns Redis's NOPERM text for the command, or null.
     */
    public String checkAtExec(ClientSession session, CommandSpec spec, byte[][] argv) {
        AclUser user = (AclUser) session.principal();
        if (user == null) {
            return null;
        }
        AclDenial denial = acl.check(user, spec, argv);
        if (denial == null) {
            return null;
        }
        logDenial(session, denial, "multi");
        String reason = switch (denial.reason()) {
            case COMMAND -> "no permission to execute the command or subcommand";
            case KEY -> "no permission to touch the specified keys";
            case CHANNEL -> "no permission to access one of the channels used as arguments";
            case AUTH -> "authentication failed";
        };
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
                + "This command is no longer allowed for the following reason: " + reason;
    }

    private void logDenial(ClientSession session, AclDenial denial, String context) {
        acl.log().add(denial.reason().logName(), context, denial.object(), session.user(),
                node.server().nowMillis(), ClientCommand.describe(node, session));
    }

    /** A fresh connection, or RESET: user default, authenticated when it needs no password. */
    static void setDefaultAuth(VigilNode node, ClientSession session) {
        AclUsers acl = node.acl();
        session.user(AclUsers.DEFAULT);
        session.principal(acl.defaultUser());
        session.authenticated(acl.newConnectionsAuthenticated());
    }

    /**
     * AUTH and HELLO AUTH: on success the client becomes that user; on failure a WRONGPASS reply and
     * an ACL LOG entry. Returns whether it succeeded.
     */
    static boolean authenticate(VigilNode node, CommandCall call, byte[] user, byte[] password) {
        String name = new String(user, StandardCharsets.ISO_8859_1);
        AclUser found = node.acl().authenticate(name, password);
        ClientSession session = call.session();
        if (found == null) {
            node.acl().log().add("auth", session.attachment(MultiState.class) != null ? "multi" : "toplevel",
                    call.spec().fullName(), name, node.server().nowMillis(), ClientCommand.describe(node, session));
            call.reply().error("WRONGPASS invalid username-password pair or user is disabled.");
            return false;
        }
        session.authenticate(found.name());
        session.principal(found);
        return true;
    }

    // ------------------------------------------------------------------ ACL subcommands

    private void setuser(CommandCall call) {
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < call.argc(); i++) {
            rules.add(call.text(i));
        }
        AclUser user;
        try {
            user = acl.setUser(call.text(2), rules);
        } catch (AclSetUserException e) {
            throw new CommandError("ERR " + e.replyText());
        }
        call.reply().ok();
        killSubscribersWithoutPermission(user, call.session());
    }

    /**
     * Redis's ACLKillPubsubClientsIfNeeded: a client of the user that is subscribed to a channel or
     * pattern the new rules no longer allow is disconnected.
     */
    private void killSubscribersWithoutPermission(AclUser user, ClientSession caller) {
        if (user.allChannels()) {
            return;
        }
        var pubSub = node.server().pubSub();
        for (ClientSession session : new ArrayList<>(node.server().clients())) {
            if (!session.user().equals(user.name()) || pubSub.subscriptions(session) == 0) {
                continue;
            }
            boolean allowed = true;
            for (byte[] channel : pubSub.channelsOf(session)) {
                allowed &= acl.permitsSubscription(user, channel, false);
            }
            for (byte[] pattern : pubSub.patternsOf(session)) {
                allowed &= acl.permitsSubscription(user, pattern, true);
            }
            if (!allowed) {
                if (session == caller) {
                    session.closeAfterReply();
                } else {
                    session.close();
                }
            }
        }
    }

    private void deluser(CommandCall call) {
        long deleted = 0;
        currentCaller = call.session();
        try {
            for (int i = 2; i < call.argc(); i++) {
                String name = call.text(i);
                if (name.equals(AclUsers.DEFAULT)) {
                    throw new CommandError("ERR The 'default' user cannot be removed");
                }
                if (acl.delete(name)) {
                    deleted++;
                }
            }
        } finally {
            currentCaller = null;
        }
        call.reply().integer(deleted);
    }

    private void getuser(CommandCall call) {
        AclUser user = acl.get(call.text(2));
        RespWriter out = call.reply();
        if (user == null) {
            out.nullBulk();
            return;
        }
        out.map(6);
        List<String> flags = user.flags();
        out.bulk("flags").set(flags.size());
        for (String flag : flags) {
            out.bulk(flag);
        }
        out.bulk("passwords").bulkStrings(user.passwordHashes());
        out.bulk("commands").bulk(user.describeCommands(acl.universe()));
        out.bulk("keys").bulk(user.describeKeys());
        out.bulk("channels").bulk(user.describeChannels());
        out.bulk("selectors").array(0);
    }

    private void list(CommandCall call) {
        call.reply().bulkStrings(acl.describeAll());
    }

    private void users(CommandCall call) {
        List<String> names = new ArrayList<>();
        for (AclUser user : acl.all()) {
            names.add(user.name());
        }
        call.reply().bulkStrings(names);
    }

    private void whoami(CommandCall call) {
        call.reply().bulk(call.session().user());
    }

    private void cat(CommandCall call) {
        if (call.argc() > 3) {
            throw subcommandSyntax(call);
        }
        if (call.argc() == 2) {
            call.reply().bulkStrings(AclCategories.ALL);
            return;
        }
        String category = call.text(2).toLowerCase(Locale.ROOT);
        if (!AclCategories.exists(category)) {
            throw new CommandError("ERR Unknown category '" + call.text(2) + "'");
        }
        call.reply().bulkStrings(acl.universe().inCategory(category));
    }

    private void genpass(CommandCall call) {
        if (call.argc() > 3) {
            throw subcommandSyntax(call);
        }
        long bits = 256;
        if (call.argc() == 3) {
            try {
                bits = Long.parseLong(call.text(2));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits <= 0 || bits > 4096) {
                throw new CommandError("ERR ACL GENPASS argument must be the number of bits for the output password, "
                        + "a positive number up to 4096");
            }
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] raw = new byte[(chars + 1) / 2];
        if (random == null) {
            random = new SecureRandom();
        }
        random.nextBytes(raw);
        call.reply().bulk(HexFormat.of().formatHex(raw).substring(0, chars));
    }

    private void log(CommandCall call) {
        if (call.argc() > 3) {
            throw subcommandSyntax(call);
        }
        long count = 10;
        if (call.argc() == 3) {
            if (call.is(2, "RESET")) {
                acl.log().reset();
                call.reply().ok();
                return;
            }
            try {
                count = Long.parseLong(call.text(2));
            } catch (NumberFormatException e) {
                throw new CommandError(CommandError.NOT_INTEGER);
            }
        }
        List<AclLog.Entry> entries = acl.log().entries((int) Math.max(0, Math.min(Integer.MAX_VALUE, count)));
        RespWriter out = call.reply();
        out.array(entries.size());
        long now = node.server().nowMillis();
        for (AclLog.Entry entry : entries) {
            out.map(7);
            out.bulk("count").integer(entry.count());
            out.bulk("reason").bulk(entry.reason());
            out.bulk("context").bulk(entry.context());
            out.bulk("object").bulk(entry.object());
            out.bulk("username").bulk(entry.username());
            out.bulk("age-seconds").doubleValue((now - entry.createdAtMillis()) / 1000.0);
            out.bulk("client-info").bulk(entry.clientInfo());
        }
    }

    private void dryrun(CommandCall call) {
        AclUser user = acl.get(call.text(2));
        if (user == null) {
            throw new CommandError("ERR User '" + call.text(2) + "' not found");
        }
        byte[][] argv = Arrays.copyOfRange(call.argv(), 3, call.argc());
        CommandSpec spec = node.commands().lookup(argv[0]);
        if (spec == null) {
            throw new CommandError("ERR Command '" + call.text(3) + "' not found");
        }
        if (spec.hasSubcommands() && argv.length > 1) {
            CommandSpec sub = spec.subcommands().get(new String(argv[1], StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT));
            if (sub != null) {
                spec = sub;
            }
        }
        if (!spec.arityAccepts(argv.length)) {
            throw new CommandError("ERR wrong number of arguments for '" + spec.fullName() + "' command");
        }
        AclDenial denial = acl.check(user, spec, argv);
        if (denial == null) {
            call.reply().ok();
        } else {
            call.reply().bulk(denial.dryRunMessage());
        }
    }

    private Path aclFile() {
        String file = node.config().getString("aclfile");
        if (file == null || file.isEmpty()) {
            throw new CommandError("ERR This Redis instance is not configured to use an ACL file. You may want to "
                    + "specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a "
                    + "Redis configuration file set) in order to store users in the Redis configuration.");
        }
        return Path.of(file);
    }

    private void load(CommandCall call) {
        Path file = aclFile();
        try {
            var loaded = AclFile.load(file, acl);
            currentCaller = call.session();
            try {
                acl.replaceAll(loaded);
            } finally {
                currentCaller = null;
            }
        } catch (AclFile.LoadException e) {
            throw new CommandError("ERR " + e.getMessage());
        }
        call.reply().ok();
    }

    private void save(CommandCall call) {
        Path file = aclFile();
        try {
            AclFile.save(file, acl);
        } catch (IOException e) {
            ServerLog.get().warning("Writing ACL file for ACL SAVE: " + e.getMessage());
            throw new CommandError("ERR There was an error trying to save the ACLs. Please check the server logs for "
                    + "more information");
        }
        call.reply().ok();
    }

    private static CommandError subcommandSyntax(CommandCall call) {
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '" + call.text(1)
                + "'. Try ACL HELP.");
    }

    private void help(CommandCall call) {
        Help.reply(call, "ACL",
                "CAT [<category>]",
                "    List all commands that belong to <category>, or all command categories",
                "    when no category is specified.",
                "DELUSER <username> [<username> ...]",
                "    Delete a list of users.",
                "DRYRUN <username> <command> [<arg> ...]",
                "    Returns whether the user can execute the given command without executing the command.",
                "GETUSER <username>",
                "    Get the user's details.",
                "GENPASS [<bits>]",
                "    Generate a secure 256-bit user password. The optional `bits` argument can",
                "    be used to specify a different size.",
                "LIST",
                "    Show users details in config file format.",
                "LOAD",
                "    Reload users from the ACL file.",
                "LOG [<count> | RESET]",
                "    Show the ACL log entries.",
                "SAVE",
                "    Save the current config to the ACL file.",
                "SETUSER <username> <attribute> [<attribute> ...]",
                "    Create or modify a user with the specified attributes.",
                "USERS",
                "    List all the registered usernames.",
                "WHOAMI",
                "    Return the current connection username.");
    }
}
