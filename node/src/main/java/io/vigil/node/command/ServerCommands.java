package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.ShutdownParticipant;
import io.vigil.node.ShutdownRequest;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.ServerLog;

/** SHUTDOWN (and the same path for SIGTERM/SIGINT), TIME and MONITOR. */
public final class ServerCommands implements NodeFeature, ConnectionStateOwner {
    private final VigilNode node;
    private boolean shuttingDown;

    public ServerCommands(VigilNode node) {
        this.node = node;
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("shutdown", -1).flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT,
                        CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.NO_MULTI, CommandFlag.SENTINEL,
                        CommandFlag.ALLOW_BUSY)
                .categories("admin", "slow", "dangerous").handler(this::shutdown));
        table.register(CommandSpec.builder("time", 1).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .categories("fast").handler(this::time));
        table.register(CommandSpec.builder("monitor", 1).flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT,
                        CommandFlag.LOADING, CommandFlag.STALE)
                .categories("admin", "slow", "dangerous").handler(this::monitor));
    }

    /**
     * MONITOR: +OK, then every command any client runs (see Monitors). As in Redis, a replica or a
     * client already monitoring gets no reply at all, and a transaction cannot start monitoring.
     */
    private void monitor(CommandCall call) {
        ClientSession session = call.session();
        if (call.inTransaction()) {
            throw new CommandError("ERR MONITOR isn't allowed for DENY BLOCKING client");
        }
        if (session.kind() == ClientKind.REPLICA || session.kind() == ClientKind.MASTER
                || !node.server().monitors().add(session)) {
            return;
        }
        call.reply().ok();
    }

    /** RESET leaves monitor mode (Redis's clearClientConnectionState). */
    @Override
    public void resetConnection(ClientSession session) {
        node.server().monitors().remove(session);
    }

    private void time(CommandCall call) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        call.reply().array(2).bulk(Long.toString(micros / 1_000_000)).bulk(Long.toString(micros % 1_000_000));
    }

    private void shutdown(CommandCall call) {
        boolean save = false;
        boolean noSave = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < call.argc(); i++) {
            if (call.is(i, "nosave")) {
                noSave = true;
            } else if (call.is(i, "save")) {
                save = true;
            } else if (call.is(i, "now")) {
                now = true;
            } else if (call.is(i, "force")) {
                force = true;
            } else if (call.is(i, "abort")) {
                abort = true;
            } else {
                throw CommandError.syntax();
            }
        }
        if ((abort && (save || noSave || now || force)) || (save && noSave)) {
            throw CommandError.syntax();
        }
        if (abort) {
            // Vigil never waits for replicas before exiting, so there is nothing to abort.
            throw new CommandError("ERR No shutdown in progress.");
        }
        if (!shutdown(new ShutdownRequest(save, noSave, now, force, null))) {
            throw new CommandError("ERR Errors trying to SHUTDOWN. Check logs.");
        }
    }

    /**
     * Redis's prepareForShutdown and finishShutdown: lets every participant save and flush, then
     * closes everything and exits. Returns false when a participant refused (the node keeps
     * running). Runs on the event loop.
     */
    public boolean shutdown(ShutdownRequest request) {
        if (shuttingDown) {
            return true;
        }
        ServerLog log = ServerLog.get();
        log.warning("User requested shutdown...");
        for (NodeFeature feature : node.features()) {
            if (feature instanceof ShutdownParticipant participant && !participant.prepareShutdown(request)) {
                if (!request.force()) {
                    log.warning("Errors trying to shut down the server. Check the logs for more information.");
                    return false;
                }
                log.warning("Error during shutdown, but FORCE was used: exiting anyway.");
            }
        }
        shuttingDown = true;
        node.finishShutdown();
        return true;
    }

    /** SIGTERM / SIGINT: the same shutdown, scheduled on the event loop. */
    public void shutdownOnSignal(String signal) {
        node.server().eventLoop().execute(() -> {
            if (!shutdown(ShutdownRequest.fromSignal(signal))) {
                ServerLog.get().warning(signal + " received but errors trying to shut down the server, check the "
                        + "logs for more information");
            }
        });
    }
}
