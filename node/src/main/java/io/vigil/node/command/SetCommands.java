package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Database;
import io.vigil.node.store.SetValue;
import io.vigil.node.store.Strings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Set commands with Redis 7.0's algorithms where they decide the reply order (SINTER walks the
 * smallest set, SUNION/SDIFF reply from a freshly built set, so all-integer results come out
 * sorted), replies as RESP3 sets, and SPOP propagated as SREM per element or DEL.
 */
public final class SetCommands extends DataFeature {
    private static final byte[] SREM = "SREM".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    /** SPOP_MOVE_STRATEGY_MUL: when to rebuild the set instead of removing one by one. */
    private static final long SPOP_MOVE_STRATEGY_MUL = 5;

    public SetCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("sadd", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "set", "fast").handler(this::sadd));
        table.register(CommandSpec.builder("scard", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "set", "fast").handler(this::scard));
        table.register(CommandSpec.builder("sdiff", -2).flags(CommandFlag.READONLY).keys(1, -1, 1)
                .categories("read", "set", "slow").handler(call -> unionDiff(call, 1, null, false)));
        table.register(CommandSpec.builder("sdiffstore", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, -1, 1)
                .categories("write", "set", "slow").handler(call -> unionDiff(call, 2, call.arg(1), false)));
        table.register(CommandSpec.builder("sinter", -2).flags(CommandFlag.READONLY).keys(1, -1, 1)
                .categories("read", "set", "slow").handler(call -> inter(call, 1, call.argc() - 1, null, false, 0)));
        table.register(CommandSpec.builder("sintercard", -3).flags(CommandFlag.READONLY)
                .categories("read", "set", "slow").handler(this::sintercard));
        table.register(CommandSpec.builder("sinterstore", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, -1, 1)
                .categories("write", "set", "slow").handler(call -> inter(call, 2, call.argc() - 2, call.arg(1), false, 0)));
        table.register(CommandSpec.builder("sismember", 3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "set", "fast").handler(this::sismember));
        table.register(CommandSpec.builder("smembers", 2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "set", "slow").handler(call -> inter(call, 1, 1, null, false, 0)));
        table.register(CommandSpec.builder("smismember", -3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "set", "fast").handler(this::smismember));
        table.register(CommandSpec.builder("smove", 4).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 2, 1)
                .categories("write", "set", "fast").handler(this::smove));
        table.register(CommandSpec.builder("spop", -2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "set", "fast").handler(this::spop));
        table.register(CommandSpec.builder("srandmember", -2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "set", "slow").handler(this::srandmember));
        table.register(CommandSpec.builder("srem", -3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "set", "fast").handler(this::srem));
        table.register(CommandSpec.builder("sscan", -3).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "set", "slow").handler(this::sscan));
        table.register(CommandSpec.builder("sunion", -2).flags(CommandFlag.READONLY).keys(1, -1, 1)
                .categories("read", "set", "slow").handler(call -> unionDiff(call, 1, null, true)));
        table.register(CommandSpec.builder("sunionstore", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, -1, 1)
                .categories("write", "set", "slow").handler(call -> unionDiff(call, 2, call.arg(1), true)));
    }

    private void sadd(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        SetValue set = write(call, db, key, SetValue.class);
        if (set == null) {
            set = SetValue.forFirstMember(call.arg(2));
            db.put(key, set);
        }
        int added = 0;
        for (int j = 2; j < call.argc(); j++) {
            if (set.add(call.arg(j), limits())) {
                added++;
            }
        }
        if (added > 0) {
            changed(db, key, KeyspaceEvents.SET, "sadd");
        }
        call.dirty(added);
        call.reply().integer(added);
    }

    private void srem(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        SetValue set = write(call, db, key, SetValue.class);
        if (set == null) {
            call.reply().integer(0);
            return;
        }
        int deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < call.argc(); j++) {
            if (set.remove(call.arg(j))) {
                deleted++;
                if (set.size() == 0) {
                    db.remove(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            db.signalModified(key);
            events().notify(KeyspaceEvents.SET, "srem", key, db.index());
            if (keyRemoved) {
                events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
            }
            call.dirty(deleted);
        }
        call.reply().integer(deleted);
    }

    private void smove(CommandCall call) {
        Database db = db(call);
        byte[] srcKey = call.arg(1);
        byte[] dstKey = call.arg(2);
        byte[] member = call.arg(3);
        Object srcValue = db.getForWrite(srcKey, call.nowMillis());
        Object dstValue = db.getForWrite(dstKey, call.nowMillis());
        if (srcValue == null) {
            call.reply().integer(0);
            return;
        }
        SetValue src = typed(srcValue, SetValue.class);
        SetValue dst = typed(dstValue, SetValue.class);
        if (src == dst) {
            call.reply().integer(src.contains(member) ? 1 : 0);
            return;
        }
        if (!src.remove(member)) {
            call.reply().integer(0);
            return;
        }
        events().notify(KeyspaceEvents.SET, "srem", srcKey, db.index());
        if (src.size() == 0) {
            db.remove(srcKey);
            events().notify(KeyspaceEvents.GENERIC, "del", srcKey, db.index());
        }
        if (dst == null) {
            dst = SetValue.forFirstMember(member);
            db.put(dstKey, dst);
        }
        db.signalModified(srcKey);
        call.dirty(1);
        if (dst.add(member, limits())) {
            call.dirty(1);
            changed(db, dstKey, KeyspaceEvents.SET, "sadd");
        }
        call.reply().integer(1);
    }

    private void sismember(CommandCall call) {
        SetValue set = read(call, db(call), call.arg(1), SetValue.class);
        call.reply().integer(set != null && set.contains(call.arg(2)) ? 1 : 0);
    }

    private void smismember(CommandCall call) {
        SetValue set = read(call, db(call), call.arg(1), SetValue.class);
        call.reply().array(call.argc() - 2);
        for (int j = 2; j < call.argc(); j++) {
            call.reply().integer(set != null && set.contains(call.arg(j)) ? 1 : 0);
        }
    }

    private void scard(CommandCall call) {
        SetValue set = read(call, db(call), call.arg(1), SetValue.class);
        call.reply().integer(set == null ? 0 : set.size());
    }

    private void sintercard(CommandCall call) {
        byte[] n = call.arg(1);
        if (!Strings.isStrictLong(n) || Strings.parseStrictLong(n) < 1) {
            throw new CommandError("ERR numkeys should be greater than 0");
        }
        long numKeys = Strings.parseStrictLong(n);
        if (numKeys > call.argc() - 2) {
            throw new CommandError("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = 2 + (int) numKeys; j < call.argc(); j++) {
            int more = call.argc() - 1 - j;
            if (Args.is(call.arg(j), "limit") && more > 0) {
                j++;
                limit = Args.positive(call.arg(j), "ERR LIMIT can't be negative");
            } else {
                throw CommandError.syntax();
            }
        }
        inter(call, 2, (int) numKeys, null, true, limit);
    }

    /** sinterGenericCommand: SINTER, SMEMBERS, SINTERSTORE, SINTERCARD. */
    private void inter(CommandCall call, int first, int count, byte[] dstKey, boolean cardinalityOnly, long limit) {
        Database db = db(call);
        SetValue[] sets = new SetValue[count];
        boolean empty = false;
        for (int j = 0; j < count; j++) {
            SetValue set = read(call, db, call.arg(first + j), SetValue.class);
            if (set == null) {
                empty = true;
            }
            sets[j] = set;
        }
        RespWriter out = call.reply();
        if (empty) {
            if (dstKey != null) {
                deleteDestination(call, db, dstKey);
                out.integer(0);
            } else if (cardinalityOnly) {
                out.integer(0);
            } else {
                out.set(0);
            }
            return;
        }
        SetValue[] sorted = sets.clone();
        // qsort by cardinality; glibc's qsort is a stable merge sort for these sizes
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.size(), b.size()));
        List<byte[]> result = new ArrayList<>();
        long[] cardinality = {0};
        SetValue smallest = sorted[0];
        smallest.forEach(member -> {
            if (limit != 0 && cardinality[0] >= limit) {
                return;
            }
            for (int j = 1; j < sorted.length; j++) {
                if (sorted[j] != smallest && !sorted[j].contains(member)) {
                    return;
                }
            }
            cardinality[0]++;
            if (!cardinalityOnly) {
                result.add(member);
            }
        });
        if (cardinalityOnly) {
            out.integer(cardinality[0]);
        } else if (dstKey != null) {
            SetValue dst = new SetValue();
            for (byte[] member : result) {
                dst.add(member, limits());
            }
            store(call, db, dstKey, dst, "sinterstore");
        } else {
            out.set(result.size());
            for (byte[] member : result) {
                out.bulk(member);
            }
        }
    }

    /** sunionDiffGenericCommand: SUNION, SDIFF and their STORE forms. */
    private void unionDiff(CommandCall call, int first, byte[] dstKey, boolean union) {
        Database db = db(call);
        int count = call.argc() - first;
        SetValue[] sets = new SetValue[count];
        boolean sameSet = false;
        for (int j = 0; j < count; j++) {
            sets[j] = read(call, db, call.arg(first + j), SetValue.class);
            if (j > 0 && sets[j] != null && sets[0] == sets[j]) {
                sameSet = true;
            }
        }
        SetValue dst = new SetValue();
        if (union) {
            for (SetValue set : sets) {
                if (set != null) {
                    set.forEach(member -> dst.add(member, limits()));
                }
            }
        } else if (sets[0] != null && !sameSet) {
            long algoOne = 0;
            long algoTwo = 0;
            for (SetValue set : sets) {
                if (set != null) {
                    algoOne += sets[0].size();
                    algoTwo += set.size();
                }
            }
            algoOne /= 2;
            if (algoOne <= algoTwo) {
                SetValue[] others = Arrays.copyOfRange(sets, 1, count);
                Arrays.sort(others, (a, b) -> Integer.compare(b == null ? 0 : b.size(), a == null ? 0 : a.size()));
                sets[0].forEach(member -> {
                    for (SetValue other : others) {
                        if (other == null) {
                            continue;
                        }
                        if (other == sets[0] || other.contains(member)) {
                            return;
                        }
                    }
                    dst.add(member, limits());
                });
            } else {
                for (int j = 0; j < count; j++) {
                    if (sets[j] == null) {
                        continue;
                    }
                    if (j == 0) {
                        sets[j].forEach(member -> dst.add(member, limits()));
                    } else {
                        sets[j].forEach(dst::remove);
                    }
                    if (dst.size() == 0) {
                        break;
                    }
                }
            }
        }
        if (dstKey == null) {
            RespWriter out = call.reply();
            out.set(dst.size());
            dst.forEach(out::bulk);
        } else {
            store(call, db, dstKey, dst, union ? "sunionstore" : "sdiffstore");
        }
    }

    private void store(CommandCall call, Database db, byte[] dstKey, SetValue dst, String event) {
        expireIfNeeded(call, db, dstKey);
        if (dst.size() > 0) {
            db.put(dstKey, dst);
            db.signalModified(dstKey);
            call.reply().integer(dst.size());
            events().notify(KeyspaceEvents.SET, event, dstKey, db.index());
            call.dirty(1);
        } else {
            call.reply().integer(0);
            deleteDestination(call, db, dstKey);
        }
    }

    private void deleteDestination(CommandCall call, Database db, byte[] dstKey) {
        if (db.exists(dstKey, call.nowMillis()) && db.remove(dstKey)) {
            changed(db, dstKey, KeyspaceEvents.GENERIC, "del");
            call.dirty(1);
        }
    }

    private void spop(CommandCall call) {
        if (call.argc() == 3) {
            spopWithCount(call);
            return;
        } else if (call.argc() > 3) {
            throw CommandError.syntax();
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        SetValue set = write(call, db, key, SetValue.class);
        if (set == null) {
            call.reply().nullBulk();
            return;
        }
        byte[] member = set.random(node.random());
        set.remove(member);
        events().notify(KeyspaceEvents.SET, "spop", key, db.index());
        call.propagate(SREM, key, member);
        call.reply().bulk(member);
        if (set.size() == 0) {
            db.remove(key);
            events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
        }
        db.signalModified(key);
        call.dirty(1);
    }

    private void spopWithCount(CommandCall call) {
        long count = Args.positive(call.arg(2), null);
        Database db = db(call);
        byte[] key = call.arg(1);
        SetValue set = write(call, db, key, SetValue.class);
        RespWriter out = call.reply();
        if (set == null || count == 0) {
            out.set(0);
            return;
        }
        int size = set.size();
        events().notify(KeyspaceEvents.SET, "spop", key, db.index());
        call.dirty(Math.min(count, size));
        if (count >= size) {
            // The whole set, in the order of a copy built like SUNION's result.
            SetValue all = new SetValue();
            set.forEach(member -> all.add(member, limits()));
            out.set(all.size());
            all.forEach(out::bulk);
            db.remove(key);
            events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
            call.propagate(DEL, key);
            db.signalModified(key);
            return;
        }
        out.set((int) count);
        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            for (long i = 0; i < count; i++) {
                byte[] member = set.random(node.random());
                set.remove(member);
                out.bulk(member);
                call.propagate(SREM, key, member);
            }
        } else {
            // Keep `remaining` random members, pop the rest (Redis's CASE 3), in set order.
            SetValue kept = new SetValue();
            for (long i = 0; i < remaining; i++) {
                byte[] member = set.random(node.random());
                set.remove(member);
                kept.add(member, limits());
            }
            set.forEach(member -> {
                out.bulk(member);
                call.propagate(SREM, key, member);
            });
            db.put(key, kept, db.expireAt(key));
        }
        db.signalModified(key);
    }

    private void srandmember(CommandCall call) {
        if (call.argc() == 3) {
            srandmemberWithCount(call);
            return;
        } else if (call.argc() > 3) {
            throw CommandError.syntax();
        }
        SetValue set = read(call, db(call), call.arg(1), SetValue.class);
        call.reply().bulk(set == null ? null : set.random(node.random()));
    }

    private void srandmemberWithCount(CommandCall call) {
        long requested = Args.toLong(call.arg(2));
        if (requested == Long.MIN_VALUE) {
            throw new CommandError("ERR value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807");
        }
        SetValue set = read(call, db(call), call.arg(1), SetValue.class);
        RespWriter out = call.reply();
        if (set == null || requested == 0) {
            out.array(0);
            return;
        }
        boolean unique = requested > 0;
        long count = Math.abs(requested);
        if (!unique || count == 1) {
            out.array((int) count);
            for (long i = 0; i < count; i++) {
                out.bulk(set.random(node.random()));
            }
            return;
        }
        int size = set.size();
        if (count >= size) {
            out.array(size);
            set.forEach(out::bulk);
            return;
        }
        List<byte[]> members = new ArrayList<>(size);
        set.forEach(members::add);
        out.array((int) count);
        for (int i = 0; i < count; i++) {
            int j = i + node.random().nextInt(members.size() - i);
            byte[] chosen = members.get(j);
            members.set(j, members.get(i));
            members.set(i, chosen);
            out.bulk(chosen);
        }
    }

    private void sscan(CommandCall call) {
        ScanArgs args = ScanArgs.cursorOnly(call.argv(), 2);
        SetValue set = read(call, db(call), call.arg(1), SetValue.class);
        if (set == null) {
            call.reply().array(2).bulk(Strings.fromLong(0)).array(0);
            return;
        }
        args.options(call.argv(), 2, false);
        List<byte[]> items = new ArrayList<>();
        long cursor = args.cursor;
        if (set.isIntset()) {
            set.forEach(items::add);
            cursor = 0;
        } else {
            long maxIterations = args.count * 10;
            do {
                cursor = set.scan(cursor, items::add);
            } while (cursor != 0 && maxIterations-- > 0 && items.size() < args.count);
        }
        List<byte[]> result = new ArrayList<>(items.size());
        for (byte[] item : items) {
            if (args.matches(item)) {
                result.add(item);
            }
        }
        call.reply().array(2);
        call.reply().bulk(ScanArgs.cursorText(cursor));
        call.reply().bulks(result);
    }
}
