package io.vigil.node.command;

import io.netty.util.concurrent.ScheduledFuture;
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
import io.vigil.node.store.ListValue;
import io.vigil.node.store.Strings;
import io.vigil.node.store.ZSetValue;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP) as Redis
 * 7.0 serves them. A client that finds no data parks with {@link ClientSession#block}; a key that
 * gets created while clients wait on it is marked ready, and after the command that created it (or
 * after the whole EXEC) the waiting clients are served in the order they blocked, each served pop
 * propagating as the plain command (LPOP, LMOVE, ZPOPMIN...). Timeouts reply a null array. Inside
 * MULTI/EXEC these commands never block. {@link #unblock} serves CLIENT UNBLOCK.
 */
public final class BlockingCommands extends DataFeature implements Unblockable {
    private static final byte[] LPOP = ListCommands.LPOP;
    private static final byte[] RPOP = ListCommands.RPOP;

    private enum Kind {
        BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP;

        boolean list() {
            return ordinal() <= BLMPOP.ordinal();
        }
    }

    /** A waiting key: database index and key bytes. */
    private record DbKey(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof DbKey k && k.db == db && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }

    /** One blocked client: what it waits for and how to serve it. */
    private static final class Waiter {
        final ClientSession session;
        final Kind kind;
        final int db;
        final byte[][] keys;
        /** LEFT / MIN */
        final boolean left;
        final boolean toLeft;
        final byte[] target;
        final long count;
        ScheduledFuture<?> timer;
        boolean done;

        Waiter(ClientSession session, Kind kind, int db, byte[][] keys, boolean left, boolean toLeft, byte[] target,
               long count) {
            this.session = session;
            this.kind = kind;
            this.db = db;
            this.keys = keys;
            this.left = left;
            this.toLeft = toLeft;
            this.target = target;
            this.count = count;
        }
    }

    /** The reason blocked sessions carry (CLIENT LIST shows them as blocked). */
    private static final Object BLOCKED = new Object() {
        @Override
        public String toString() {
            return "blocked-on-keys";
        }
    };

    /** Marks a session whose EXEC is running: its blocking commands must not block. */
    private static final class InExec {
        static final InExec MARK = new InExec();
    }

    private final Map<DbKey, ArrayDeque<Waiter>> waiting = new HashMap<>();
    private final Map<ClientSession, Waiter> bySession = new HashMap<>();
    private final LinkedHashSet<DbKey> readyKeys = new LinkedHashSet<>();
    private boolean serving;
    /** Sessions carrying the InExec mark: lets afterCommand skip the attachment lookup almost always. */
    private int execMarks;

    public BlockingCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void start() {
        node.keyspace().addKeyAddedListener((db, key, value) -> {
            if (!waiting.isEmpty() && (value instanceof ListValue || value instanceof ZSetValue)) {
                DbKey k = new DbKey(db.index(), key);
                if (waiting.containsKey(k)) {
                    readyKeys.add(k);
                }
            }
        });
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("blmove", 6).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING).keys(1, 2, 1)
                .categories("write", "list", "slow", "blocking").handler(this::blmove));
        table.register(CommandSpec.builder("blmpop", -5).flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                .categories("write", "list", "slow", "blocking").handler(this::blmpop));
        table.register(CommandSpec.builder("blpop", -3).flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING).keys(1, -2, 1)
                .categories("write", "list", "slow", "blocking").handler(call -> bpop(call, Kind.BLPOP)));
        table.register(CommandSpec.builder("brpop", -3).flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING).keys(1, -2, 1)
                .categories("write", "list", "slow", "blocking").handler(call -> bpop(call, Kind.BRPOP)));
        table.register(CommandSpec.builder("brpoplpush", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING).keys(1, 2, 1)
                .categories("write", "list", "slow", "blocking").handler(this::brpoplpush));
        table.register(CommandSpec.builder("bzmpop", -5).flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                .categories("write", "sortedset", "slow", "blocking").handler(this::bzmpop));
        table.register(CommandSpec.builder("bzpopmax", -3).flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING, CommandFlag.FAST).keys(1, -2, 1)
                .categories("write", "sortedset", "fast", "blocking").handler(call -> bpop(call, Kind.BZPOPMAX)));
        table.register(CommandSpec.builder("bzpopmin", -3).flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING, CommandFlag.FAST).keys(1, -2, 1)
                .categories("write", "sortedset", "fast", "blocking").handler(call -> bpop(call, Kind.BZPOPMIN)));
    }

    private ListCommands lists() {
        return node.feature(ListCommands.class);
    }

    private SortedSetCommands zsets() {
        return node.feature(SortedSetCommands.class);
    }

    /** Blocked clients (INFO blocked_clients). */
    public int blockedClients() {
        return bySession.size();
    }

    /** Keys with at least one blocked client. */
    public int blockingKeys() {
        return waiting.size();
    }

    // ------------------------------------------------------------------ timeouts

    /**
     * getTimeoutFromObjectOrReply in seconds: a long double, truncated to milliseconds; negative is
     * refused; 0 waits forever. Returns the absolute deadline in ms, or 0 for none.
     */
    static long timeout(byte[] arg, long nowMillis) {
        BigDecimal seconds = LongDouble.parse(arg);
        if (seconds == null) {
            throw new CommandError("ERR timeout is not a float or out of range");
        }
        if (seconds == LongDouble.INFINITE) {
            // (long long)(inf * 1000) is LLONG_MIN on x86: "negative", whatever the sign
            throw new CommandError("ERR timeout is negative");
        }
        BigDecimal millis = seconds.multiply(BigDecimal.valueOf(1000));
        long value;
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || millis.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            // out of long long range: the x86 conversion yields LLONG_MIN
            throw new CommandError("ERR timeout is negative");
        }
        value = millis.longValue();
        if (value < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        if (value == 0) {
            return 0;
        }
        if (value > Long.MAX_VALUE - nowMillis) {
            return 0; // the deadline overflows in Redis too, and the client waits until served
        }
        return value + nowMillis;
    }

    // ------------------------------------------------------------------ commands

    /** True while the session's EXEC runs its queued commands (Redis's CLIENT_DENY_BLOCKING). */
    private boolean denyBlocking(ClientSession session) {
        return execMarks > 0 && session.attachment(InExec.class) != null && session.attachment(MultiState.class) == null;
    }

    private void bpop(CommandCall call, Kind kind) {
        long deadline = timeout(call.arg(call.argc() - 1), call.nowMillis());
        Database db = db(call);
        int numKeys = call.argc() - 2;
        for (int j = 0; j < numKeys; j++) {
            byte[] key = call.arg(1 + j);
            if (kind.list()) {
                ListValue list = write(call, db, key, ListValue.class);
                if (list == null || list.isEmpty()) {
                    continue;
                }
                boolean head = kind == Kind.BLPOP;
                byte[] value = head ? list.popHead() : list.popTail();
                call.reply().array(2).bulk(key).bulk(value);
                lists().elementsRemoved(db, key, head, list);
                call.dirty(1);
                call.propagate(head ? LPOP : RPOP, key);
                return;
            }
            ZSetValue zset = write(call, db, key, ZSetValue.class);
            if (zset == null || zset.size() == 0) {
                continue;
            }
            boolean min = kind == Kind.BZPOPMIN;
            int n = zsets().pop(call.reply(), db, key, zset, min, -1, true, false);
            call.dirty(n);
            call.propagate(min ? SortedSetCommands.ZPOPMIN : SortedSetCommands.ZPOPMAX, key);
            return;
        }
        if (denyBlocking(call.session())) {
            call.reply().nullArray();
            return;
        }
        byte[][] keys = Arrays.copyOfRange(call.argv(), 1, 1 + numKeys);
        block(call, new Waiter(call.session(), kind, call.session().db(), keys,
                kind == Kind.BLPOP || kind == Kind.BZPOPMIN, false, null, -1), deadline);
    }

    private void blmove(CommandCall call) {
        boolean fromLeft = ListCommands.position(call.arg(3));
        boolean toLeft = ListCommands.position(call.arg(4));
        long deadline = timeout(call.arg(5), call.nowMillis());
        move(call, Kind.BLMOVE, fromLeft, toLeft, deadline);
    }

    private void brpoplpush(CommandCall call) {
        long deadline = timeout(call.arg(3), call.nowMillis());
        move(call, Kind.BRPOPLPUSH, false, true, deadline);
    }

    private void move(CommandCall call, Kind kind, boolean fromLeft, boolean toLeft, long deadline) {
        Database db = db(call);
        byte[] src = call.arg(1);
        ListValue list = write(call, db, src, ListValue.class);
        if (list == null) {
            if (denyBlocking(call.session())) {
                call.reply().nullBulk();
                return;
            }
            block(call, new Waiter(call.session(), kind, call.session().db(), new byte[][]{src}, fromLeft, toLeft,
                    call.arg(2), -1), deadline);
            return;
        }
        lists().moveOne(call.reply(), db, src, list, call.arg(2), fromLeft, toLeft, call.nowMillis());
        call.dirty(1);
        if (kind == Kind.BLMOVE) {
            call.propagate(ListCommands.LMOVE, src, call.arg(2), call.arg(3), call.arg(4));
        } else {
            call.propagate(ListCommands.RPOPLPUSH, src, call.arg(2));
        }
    }

    private void blmpop(CommandCall call) {
        long deadline = timeout(call.arg(1), call.nowMillis());
        MpopArgs args = MpopArgs.parse(call.argv(), 2, true);
        Database db = db(call);
        for (int j = 0; j < args.numKeys; j++) {
            byte[] key = call.arg(args.firstKey + j);
            ListValue list = write(call, db, key, ListValue.class);
            if (list == null || list.isEmpty()) {
                continue;
            }
            int n = lists().popRangeWithKey(call.reply(), db, key, list, args.left, args.count);
            call.dirty(n);
            call.propagate(args.left ? LPOP : RPOP, key, Strings.fromLong(n));
            return;
        }
        if (denyBlocking(call.session())) {
            call.reply().nullArray();
            return;
        }
        byte[][] keys = Arrays.copyOfRange(call.argv(), args.firstKey, args.firstKey + args.numKeys);
        block(call, new Waiter(call.session(), Kind.BLMPOP, call.session().db(), keys, args.left, false, null,
                args.count), deadline);
    }

    private void bzmpop(CommandCall call) {
        long deadline = timeout(call.arg(1), call.nowMillis());
        MpopArgs args = MpopArgs.parse(call.argv(), 2, false);
        Database db = db(call);
        for (int j = 0; j < args.numKeys; j++) {
            byte[] key = call.arg(args.firstKey + j);
            ZSetValue zset = write(call, db, key, ZSetValue.class);
            if (zset == null || zset.size() == 0) {
                continue;
            }
            int n = zsets().pop(call.reply(), db, key, zset, args.left, args.count, true, true);
            call.dirty(n);
            call.propagate(args.left ? SortedSetCommands.ZPOPMIN : SortedSetCommands.ZPOPMAX, key, Strings.fromLong(n));
            return;
        }
        if (denyBlocking(call.session())) {
            call.reply().nullArray();
            return;
        }
        byte[][] keys = Arrays.copyOfRange(call.argv(), args.firstKey, args.firstKey + args.numKeys);
        block(call, new Waiter(call.session(), Kind.BZMPOP, call.session().db(), keys, args.left, false, null,
                args.count), deadline);
    }

    // ------------------------------------------------------------------ blocking machinery

    private void block(CommandCall call, Waiter waiter, long deadline) {
        ClientSession session = call.session();
        for (byte[] key : waiter.keys) {
            ArrayDeque<Waiter> queue = waiting.computeIfAbsent(new DbKey(waiter.db, key), k -> new ArrayDeque<>());
            if (!queue.contains(waiter)) {
                queue.addLast(waiter);
            }
        }
        bySession.put(session, waiter);
        if (deadline > 0) {
            long delay = Math.max(0, deadline - call.nowMillis());
            waiter.timer = node.server().schedule(() -> timedOut(waiter), delay);
        }
        session.block(BLOCKED);
    }

    private void timedOut(Waiter waiter) {
        if (waiter.done) {
            return;
        }
        waiter.session.writer().nullArray();
        release(waiter);
        waiter.session.flushSoon();
        waiter.session.unblock();
    }

    /** Forgets a waiter everywhere; does not resume its session. */
    private void release(Waiter waiter) {
        waiter.done = true;
        if (waiter.timer != null) {
            waiter.timer.cancel(false);
        }
        bySession.remove(waiter.session);
        for (byte[] key : waiter.keys) {
            DbKey k = new DbKey(waiter.db, key);
            ArrayDeque<Waiter> queue = waiting.get(k);
            if (queue != null) {
                queue.remove(waiter);
                if (queue.isEmpty()) {
                    waiting.remove(k);
                }
            }
        }
    }

    /**
     * CLIENT UNBLOCK: releases a client blocked here, replying as on timeout (a null array) or with
     * the UNBLOCKED error. False when the client is not blocked by this feature.
     */
    @Override
    public boolean unblock(ClientSession session, boolean withError) {
        Waiter waiter = bySession.get(session);
        if (waiter == null) {
            return false;
        }
        if (withError) {
            session.writer().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        } else {
            session.writer().nullArray();
        }
        release(waiter);
        session.flushSoon();
        session.unblock();
        return true;
    }

    @Override
    public void closed(ClientSession session) {
        Waiter waiter = bySession.get(session);
        if (waiter != null) {
            release(waiter);
        }
        if (execMarks > 0 && session.attachment(InExec.class) != null) {
            session.attach(InExec.class, null);
            execMarks--;
        }
    }

    @Override
    public String refuse(ClientSession session, CommandSpec spec, byte[][] argv) {
        if (spec.container() == null && spec.name().equals("exec") && session.attachment(MultiState.class) != null
                && session.attachment(InExec.class) == null) {
            session.attach(InExec.class, InExec.MARK);
            execMarks++;
        }
        return null;
    }

    @Override
    public void afterCommand(CommandCall call) {
        ClientSession session = call.session();
        if (execMarks > 0 && session.attachment(InExec.class) != null) {
            if (denyBlocking(session) && !isTransactionEnd(call.spec())) {
                return; // a command queued in the transaction: serve after the whole EXEC
            }
            if (isTransactionEnd(call.spec())) {
                session.attach(InExec.class, null);
                execMarks--;
            }
        }
        if (!readyKeys.isEmpty()) {
            // Served pops change the dataset: count them on the command that made them possible,
            // so that the persistence feature (consulted after this one) sees them as Redis's dirty.
            call.dirty(handleReadyKeys(call.nowMillis()));
        }
    }

    private static boolean isTransactionEnd(CommandSpec spec) {
        if (spec.container() != null) {
            return false;
        }
        String name = spec.name();
        return name.equals("exec") || name.equals("discard") || name.equals("reset") || name.equals("quit");
    }

    /** After SWAPDB: keys of the swapped-in data that blocked clients of this index wait for. */
    public void scanForReadyKeys(Database db) {
        for (DbKey k : waiting.keySet()) {
            if (k.db == db.index()) {
                Object value = db.peek(k.key);
                if (value instanceof ListValue || value instanceof ZSetValue) {
                    readyKeys.add(k);
                }
            }
        }
    }

    /**
     * Redis's handleClientsBlockedOnKeys: for each ready key in signal order, serve its waiters in
     * blocking order while data lasts. Served clients resume (running their queued requests) only
     * after the whole round, as Redis processes unblocked clients before sleeping.
     */
    private int handleReadyKeys(long nowMillis) {
        if (serving) {
            return 0;
        }
        serving = true;
        int changes = 0;
        List<Waiter> served = new ArrayList<>();
        try {
            while (!readyKeys.isEmpty()) {
                DbKey ready = readyKeys.iterator().next();
                readyKeys.remove(ready);
                ArrayDeque<Waiter> queue = waiting.get(ready);
                if (queue == null) {
                    continue;
                }
                Database db = node.keyspace().db(ready.db);
                for (Waiter waiter : new ArrayList<>(queue)) {
                    if (waiter.done) {
                        continue;
                    }
                    Object value = db.getForWrite(ready.key, nowMillis);
                    if (value == null) {
                        break;
                    }
                    int popped;
                    if (value instanceof ListValue list && waiter.kind.list()) {
                        popped = serveList(waiter, db, ready.key, list, nowMillis);
                    } else if (value instanceof ZSetValue zset && !waiter.kind.list()) {
                        popped = serveZset(waiter, db, ready.key, zset);
                    } else {
                        continue;
                    }
                    changes += popped;
                    release(waiter);
                    served.add(waiter);
                }
            }
        } finally {
            serving = false;
        }
        for (Waiter waiter : served) {
            waiter.session.flushSoon();
            waiter.session.unblock();
        }
        if (!readyKeys.isEmpty()) {
            changes += handleReadyKeys(nowMillis);
        }
        return changes;
    }

    /** Serves one list waiter; returns the elements popped (0 when it got an error instead). */
    private int serveList(Waiter waiter, Database db, byte[] key, ListValue list, long nowMillis) {
        RespWriter out = waiter.session.writer();
        int dbIndex = db.index();
        switch (waiter.kind) {
            case BLPOP, BRPOP -> {
                boolean head = waiter.kind == Kind.BLPOP;
                node.propagation().propagate(dbIndex, new byte[][]{head ? LPOP : RPOP, key});
                byte[] value = head ? list.popHead() : list.popTail();
                out.array(2).bulk(key).bulk(value);
                lists().elementsRemoved(db, key, head, list);
                return 1;
            }
            case BLMPOP -> {
                long n = Math.min(waiter.count, list.size());
                node.propagation().propagate(dbIndex, new byte[][]{waiter.left ? LPOP : RPOP, key, Strings.fromLong(n)});
                return lists().popRangeWithKey(out, db, key, list, waiter.left, waiter.count);
            }
            default -> {
                try {
                    lists().moveOne(out, db, key, list, waiter.target, waiter.left, waiter.toLeft, nowMillis);
                } catch (CommandError wrongType) {
                    out.error(wrongType.getMessage());
                    return 0;
                }
                byte[][] argv = waiter.kind == Kind.BRPOPLPUSH
                        ? new byte[][]{ListCommands.RPOPLPUSH, key, waiter.target}
                        : new byte[][]{ListCommands.LMOVE, key, waiter.target,
                                waiter.left ? ListCommands.LEFT : ListCommands.RIGHT,
                                waiter.toLeft ? ListCommands.LEFT : ListCommands.RIGHT};
                node.propagation().propagate(dbIndex, argv);
                return 1;
            }
        }
    }

    /** Serves one sorted-set waiter; returns the members popped. */
    private int serveZset(Waiter waiter, Database db, byte[] key, ZSetValue zset) {
        RespWriter out = waiter.session.writer();
        boolean nested = waiter.kind == Kind.BZMPOP;
        long size = zset.size();
        int popped = zsets().pop(out, db, key, zset, waiter.left, waiter.count, true, nested);
        byte[] command = waiter.left ? SortedSetCommands.ZPOPMIN : SortedSetCommands.ZPOPMAX;
        byte[][] argv = waiter.count == -1 ? new byte[][]{command, key}
                : new byte[][]{command, key, Strings.fromLong(Math.min(waiter.count, size))};
        node.propagation().propagate(db.index(), argv);
        return popped;
    }
}
