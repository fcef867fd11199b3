package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Database;
import io.vigil.node.store.ListValue;
import io.vigil.node.store.Strings;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * List commands (pushes, pops with counts, ranges, LSET, LINSERT, LREM, LTRIM, LPOS, LMOVE,
 * LMPOP) with Redis 7.0's replies, errors and events. The pop and move primitives are shared with
 * the blocking commands, which serve waiting clients with them.
 */
public final class ListCommands extends DataFeature {
    static final byte[] LPOP = "LPOP".getBytes(StandardCharsets.US_ASCII);
    static final byte[] RPOP = "RPOP".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LMOVE = "LMOVE".getBytes(StandardCharsets.US_ASCII);
    static final byte[] RPOPLPUSH = "RPOPLPUSH".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LEFT = "LEFT".getBytes(StandardCharsets.US_ASCII);
    static final byte[] RIGHT = "RIGHT".getBytes(StandardCharsets.US_ASCII);

    public ListCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("lindex", 3).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "list", "slow").handler(this::lindex));
        table.register(CommandSpec.builder("linsert", 5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "list", "slow").handler(this::linsert));
        table.register(CommandSpec.builder("llen", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "list", "fast").handler(this::llen));
        table.register(CommandSpec.builder("lmove", 5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 2, 1)
                .categories("write", "list", "slow").handler(this::lmove));
        table.register(CommandSpec.builder("lmpop", -4).flags(CommandFlag.WRITE)
                .categories("write", "list", "slow").handler(this::lmpop));
        table.register(CommandSpec.builder("lpop", -2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "list", "fast").handler(call -> pop(call, true)));
        table.register(CommandSpec.builder("lpos", -3).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "list", "slow").handler(this::lpos));
        table.register(CommandSpec.builder("lpush", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "list", "fast").handler(call -> push(call, true, false)));
        table.register(CommandSpec.builder("lpushx", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "list", "fast").handler(call -> push(call, true, true)));
        table.register(CommandSpec.builder("lrange", 4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "list", "slow").handler(this::lrange));
        table.register(CommandSpec.builder("lrem", 4).flags(CommandFlag.WRITE).keys(1, 1, 1)
                .categories("write", "list", "slow").handler(this::lrem));
        table.register(CommandSpec.builder("lset", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "list", "slow").handler(this::lset));
        table.register(CommandSpec.builder("ltrim", 4).flags(CommandFlag.WRITE).keys(1, 1, 1)
                .categories("write", "list", "slow").handler(this::ltrim));
        table.register(CommandSpec.builder("rpop", -2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "list", "fast").handler(call -> pop(call, false)));
        table.register(CommandSpec.builder("rpoplpush", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 2, 1)
                .categories("write", "list", "slow").handler(call -> move(call, false, true)));
        table.register(CommandSpec.builder("rpush", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "list", "fast").handler(call -> push(call, false, false)));
        table.register(CommandSpec.builder("rpushx", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "list", "fast").handler(call -> push(call, false, true)));
    }

    /** LEFT or RIGHT (case-insensitive): true for LEFT; syntax error otherwise. */
    static boolean position(byte[] arg) {
        if (Args.is(arg, "left")) {
            return true;
        }
        if (Args.is(arg, "right")) {
            return false;
        }
        throw CommandError.syntax();
    }

    private void push(CommandCall call, boolean head, boolean onlyExisting) {
        Database db = db(call);
        byte[] key = call.arg(1);
        ListValue list = write(call, db, key, ListValue.class);
        if (list == null) {
            if (onlyExisting) {
                call.reply().integer(0);
                return;
            }
            list = new ListValue();
            db.put(key, list);
        }
        for (int j = 2; j < call.argc(); j++) {
            if (head) {
                list.pushHead(call.arg(j));
            } else {
                list.pushTail(call.arg(j));
            }
        }
        call.dirty(call.argc() - 2);
        call.reply().integer(list.size());
        changed(db, key, KeyspaceEvents.LIST, head ? "lpush" : "rpush");
    }

    /** listElementsRemoved: the pop event, deletion of an emptied list, the modification signal. */
    void elementsRemoved(Database db, byte[] key, boolean head, ListValue list) {
        events().notify(KeyspaceEvents.LIST, head ? "lpop" : "rpop", key, db.index());
        if (list.isEmpty()) {
            db.remove(key);
            events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
        }
        db.signalModified(key);
    }

    private void pop(CommandCall call, boolean head) {
        boolean hasCount = call.argc() == 3;
        long count = 0;
        if (call.argc() > 3) {
            throw new CommandError("ERR wrong number of arguments for '" + call.spec().fullName() + "' command");
        } else if (hasCount) {
            count = Args.positive(call.arg(2), null);
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        ListValue list = write(call, db, key, ListValue.class);
        if (list == null) {
            if (hasCount) {
                call.reply().nullArray();
            } else {
                call.reply().nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            call.reply().array(0);
            return;
        }
        if (!hasCount) {
            byte[] value = head ? list.popHead() : list.popTail();
            call.reply().bulk(value);
            elementsRemoved(db, key, head, list);
            call.dirty(1);
            return;
        }
        int n = (int) Math.min(count, list.size());
        call.reply().array(n);
        for (int i = 0; i < n; i++) {
            call.reply().bulk(head ? list.popHead() : list.popTail());
        }
        elementsRemoved(db, key, head, list);
        call.dirty(n);
    }

    /**
     * Pops up to {@code count} elements and replies {@code [key, [elements]]} (LMPOP, BLMPOP).
     * Returns how many were popped.
     */
    int popRangeWithKey(RespWriter out, Database db, byte[] key, ListValue list, boolean head, long count) {
        int n = (int) Math.min(count, list.size());
        out.array(2);
        out.bulk(key);
        out.array(n);
        for (int i = 0; i < n; i++) {
            out.bulk(head ? list.popHead() : list.popTail());
        }
        elementsRemoved(db, key, head, list);
        return n;
    }

    private void lmpop(CommandCall call) {
        MpopArgs args = MpopArgs.parse(call.argv(), 1, true);
        Database db = db(call);
        for (int j = 0; j < args.numKeys; j++) {
            byte[] key = call.arg(args.firstKey + j);
            ListValue list = write(call, db, key, ListValue.class);
            if (list == null || list.isEmpty()) {
                continue;
            }
            int n = popRangeWithKey(call.reply(), db, key, list, args.left, args.count);
            call.dirty(n);
            call.propagate(args.left ? LPOP : RPOP, key, Strings.fromLong(n));
            return;
        }
        call.reply().nullArray();
    }

    private void llen(CommandCall call) {
        ListValue list = read(call, db(call), call.arg(1), ListValue.class);
        call.reply().integer(list == null ? 0 : list.size());
    }

    private void lrange(CommandCall call) {
        long start = Args.toLong(call.arg(2));
        long end = Args.toLong(call.arg(3));
        ListValue list = read(call, db(call), call.arg(1), ListValue.class);
        if (list == null) {
            call.reply().array(0);
            return;
        }
        long size = list.size();
        if (start < 0) {
            start = size + start;
        }
        if (end < 0) {
            end = size + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            call.reply().array(0);
            return;
        }
        if (end >= size) {
            end = size - 1;
        }
        int n = (int) (end - start + 1);
        call.reply().array(n);
        for (int i = 0; i < n; i++) {
            call.reply().bulk(list.get((int) start + i));
        }
    }

    private void lindex(CommandCall call) {
        ListValue list = read(call, db(call), call.arg(1), ListValue.class);
        if (list == null) {
            call.reply().nullBulk();
            return;
        }
        long index = Args.toLong(call.arg(2));
        if (index < 0) {
            index = list.size() + index;
        }
        call.reply().bulk(index < 0 || index >= list.size() ? null : list.get((int) index));
    }

    private void lset(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        ListValue list = write(call, db, key, ListValue.class);
        if (list == null) {
            throw new CommandError("ERR no such key");
        }
        long index = Args.toLong(call.arg(2));
        if (index < 0) {
            index = list.size() + index;
        }
        if (index < 0 || index >= list.size()) {
            throw new CommandError("ERR index out of range");
        }
        list.set((int) index, call.arg(3));
        call.reply().ok();
        changed(db, key, KeyspaceEvents.LIST, "lset");
        call.dirty(1);
    }

    private void linsert(CommandCall call) {
        boolean after;
        if (Args.is(call.arg(2), "after")) {
            after = true;
        } else if (Args.is(call.arg(2), "before")) {
            after = false;
        } else {
            throw CommandError.syntax();
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        ListValue list = write(call, db, key, ListValue.class);
        if (list == null) {
            call.reply().integer(0);
            return;
        }
        byte[] pivot = call.arg(3);
        for (int i = 0; i < list.size(); i++) {
            if (list.elementEquals(i, pivot)) {
                list.insert(after ? i + 1 : i, call.arg(4));
                changed(db, key, KeyspaceEvents.LIST, "linsert");
                call.dirty(1);
                call.reply().integer(list.size());
                return;
            }
        }
        call.reply().integer(-1);
    }

    private void lrem(CommandCall call) {
        long toRemove = Args.toLong(call.arg(2));
        Database db = db(call);
        byte[] key = call.arg(1);
        ListValue list = write(call, db, key, ListValue.class);
        if (list == null) {
            call.reply().integer(0);
            return;
        }
        byte[] element = call.arg(3);
        int size = list.size();
        boolean[] remove = new boolean[size];
        long removed = 0;
        if (toRemove >= 0) {
            for (int i = 0; i < size && (toRemove == 0 || removed < toRemove); i++) {
                if (list.elementEquals(i, element)) {
                    remove[i] = true;
                    removed++;
                }
            }
        } else {
            for (int i = size - 1; i >= 0 && removed < -toRemove; i--) {
                if (list.elementEquals(i, element)) {
                    remove[i] = true;
                    removed++;
                }
            }
        }
        if (removed > 0) {
            list.removeIf(i -> remove[i]);
            events().notify(KeyspaceEvents.LIST, "lrem", key, db.index());
        }
        if (list.isEmpty()) {
            db.remove(key);
            events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
        }
        call.reply().integer(removed);
        if (removed > 0) {
            db.signalModified(key);
            call.dirty(removed);
        }
    }

    private void ltrim(CommandCall call) {
        long start = Args.toLong(call.arg(2));
        long end = Args.toLong(call.arg(3));
        Database db = db(call);
        byte[] key = call.arg(1);
        ListValue list = write(call, db, key, ListValue.class);
        if (list == null) {
            call.reply().ok();
            return;
        }
        long size = list.size();
        if (start < 0) {
            start = size + start;
        }
        if (end < 0) {
            end = size + end;
        }
        if (start < 0) {
            start = 0;
        }
        long ltrim;
        long rtrim;
        if (start > end || start >= size) {
            ltrim = size;
            rtrim = 0;
        } else {
            if (end >= size) {
                end = size - 1;
            }
            ltrim = start;
            rtrim = size - end - 1;
        }
        if (ltrim + rtrim >= size) {
            // emptied: the key goes away below
            while (!list.isEmpty()) {
                list.popTail();
            }
        } else if (ltrim + rtrim > 0) {
            list.retain((int) ltrim, (int) (size - rtrim - 1));
        }
        events().notify(KeyspaceEvents.LIST, "ltrim", key, db.index());
        if (list.isEmpty()) {
            db.remove(key);
            events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
        }
        db.signalModified(key);
        call.dirty(ltrim + rtrim);
        call.reply().ok();
    }

    private void lpos(CommandCall call) {
        byte[] element = call.arg(2);
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < call.argc(); j++) {
            int more = call.argc() - 1 - j;
            if (Args.is(call.arg(j), "rank") && more > 0) {
                rank = Args.toLong(call.arg(++j));
                if (rank == Long.MIN_VALUE) {
                    // -LONG_MAX..LONG_MAX in Redis; LONG_MIN behaves as a huge negative rank there too
                    rank = Long.MIN_VALUE;
                }
                if (rank == 0) {
                    throw new CommandError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
                            + "second ... or use negative to start from the end of the list");
                }
            } else if (Args.is(call.arg(j), "count") && more > 0) {
                count = Args.positive(call.arg(++j), "ERR COUNT can't be negative");
            } else if (Args.is(call.arg(j), "maxlen") && more > 0) {
                maxlen = Args.positive(call.arg(++j), "ERR MAXLEN can't be negative");
            } else {
                throw CommandError.syntax();
            }
        }
        boolean fromTail = false;
        if (rank < 0) {
            rank = -rank; // Long.MIN_VALUE stays negative, matching any count like Redis
            fromTail = true;
        }
        ListValue list = read(call, db(call), call.arg(1), ListValue.class);
        if (list == null) {
            if (count != -1) {
                call.reply().array(0);
            } else {
                call.reply().nullBulk();
            }
            return;
        }
        int size = list.size();
        java.util.List<Long> found = count != -1 ? new java.util.ArrayList<>() : null;
        long matches = 0;
        long matchIndex = -1;
        for (long index = 0; index < size && (maxlen == 0 || index < maxlen); index++) {
            int at = fromTail ? (int) (size - index - 1) : (int) index;
            if (list.elementEquals(at, element)) {
                matches++;
                if (matches >= rank) {
                    if (found != null) {
                        found.add((long) at);
                        if (count != 0 && matches - rank + 1 >= count) {
                            break;
                        }
                    } else {
                        matchIndex = at;
                        break;
                    }
                }
            }
        }
        if (found != null) {
            call.reply().array(found.size());
            for (long at : found) {
                call.reply().integer(at);
            }
        } else if (matchIndex >= 0) {
            call.reply().integer(matchIndex);
        } else {
            call.reply().nullBulk();
        }
    }

    private void lmove(CommandCall call) {
        boolean fromLeft = position(call.arg(3));
        boolean toLeft = position(call.arg(4));
        move(call, fromLeft, toLeft);
    }

    /** LMOVE / RPOPLPUSH (lmoveGenericCommand). */
    void move(CommandCall call, boolean fromLeft, boolean toLeft) {
        Database db = db(call);
        byte[] src = call.arg(1);
        ListValue list = write(call, db, src, ListValue.class);
        if (list == null) {
            call.reply().nullBulk();
            return;
        }
        moveOne(call.reply(), db, src, list, call.arg(2), fromLeft, toLeft, call.nowMillis());
        call.dirty(1);
    }

    /**
     * Moves one element from a non-empty list to {@code dst} and replies it; WRONGTYPE (thrown, or
     * written when {@code out} is not a command's) when dst holds another type. Returns false then.
     */
    boolean moveOne(RespWriter out, Database db, byte[] src, ListValue list, byte[] dstKey, boolean fromLeft,
                    boolean toLeft, long nowMillis) {
        Object dstValue = db.getForWrite(dstKey, nowMillis);
        if (dstValue != null && !(dstValue instanceof ListValue)) {
            throw CommandError.wrongType();
        }
        // src == dst rotates one list (the source was already fetched for writing).
        if (Arrays.equals(src, dstKey)) {
            dstValue = list;
        }
        byte[] value = fromLeft ? list.popHead() : list.popTail();
        ListValue dst = (ListValue) dstValue;
        if (dst == null) {
            dst = new ListValue();
            if (toLeft) {
                dst.pushHead(value);
            } else {
                dst.pushTail(value);
            }
            db.put(dstKey, dst);
        } else if (toLeft) {
            dst.pushHead(value);
        } else {
            dst.pushTail(value);
        }
        db.signalModified(dstKey);
        events().notify(KeyspaceEvents.LIST, toLeft ? "lpush" : "rpush", dstKey, db.index());
        out.bulk(value);
        events().notify(KeyspaceEvents.LIST, fromLeft ? "lpop" : "rpop", src, db.index());
        if (list.isEmpty()) {
            db.remove(src);
            events().notify(KeyspaceEvents.GENERIC, "del", src, db.index());
        }
        db.signalModified(src);
        return true;
    }
}
