package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;

/** PING, ECHO, SELECT, QUIT: the commands of a connection's own state. */
public final class ConnectionCommands implements NodeFeature {
    private final VigilNode node;

    public ConnectionCommands(VigilNode node) {
        this.node = node;
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("ping", -1).flags(CommandFlag.FAST, CommandFlag.SENTINEL)
                .categories("fast", "connection").handler(this::ping));
        table.register(CommandSpec.builder("echo", 2).flags(CommandFlag.FAST)
                .categories("fast", "connection").handler(call -> call.reply().bulk(call.arg(1))));
        table.register(CommandSpec.builder("select", 2).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .categories("fast", "connection").handler(this::select));
        table.register(CommandSpec.builder("quit", -1).flags(CommandFlag.ALLOW_BUSY, CommandFlag.NO_AUTH,
                        CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .categories("fast", "connection").handler(call -> {
                    call.reply().ok();
                    call.session().closeAfterReply();
                }));
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
}
