package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientPause;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandHandler;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.MultiState;
import io.vigil.node.server.PubSub;
import io.vigil.node.server.ServerLog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CLIENT and its subcommands, and the idle-client timeout of the server cron. */
public final class ClientCommand implements NodeFeature {
    private final VigilNode node;
    private long lastTimeoutCheckMillis;

    public ClientCommand(VigilNode node) {
        this.node = node;
    }

    @Override
    public void register(CommandTable table) {
        CommandSpec.Builder client = CommandSpec.builder("client", -2).categories("slow");
        client.subcommand(sub("caching", 3, false, this::caching));
        client.subcommand(sub("getname", 2, false, call -> {
            String name = call.session().name();
            if (name.isEmpty()) {
                call.reply().nullBulk();
            } else {
                call.reply().bulk(name);
            }
        }));
        client.subcommand(sub("getredir", 2, false, call -> call.reply().integer(-1)));
        client.subcommand(sub("id", 2, false, call -> call.reply().integer(call.session().id())));
        client.subcommand(sub("info", 2, false, call -> call.reply().verbatim(describe(node, call.session()) + "\n")));
        client.subcommand(sub("kill", -3, true, this::kill));
        client.subcommand(sub("list", -2, true, this::list));
        client.subcommand(sub("no-evict", 3, true, call -> call.session().noEvict(onOff(call))));
        client.subcommand(sub("no-touch", 3, false, call -> call.session().noTouch(onOff(call))));
        client.subcommand(sub("pause", -3, true, this::pause));
        client.subcommand(sub("reply", 3, false, this::reply));
        client.subcommand(sub("setinfo", 4, false, this::setinfo));
        client.subcommand(sub("setname", 3, false, this::setname));
        client.subcommand(sub("tracking", -3, false, this::tracking));
        client.subcommand(sub("trackinginfo", 2, false, this::trackinginfo));
        client.subcommand(sub("unblock", -3, true, this::unblock));
        client.subcommand(sub("unpause", 2, true, call -> {
            node.pause().unpause();
            call.reply().ok();
        }));
        client.subcommand(CommandSpec.builder("help", 2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                .categories("slow", "connection").handler(this::help));
        table.register(client);
    }

    private static CommandSpec.Builder sub(String name, int arity, boolean admin, CommandHandler handler) {
        CommandSpec.Builder builder = CommandSpec.builder(name, arity)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .categories("slow", "connection").handler(handler);
        if (admin) {
            builder.flags(CommandFlag.ADMIN).categories("admin", "dangerous");
        }
        return builder;
    }

    /** ON / OFF subcommands (NO-EVICT, NO-TOUCH) reply OK, anything else is a syntax error. */
    private static boolean onOff(CommandCall call) {
        boolean on;
        if (call.is(2, "on")) {
            on = true;
        } else if (call.is(2, "off")) {
            on = false;
        } else {
            throw CommandError.syntax();
        }
        call.reply().ok();
        return on;
    }

    /** Redis's validateClientName: no spaces, newlines or special characters ('!'..'~' only). */
    static String validateName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                return "ERR Client names cannot contain spaces, newlines or special characters.";
            }
        }
        return null;
    }

    private void setname(CommandCall call) {
        String name = call.text(2);
        String error = validateName(name);
        if (error != null) {
            throw new CommandError(error);
        }
        call.session().name(name);
        call.reply().ok();
    }

    /** CLIENT SETINFO (Redis 7.2, sent by clients at connect): lib-name and lib-ver. */
    private void setinfo(CommandCall call) {
        String value = call.text(3);
        String attribute;
        if (call.is(2, "lib-name")) {
            attribute = "lib-name";
        } else if (call.is(2, "lib-ver")) {
            attribute = "lib-ver";
        } else {
            throw new CommandError("ERR Unrecognized option '" + call.text(2) + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                throw new CommandError("ERR " + attribute + " cannot contain spaces, newlines or special characters.");
            }
        }
        if (attribute.equals("lib-name")) {
            call.session().libName(value);
        } else {
            call.session().libVersion(value);
        }
        call.reply().ok();
    }

    private void reply(CommandCall call) {
        if (call.is(2, "on")) {
            call.session().replyMode(ClientSession.ReplyMode.ON);
            call.reply().ok();
        } else if (call.is(2, "off")) {
            call.session().replyMode(ClientSession.ReplyMode.OFF);
        } else if (call.is(2, "skip")) {
            if (call.session().replyMode() != ClientSession.ReplyMode.OFF) {
                call.session().replyMode(ClientSession.ReplyMode.SKIP);
            }
        } else {
            throw CommandError.syntax();
        }
    }

    private void pause(CommandCall call) {
        if (call.argc() > 4) {
            throw CommandError.syntax();
        }
        long timeout;
        try {
            timeout = Long.parseLong(call.text(2));
        } catch (NumberFormatException e) {
            throw new CommandError("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (call.argc() == 4) {
            if (call.is(3, "write")) {
                mode = ClientPause.Mode.WRITE;
            } else if (!call.is(3, "all")) {
                throw new CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        long until = call.nowMillis() + timeout;
        if (until < 0) {
            until = Long.MAX_VALUE;
        }
        node.pause().pause(mode, until);
        call.reply().ok();
    }

    private void unblock(CommandCall call) {
        if (call.argc() > 4) {
            throw CommandError.syntax();
        }
        long id;
        try {
            id = Long.parseLong(call.text(2));
        } catch (NumberFormatException e) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        boolean error = false;
        if (call.argc() == 4) {
            if (call.is(3, "error")) {
                error = true;
            } else if (!call.is(3, "timeout")) {
                throw new CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        ClientSession target = node.server().client(id);
        boolean released = false;
        if (target != null && target.isBlocked()) {
            for (NodeFeature feature : node.features()) {
                if (feature instanceof Unblockable unblockable && unblockable.unblock(target, error)) {
                    released = true;
                    break;
                }
            }
        }
        call.reply().integer(released ? 1 : 0);
    }

    private void caching(CommandCall call) {
        throw new CommandError("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN "
                + "or OPTOUT mode enabled");
    }

    /** Server-assisted client-side caching is not implemented: OFF is accepted, ON refused. */
    private void tracking(CommandCall call) {
        if (call.is(2, "off")) {
            call.reply().ok();
        } else if (call.is(2, "on")) {
            throw new CommandError("ERR CLIENT TRACKING is not supported by this server");
        } else {
            throw CommandError.syntax();
        }
    }

    private void trackinginfo(CommandCall call) {
        call.reply().map(3);
        call.reply().bulk("flags").set(1).bulk("off");
        call.reply().bulk("redirect").integer(-1);
        call.reply().bulk("prefixes").array(0);
    }

    private void list(CommandCall call) {
        ClientKind type = null;
        Set<Long> ids = null;
        if (call.argc() == 4 && call.is(2, "type")) {
            type = ClientKind.parse(call.text(3));
            if (type == null) {
                throw new CommandError("ERR Unknown client type '" + call.text(3) + "'");
            }
        } else if (call.argc() > 3 && call.is(2, "id")) {
            ids = new HashSet<>();
            for (int i = 3; i < call.argc(); i++) {
                long id;
                try {
                    id = Long.parseLong(call.text(i));
                } catch (NumberFormatException e) {
                    throw new CommandError("ERR Invalid client ID");
                }
                if (id <= 0) {
                    throw new CommandError("ERR Invalid client ID");
                }
                ids.add(id);
            }
        } else if (call.argc() != 2) {
            throw CommandError.syntax();
        }
        StringBuilder text = new StringBuilder();
        for (ClientSession session : node.server().clients()) {
            if (type != null && kindOf(session) != type) {
                continue;
            }
            if (ids != null && !ids.contains(session.id())) {
                continue;
            }
            text.append(describe(node, session)).append('\n');
        }
        call.reply().verbatim(text.toString());
    }

    /** The type CLIENT KILL / LIST TYPE match (pubsub counts only for normal clients). */
    private static ClientKind kindOf(ClientSession session) {
        return session.kind();
    }

    private void kill(CommandCall call) {
        ClientSession self = call.session();
        if (call.argc() == 3) {
            String addr = call.text(2);
            ClientSession target = null;
            for (ClientSession session : node.server().clients()) {
                if (session.addr().equals(addr)) {
                    target = session;
                    break;
                }
            }
            if (target == null) {
                throw new CommandError("ERR No such client");
            }
            call.reply().ok();
            killClient(target, self);
            return;
        }
        long id = 0;
        ClientKind type = null;
        String addr = null;
        String laddr = null;
        String user = null;
        boolean skipMe = true;
        int i = 2;
        while (i < call.argc()) {
            if (i + 1 >= call.argc()) {
                throw CommandError.syntax();
            }
            String value = call.text(i + 1);
            if (call.is(i, "id")) {
                try {
                    id = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    id = 0;
                }
                if (id <= 0) {
                    throw new CommandError("ERR client-id should be greater than 0");
                }
            } else if (call.is(i, "type")) {
                type = ClientKind.parse(value);
                if (type == null) {
                    throw new CommandError("ERR Unknown client type '" + value + "'");
                }
            } else if (call.is(i, "addr")) {
                addr = value;
            } else if (call.is(i, "laddr")) {
                laddr = value;
            } else if (call.is(i, "user")) {
                if (node.acl().get(value) == null) {
                    throw new CommandError("ERR No such user '" + value + "'");
                }
                user = value;
            } else if (call.is(i, "skipme")) {
                if (value.equalsIgnoreCase("yes")) {
                    skipMe = true;
                } else if (value.equalsIgnoreCase("no")) {
                    skipMe = false;
                } else {
                    throw CommandError.syntax();
                }
            } else {
                throw CommandError.syntax();
            }
            i += 2;
        }
        List<ClientSession> victims = new ArrayList<>();
        for (ClientSession session : node.server().clients()) {
            if (addr != null && !session.addr().equals(addr)) {
                continue;
            }
            if (laddr != null && !session.laddr().equals(laddr)) {
                continue;
            }
            if (type != null && kindOf(session) != type) {
                continue;
            }
            if (id != 0 && session.id() != id) {
                continue;
            }
            if (user != null && !session.user().equals(user)) {
                continue;
            }
            if (session == self && skipMe) {
                continue;
            }
            victims.add(session);
        }
        call.reply().integer(victims.size());
        for (ClientSession victim : victims) {
            killClient(victim, self);
        }
    }

    /** The caller's own connection closes after its reply is written; others close now. */
    private static void killClient(ClientSession victim, ClientSession self) {
        if (victim == self) {
            victim.closeAfterReply();
        } else {
            victim.close();
        }
    }

    /** Closes idle clients once a second when {@code timeout} is set (clientsCronHandleTimeout). */
    @Override
    public void cron(long nowMillis) {
        if (nowMillis - lastTimeoutCheckMillis < 1000) {
            return;
        }
        lastTimeoutCheckMillis = nowMillis;
        long timeoutSeconds = node.config().getLong("timeout");
        if (timeoutSeconds <= 0) {
            return;
        }
        PubSub pubSub = node.server().pubSub();
        for (ClientSession session : new ArrayList<>(node.server().clients())) {
            if (session.kind() == ClientKind.REPLICA || session.kind() == ClientKind.MASTER
                    || session.isBlocked() || pubSub.subscriptions(session) > 0) {
                continue;
            }
            if ((nowMillis - session.lastInteractionMillis()) / 1000 > timeoutSeconds) {
                ServerLog.get().verbose("Closing idle client");
                session.close();
            }
        }
    }

    /** One CLIENT LIST line with Redis 7.0's fields, in its order (catClientInfoString). */
    public static String describe(VigilNode node, ClientSession session) {
        long now = node.server().nowMillis();
        PubSub pubSub = node.server().pubSub();
        MultiState multi = session.attachment(MultiState.class);
        long multiMem = 0;
        if (multi != null) {
            for (MultiState.Queued queued : multi.queued()) {
                for (byte[] arg : queued.argv()) {
                    multiMem += arg.length;
                }
            }
        }
        long argvMem = session.currentArgvBytes();
        int obl = session.writer().pendingBytes();
        long omem = session.pendingOutputBytes();
        long readBuffer = 16384;
        long totalMem = 20496 + readBuffer + argvMem + multiMem + obl + omem;
        StringBuilder line = new StringBuilder(256);
        line.append("id=").append(session.id())
                .append(" addr=").append(session.addr())
                .append(" laddr=").append(session.laddr())
                .append(" fd=").append(session.fd())
                .append(" name=").append(session.name())
                .append(" age=").append((now - session.createdAtMillis()) / 1000)
                .append(" idle=").append((now - session.lastInteractionMillis()) / 1000)
                .append(" flags=").append(flags(session, pubSub, multi))
                .append(" db=").append(session.db())
                .append(" sub=").append(pubSub.channelCount(session))
                .append(" psub=").append(pubSub.patternCount(session))
                .append(" ssub=0")
                .append(" multi=").append(multi == null ? -1 : multi.queued().size())
                .append(" qbuf=").append(session.queryBufferBytes()).append(" qbuf-free=0")
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=").append(readBuffer)
                .append(" rbp=").append(readBuffer)
                .append(" obl=").append(obl)
                .append(" oll=0")
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(totalMem)
                .append(" events=").append(omem > 0 ? "rw" : "r")
                .append(" cmd=").append(session.lastCommand())
                .append(" user=").append(session.user())
                .append(" redir=-1")
                .append(" resp=").append(session.protocol());
        return line.toString();
    }

    private static String flags(ClientSession session, PubSub pubSub, MultiState multi) {
        StringBuilder flags = new StringBuilder(4);
        switch (session.kind()) {
            case REPLICA -> flags.append('S');
            case MASTER -> flags.append('M');
            default -> {
                if (session.server().monitors().contains(session)) {
                    flags.append('O');
                }
            }
        }
        if (pubSub.subscriptions(session) > 0) {
            flags.append('P');
        }
        if (multi != null) {
            flags.append('x');
        }
        if (session.isBlocked()) {
            flags.append('b');
        }
        if (TransactionCommands.watchedKeyTouched(session)) {
            flags.append('d');
        }
        if (session.closingAfterReply()) {
            flags.append('c');
        }
        if (session.isClosing()) {
            flags.append('A');
        }
        if (session.noEvict()) {
            flags.append('e');
        }
        if (session.noTouch()) {
            flags.append('T');
        }
        if (flags.length() == 0) {
            flags.append('N');
        }
        return flags.toString();
    }

    private void help(CommandCall call) {
        Help.reply(call, "CLIENT",
                "CACHING (YES|NO)",
                "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR",
                "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO",
                "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.");
    }
}
