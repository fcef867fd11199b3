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
import io.vigil.node.store.Database;
import io.vigil.node.store.KeyModificationListener;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH. Queueing is the kernel's; this runs the queue, checks
 * watched keys (touched by any client, flushed, or expired since WATCH, as Redis 7.0) and sends the
 * transaction's writes to replicas and the AOF as one MULTI ... EXEC block.
 */
public final class TransactionCommands implements NodeFeature, ConnectionStateOwner, KeyModificationListener {
    private final VigilNode node;
    /** db index -> key -> clients watching it. */
    private final Map<Integer, Map<ByteBuffer, LinkedHashSet<ClientSession>>> watchers = new HashMap<>();
    private int watchedKeys;

    /** One client's watched keys and whether one of them was touched (Redis's CLIENT_DIRTY_CAS). */
    private static final class WatchState {
        final List<Watched> keys = new ArrayList<>();
        boolean touched;
    }

    private record Watched(int db, ByteBuffer key, boolean expiredWhenWatched) {
    }

    public TransactionCommands(VigilNode node) {
        this.node = node;
        node.keyspace().addModificationListener(this);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("multi", 1).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE, CommandFlag.FAST, CommandFlag.ALLOW_BUSY)
                .categories("fast", "transaction").handler(this::multi));
        table.register(CommandSpec.builder("exec", 1).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE, CommandFlag.SKIP_SLOWLOG)
                .categories("slow", "transaction").handler(this::exec));
        table.register(CommandSpec.builder("discard", 1).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE, CommandFlag.FAST, CommandFlag.ALLOW_BUSY)
                .categories("fast", "transaction").handler(this::discard));
        table.register(CommandSpec.builder("watch", -2).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE, CommandFlag.FAST, CommandFlag.ALLOW_BUSY).keys(1, -1, 1)
                .categories("fast", "transaction").handler(this::watch));
        table.register(CommandSpec.builder("unwatch", 1).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE, CommandFlag.FAST, CommandFlag.ALLOW_BUSY)
                .categories("fast", "transaction").handler(call -> {
                    unwatchAll(call.session());
                    call.reply().ok();
                }));
    }

    private void multi(CommandCall call) {
        if (call.session().attachment(MultiState.class) != null) {
            throw new CommandError("ERR MULTI calls can not be nested");
        }
        node.server().beginMulti(call.session());
        call.reply().ok();
    }

    private void discard(CommandCall call) {
        if (call.session().attachment(MultiState.class) == null) {
            throw new CommandError("ERR DISCARD without MULTI");
        }
        discardTransaction(call.session());
        call.reply().ok();
    }

    private void discardTransaction(ClientSession session) {
        node.server().endMulti(session);
        unwatchAll(session);
    }

    private void exec(CommandCall call) {
        ClientSession session = call.session();
        MultiState multi = session.attachment(MultiState.class);
        if (multi == null) {
            throw new CommandError("ERR EXEC without MULTI");
        }
        boolean touched = watchedKeyTouched(session) || watchedKeyExpired(session, call.nowMillis());
        if (multi.aborted() || touched) {
            discardTransaction(session);
            if (multi.aborted()) {
                throw new CommandError("EXECABORT Transaction discarded because of previous errors.");
            }
            call.reply().nullArray();
            return;
        }
        node.server().endMulti(session);
        unwatchAll(session);
        AclCommands security = node.feature(AclCommands.class);
        RespWriter out = call.reply();
        List<MultiState.Queued> queued = multi.queued();
        out.array(queued.size());
        List<byte[][]> writes = new ArrayList<>();
        List<Integer> dbs = new ArrayList<>();
        for (MultiState.Queued command : queued) {
            String denied = security == null ? null
                    : security.checkAtExec(session, command.spec(), command.argv());
            if (denied != null) {
                out.error(denied);
                continue;
            }
            CommandCall inner = node.server().invokeQueued(session, command.spec(), command.argv(), call.nowMillis());
            for (byte[][] write : inner.propagation()) {
                writes.add(write);
                dbs.add(session.db());
            }
            node.afterQueuedCommand(inner);
        }
        if (writes.size() == 1) {
            node.propagation().propagate(dbs.get(0), writes.get(0));
        } else if (!writes.isEmpty()) {
            node.propagation().propagateTransaction(dbs, writes);
        }
    }

    private void watch(CommandCall call) {
        ClientSession session = call.session();
        if (session.attachment(MultiState.class) != null) {
            throw new CommandError("ERR WATCH inside MULTI is not allowed");
        }
        WatchState state = session.attachment(WatchState.class);
        if (state == null) {
            state = new WatchState();
            session.attach(WatchState.class, state);
        }
        int db = session.db();
        Database database = node.keyspace().db(db);
        for (int i = 1; i < call.argc(); i++) {
            ByteBuffer key = ByteBuffer.wrap(call.arg(i));
            boolean already = false;
            for (Watched watched : state.keys) {
                if (watched.db() == db && watched.key().equals(key)) {
                    already = true;
                    break;
                }
            }
            if (already) {
                continue;
            }
            long expireAt = database.expireAt(call.arg(i));
            boolean expired = expireAt >= 0 && expireAt <= call.nowMillis() && database.peek(call.arg(i)) != null;
            state.keys.add(new Watched(db, key, expired));
            watchers.computeIfAbsent(db, k -> new HashMap<>()).computeIfAbsent(key, k -> new LinkedHashSet<>())
                    .add(session);
            watchedKeys++;
        }
        call.reply().ok();
    }

    private void unwatchAll(ClientSession session) {
        WatchState state = session.attachment(WatchState.class);
        if (state == null) {
            return;
        }
        session.attach(WatchState.class, null);
        for (Watched watched : state.keys) {
            Map<ByteBuffer, LinkedHashSet<ClientSession>> byKey = watchers.get(watched.db());
            if (byKey == null) {
                continue;
            }
            LinkedHashSet<ClientSession> sessions = byKey.get(watched.key());
            if (sessions != null && sessions.remove(session)) {
                watchedKeys--;
                if (sessions.isEmpty()) {
                    byKey.remove(watched.key());
                }
            }
        }
    }

    /** True when a key this client watches was modified (CLIENT LIST's "d" flag). */
    static boolean watchedKeyTouched(ClientSession session) {
        WatchState state = session.attachment(WatchState.class);
        return state != null && state.touched;
    }

    /** Redis 7.0's isWatchedKeyExpired: a watched key that was alive at WATCH time has logically expired. */
    private boolean watchedKeyExpired(ClientSession session, long nowMillis) {
        WatchState state = session.attachment(WatchState.class);
        if (state == null) {
            return false;
        }
        for (Watched watched : state.keys) {
            if (watched.expiredWhenWatched()) {
                continue;
            }
            Database db = node.keyspace().db(watched.db());
            byte[] key = watched.key().array();
            long expireAt = db.expireAt(key);
            if (expireAt >= 0 && expireAt <= nowMillis && db.peek(key) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void modified(Database db, byte[] key) {
        if (watchedKeys == 0) {
            return;
        }
        Map<ByteBuffer, LinkedHashSet<ClientSession>> byKey = watchers.get(db.index());
        if (byKey == null) {
            return;
        }
        LinkedHashSet<ClientSession> sessions = byKey.get(ByteBuffer.wrap(key));
        if (sessions != null) {
            for (ClientSession session : sessions) {
                WatchState state = session.attachment(WatchState.class);
                if (state != null) {
                    state.touched = true;
                }
            }
        }
    }

    /** FLUSHDB, FLUSHALL, SWAPDB: watchers of keys that exist in the database are touched. */
    @Override
    public void modifiedAll(Database db) {
        if (watchedKeys == 0) {
            return;
        }
        Map<ByteBuffer, LinkedHashSet<ClientSession>> byKey = watchers.get(db.index());
        if (byKey == null) {
            return;
        }
        for (Map.Entry<ByteBuffer, LinkedHashSet<ClientSession>> entry : byKey.entrySet()) {
            if (db.peek(entry.getKey().array()) == null) {
                continue;
            }
            for (ClientSession session : entry.getValue()) {
                WatchState state = session.attachment(WatchState.class);
                if (state != null) {
                    state.touched = true;
                }
            }
        }
    }

    @Override
    public void resetConnection(ClientSession session) {
        discardTransaction(session);
    }

    @Override
    public void closed(ClientSession session) {
        unwatchAll(session);
    }
}
