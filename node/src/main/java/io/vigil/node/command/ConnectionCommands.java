package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;

import java.nio.charset.StandardCharsets;

/**
 * PING, ECHO, SELECT, QUIT, RESET, HELLO and AUTH: the commands of a connection's own state.
 * Authentication itself is the ACL's ({@link AclCommands#authenticate}).
 */
public final class ConnectionCommands implements NodeFeature {
    private final VigilNode node;

    public ConnectionCommands(VigilNode node) {
        this.node = node;
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("ping", -1).flags(CommandFlag.FAST, CommandFlag.SENTINEL)
                .categories("fast", "connection").handler(this::ping));
        table.register(CommandSpec.builder("echo", 2).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .categories("fast", "connection").handler(call -> call.reply().bulk(call.arg(1))));
        table.register(CommandSpec.builder("select", 2).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .categories("fast", "connection").handler(this::select));
        table.register(CommandSpec.builder("quit", -1).flags(CommandFlag.ALLOW_BUSY, CommandFlag.NOSCRIPT,
                        CommandFlag.NO_AUTH, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .categories("fast", "connection").handler(call -> {
                    call.reply().ok();
                    call.session().closeAfterReply();
                }));
        table.register(CommandSpec.builder("reset", 1).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                        CommandFlag.STALE, CommandFlag.FAST, CommandFlag.NO_AUTH, CommandFlag.ALLOW_BUSY)
                .categories("fast", "connection").handler(this::reset));
        table.register(CommandSpec.builder("hello", -1).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                        CommandFlag.STALE, CommandFlag.FAST, CommandFlag.NO_AUTH, CommandFlag.SENTINEL,
                        CommandFlag.ALLOW_BUSY)
                .categories("fast", "connection").handler(this::hello));
        table.register(CommandSpec.builder("auth", -2).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                        CommandFlag.STALE, CommandFlag.FAST, CommandFlag.NO_AUTH, CommandFlag.SENTINEL,
                        CommandFlag.ALLOW_BUSY)
                .categories("fast", "connection").handler(this::auth));
    }

    private void ping(CommandCall call) {
        if (call.argc() > 2) {
            throw new CommandError("ERR wrong number of arguments for 'ping' command");
        }
        boolean subscribed = node.server().pubSub().subscriptions(call.session()) > 0 && !call.reply().resp3();
        if (subscribed) {
            // In RESP2 subscribed context Redis answers PING with a pong message array.
            call.reply().array(2).bulk("pong").bulk(call.argc() == 2 ? call.arg(1) : new byte[0]);
        } else if (call.argc() == 2) {
            call.reply().bulk(call.arg(1));
        } else {
            call.reply().simple("PONG");
        }
    }

    private void select(CommandCall call) {
        int index;
        try {
            index = Integer.parseInt(call.text(1));
        } catch (NumberFormatException e) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        if (index < 0 || index >= node.keyspace().count()) {
            throw new CommandError("ERR DB index is out of range");
        }
        call.session().db(index);
        call.reply().ok();
    }

    /** RESET: back to a fresh connection's state (clearClientConnectionState), then +RESET. */
    private void reset(CommandCall call) {
        ClientSession session = call.session();
        if (session.kind() == ClientKind.REPLICA || session.kind() == ClientKind.MASTER) {
            throw new CommandError("ERR can only reset normal client connections");
        }
        for (NodeFeature feature : node.features()) {
            if (feature instanceof ConnectionStateOwner owner) {
                owner.resetConnection(session);
            }
        }
        session.db(0);
        session.writer().protocol(2);
        AclCommands.setDefaultAuth(node, session);
        node.server().endMulti(session);
        node.server().pubSub().unsubscribeAll(session);
        session.name("");
        session.noEvict(false);
        session.replyMode(ClientSession.ReplyMode.ON);
        call.reply().simple("RESET");
    }

    /** HELLO [protover [AUTH username password] [SETNAME clientname]]. */
    private void hello(CommandCall call) {
        ClientSession session = call.session();
        long version = 0;
        int next = 1;
        if (call.argc() >= 2) {
            try {
                version = Long.parseLong(call.text(1));
            } catch (NumberFormatException e) {
                throw new CommandError("ERR Protocol version is not an integer or out of range");
            }
            next = 2;
            if (version < 2 || version > 3) {
                throw new CommandError("NOPROTO unsupported protocol version");
            }
        }
        byte[] user = null;
        byte[] password = null;
        String clientName = null;
        for (int j = next; j < call.argc(); j++) {
            int more = call.argc() - 1 - j;
            if (call.is(j, "AUTH") && more >= 2) {
                user = call.arg(j + 1);
                password = call.arg(j + 2);
                j += 2;
            } else if (call.is(j, "SETNAME") && more >= 1) {
                clientName = call.text(j + 1);
                String error = ClientCommand.validateName(clientName);
                if (error != null) {
                    throw new CommandError(error);
                }
                j++;
            } else {
                throw new CommandError("ERR Syntax error in HELLO option '" + call.text(j) + "'");
            }
        }
        if (user != null && !AclCommands.authenticate(node, call, user, password)) {
            return;
        }
        if (!session.authenticated() && node.acl().defaultUserRequiresAuth()) {
            throw new CommandError("NOAUTH HELLO must be called with the client already authenticated, otherwise "
                    + "the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
        }
        if (clientName != null) {
            session.name(clientName);
        }
        if (version != 0) {
            session.writer().protocol((int) version);
        }
        RespWriter out = call.reply();
        out.map(7);
        out.bulk("server").bulk("redis");
        out.bulk("version").bulk(VigilNode.REDIS_VERSION);
        out.bulk("proto").integer(session.protocol());
        out.bulk("id").integer(session.id());
        out.bulk("mode").bulk("standalone");
        out.bulk("role").bulk(node.isReplica() ? "replica" : "master");
        out.bulk("modules").array(0);
    }

    /** AUTH [username] password. */
    private void auth(CommandCall call) {
        if (call.argc() > 3) {
            throw CommandError.syntax();
        }
        byte[] user;
        byte[] password;
        if (call.argc() == 2) {
            if (node.acl().defaultUser().nopass()) {
                throw new CommandError("ERR AUTH <password> called without any password configured for the default "
                        + "user. Are you sure your configuration is correct?");
            }
            user = "default".getBytes(StandardCharsets.US_ASCII);
            password = call.arg(1);
        } else {
            user = call.arg(1);
            password = call.arg(2);
        }
        if (AclCommands.authenticate(node, call, user, password)) {
            call.reply().ok();
        }
    }
}
