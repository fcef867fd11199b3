package io.vigil.node.repl;

import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.MultiState;
import io.vigil.node.server.ServerLog;

import java.util.ArrayList;
import java.util.List;

/** REPLCONF, SYNC, PSYNC, REPLICAOF/SLAVEOF, ROLE, WAIT and FAILOVER with Redis 7.0's replies. */
final class ReplicationCommands {
    private final Replication repl;

    ReplicationCommands(Replication repl) {
        this.repl = repl;
    }

    void register(CommandTable table) {
        table.register(CommandSpec.builder("replconf", -1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.ALLOW_BUSY)
                .categories("admin", "slow", "dangerous").handler(this::replconf));
        table.register(CommandSpec.builder("psync", -3)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_MULTI)
                .categories("admin", "slow", "dangerous").handler(repl::sync));
        table.register(CommandSpec.builder("sync", 1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_MULTI)
                .categories("admin", "slow", "dangerous").handler(repl::sync));
        for (String name : List.of("replicaof", "slaveof")) {
            table.register(CommandSpec.builder(name, 3)
                    .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.STALE)
                    .categories("admin", "slow", "dangerous").handler(this::replicaof));
        }
        table.register(CommandSpec.builder("role", 1)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST, CommandFlag.SENTINEL)
                .categories("admin", "fast", "dangerous").handler(this::role));
        table.register(CommandSpec.builder("wait", 3)
                .flags(CommandFlag.NOSCRIPT)
                .categories("slow", "connection").handler(this::waitCommand));
        table.register(CommandSpec.builder("failover", -1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.STALE)
                .categories("admin", "slow", "dangerous").handler(this::failover));
    }

    private static long parseLong(CommandCall call, int index) {
        try {
            return Long.parseLong(call.text(index));
        } catch (NumberFormatException e) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
    }

    private void replconf(CommandCall call) {
        if (call.argc() % 2 == 0) {
            throw CommandError.syntax();
        }
        ClientSession session = call.session();
        for (int j = 1; j < call.argc(); j += 2) {
            if (call.is(j, "listening-port")) {
                long port = parseLong(call, j + 1);
                handle(session).listeningPort = (int) port;
            } else if (call.is(j, "ip-address")) {
                String address = call.text(j + 1);
                if (address.length() >= 46) {
                    throw new CommandError("ERR REPLCONF ip-address provided by replica instance is too long: "
                            + address.length() + " bytes");
                }
                handle(session).announcedIp = address;
            } else if (call.is(j, "capa")) {
                if (call.is(j + 1, "eof")) {
                    handle(session).capaEof = true;
                } else if (call.is(j + 1, "psync2")) {
                    handle(session).capaPsync2 = true;
                }
            } else if (call.is(j, "ack")) {
                ReplicaHandle replica = session.attachment(ReplicaHandle.class);
                if (session.kind() != ClientKind.REPLICA || replica == null) {
                    return;
                }
                long offset;
                try {
                    offset = Long.parseLong(call.text(j + 1));
                } catch (NumberFormatException e) {
                    return;
                }
                repl.ack(replica, offset, call.nowMillis());
                return; // no reply to ACK
            } else if (call.is(j, "getack")) {
                if (repl.isReplica() && repl.link != null && session == repl.link.masterSession()) {
                    repl.link.sendAck();
                }
                return;
            } else if (call.is(j, "rdb-only")) {
                long value = parseLong(call, j + 1);
                if (value != 0 && value != 1) {
                    throw CommandError.syntax();
                }
                handle(session).rdbOnly = value == 1;
            } else if (call.is(j, "rdb-filter-only")) {
                // Only functions could be filtered out; we have none to filter.
                handle(session);
            } else {
                throw new CommandError("ERR Unrecognized REPLCONF option: " + call.text(j));
            }
        }
        call.reply().ok();
    }

    private ReplicaHandle handle(ClientSession session) {
        ReplicaHandle replica = session.attachment(ReplicaHandle.class);
        if (replica == null) {
            replica = new ReplicaHandle(session, repl.node.server().nowMillis());
            session.attach(ReplicaHandle.class, replica);
        }
        return replica;
    }

    private void replicaof(CommandCall call) {
        if (repl.failover.active()) {
            throw new CommandError("ERR REPLICAOF not allowed while failing over.");
        }
        if (call.is(1, "no") && call.is(2, "one")) {
            if (repl.isReplica()) {
                repl.becomeMaster();
                ServerLog.get().notice("MASTER MODE enabled (user request from '" + Replication.clientInfo(call.session()) + "')");
                repl.configChanged();
            }
            call.reply().ok();
            return;
        }
        if (call.session().kind() == ClientKind.REPLICA) {
            throw new CommandError("ERR Command is not valid when client is a replica.");
        }
        long port;
        try {
            port = Long.parseLong(call.text(2));
        } catch (NumberFormatException e) {
            throw new CommandError("ERR Invalid master port");
        }
        if (port < 0 || port > 65535) {
            throw new CommandError("ERR Invalid master port");
        }
        String host = call.text(1);
        if (repl.isReplica() && repl.masterHost.equalsIgnoreCase(host) && repl.masterPort == port) {
            ServerLog.get().notice("REPLICAOF would result into synchronization with the master we are already connected "
                    + "with. No operation performed.");
            call.reply().simple("OK Already connected to specified master");
            return;
        }
        repl.replicaOf(host, (int) port, call.session());
        repl.configChanged();
        call.reply().ok();
    }

    private void role(CommandCall call) {
        var reply = call.reply();
        if (!repl.isReplica()) {
            List<ReplicaHandle> online = new ArrayList<>();
            for (ReplicaHandle replica : repl.replicas) {
                if (replica.state == ReplicaState.ONLINE) {
                    online.add(replica);
                }
            }
            reply.array(3).bulk("master").integer(repl.masterReplOffset).array(online.size());
            for (ReplicaHandle replica : online) {
                reply.array(3).bulk(replica.ip()).bulk(Integer.toString(replica.listeningPort))
                        .bulk(Long.toString(replica.ackOffset));
            }
            return;
        }
        LinkState state = repl.linkState();
        boolean connected = state == LinkState.CONNECTED;
        reply.array(5).bulk("slave").bulk(repl.masterHost).integer(repl.masterPort).bulk(state.roleName())
                .integer(connected ? repl.masterReplOffset : -1);
    }

    private void waitCommand(CommandCall call) {
        if (repl.isReplica()) {
            throw new CommandError("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 "
                    + "if a replica is configured to be writable (which is not the default) writes to replicas are just "
                    + "local and are not propagated.");
        }
        long needed = parseLong(call, 1);
        long timeout;
        try {
            timeout = Long.parseLong(call.text(2));
        } catch (NumberFormatException e) {
            throw new CommandError("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        long target = WaitQueue.lastWrite(call.session());
        int acked = repl.waits.acked(target);
        boolean inMulti = call.session().attachment(MultiState.class) != null;
        if (acked >= needed || inMulti) {
            call.reply().integer(acked);
            return;
        }
        repl.waits.add(call.session(), target, needed, timeout == 0 ? 0 : call.nowMillis() + timeout);
    }

    private void failover(CommandCall call) {
        String host = null;
        int port = 0;
        boolean force = false;
        boolean abort = false;
        long timeout = 0;
        for (int j = 1; j < call.argc(); j++) {
            if (call.is(j, "to") && j + 2 < call.argc() && host == null) {
                host = call.text(j + 1);
                long p;
                try {
                    p = Long.parseLong(call.text(j + 2));
                } catch (NumberFormatException e) {
                    throw new CommandError(CommandError.NOT_INTEGER);
                }
                port = (int) p;
                j += 2;
            } else if (call.is(j, "timeout") && j + 1 < call.argc() && timeout == 0) {
                timeout = parseLong(call, j + 1);
                if (timeout <= 0) {
                    throw new CommandError("ERR FAILOVER timeout must be greater than 0");
                }
                j++;
            } else if (call.is(j, "force") && !force) {
                force = true;
            } else if (call.is(j, "abort") && !abort) {
                abort = true;
            } else {
                throw CommandError.syntax();
            }
        }
        if (abort) {
            if (force || timeout > 0 || host != null) {
                throw CommandError.syntax();
            }
            String error = repl.failover.abortCommand();
            if (error != null) {
                throw new CommandError(error);
            }
            call.reply().ok();
            return;
        }
        if (force && (timeout == 0 || host == null)) {
            throw new CommandError("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        }
        String error = repl.failover.start(host, port, force, timeout, call.nowMillis());
        if (error != null) {
            throw new CommandError(error);
        }
        call.reply().ok();
    }
}
