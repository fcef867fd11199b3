package io.vigil.node.aof;

import io.netty.channel.embedded.EmbeddedChannel;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerLog;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Redis's fake AOF client: replays commands straight into their handlers (no ACL, no refusals, no
 * propagation, replies discarded), queueing between MULTI and EXEC as the fake client does. The
 * command clock is 0 so that nothing expires while loading, as Redis does not expire keys then:
 * expiries in an AOF are absolute (PEXPIREAT, SET ... PXAT) and take effect once the node runs.
 */
final class AofClient implements AutoCloseable {
    /** A channel that goes nowhere, with socket-style addresses for code that prints them. */
    private static final class NowhereChannel extends EmbeddedChannel {
        private static final InetSocketAddress NOWHERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

        @Override
        protected SocketAddress localAddress0() {
            return NOWHERE;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return NOWHERE;
        }
    }

    private final RespServer server;
    private final CommandTable table;
    private final ClientSession session;
    private List<byte[][]> queued;

    AofClient(RespServer server) {
        this.server = server;
        this.table = server.commands();
        this.session = server.openSession(new NowhereChannel(), ClientKind.NORMAL);
        this.session.authenticate("default");
    }

    boolean inMulti() {
        return queued != null;
    }

    /** Runs (or queues) one command; an unknown command is a fatal load error, as in Redis. */
    void execute(byte[][] argv, String fileName) throws AofFormatException {
        String name = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        CommandSpec spec = resolve(argv);
        if (spec == null) {
            ServerLog.get().warning("Unknown command '" + new String(argv[0], StandardCharsets.UTF_8)
                    + "' reading the append only file " + fileName);
            throw new AofFormatException("Unknown command '" + new String(argv[0], StandardCharsets.UTF_8)
                    + "' reading the append only file " + fileName);
        }
        if (name.equals("multi")) {
            queued = new ArrayList<>();
            return;
        }
        if (name.equals("exec")) {
            List<byte[][]> commands = queued == null ? List.of() : queued;
            queued = null;
            for (byte[][] command : commands) {
                run(resolve(command), command);
            }
            return;
        }
        if (queued != null) {
            queued.add(argv);
            return;
        }
        run(spec, argv);
    }

    private CommandSpec resolve(byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        if (spec != null && spec.hasSubcommands()) {
            if (argv.length < 2) {
                return null;
            }
            spec = spec.subcommands().get(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        }
        return spec;
    }

    private void run(CommandSpec spec, byte[][] argv) {
        if (!spec.arityAccepts(argv.length)) {
            ServerLog.get().warning("Skipping a command with a wrong number of arguments in the AOF: '" + spec.fullName() + "'");
            return;
        }
        CommandCall call = new CommandCall(session, spec, argv, 0, session.writer());
        try {
            spec.handler().execute(call);
        } catch (CommandError ignored) {
            // The fake client's error replies are discarded, as in Redis.
        } catch (RuntimeException e) {
            ServerLog.get().warning("Command '" + spec.fullName() + "' failed while loading the AOF: " + e);
        }
        var pending = session.writer().drain();
        if (pending != null) {
            pending.release();
        }
    }

    @Override
    public void close() {
        server.closeSession(session);
        session.channel().close();
    }
}
