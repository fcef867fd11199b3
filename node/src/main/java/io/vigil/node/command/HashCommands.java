package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Database;
import io.vigil.node.store.HashValue;
import io.vigil.node.store.Strings;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hash commands with Redis 7.0's replies (HGETALL is a map in RESP3), listpack/hashtable
 * conversions, events, and HINCRBYFLOAT propagated as HSET with the final value.
 */
public final class HashCommands extends DataFeature {
    private static final byte[] HSET = "HSET".getBytes(StandardCharsets.US_ASCII);

    public HashCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("hdel", -3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "hash", "fast").handler(this::hdel));
        table.register(CommandSpec.builder("hexists", 3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "hash", "fast").handler(this::hexists));
        table.register(CommandSpec.builder("hget", 3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "hash", "fast").handler(this::hget));
        table.register(CommandSpec.builder("hgetall", 2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "hash", "slow").handler(call -> getAll(call, true, true)));
        table.register(CommandSpec.builder("hincrby", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "hash", "fast").handler(this::hincrby));
        table.register(CommandSpec.builder("hincrbyfloat", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "hash", "fast").handler(this::hincrbyfloat));
        table.register(CommandSpec.builder("hkeys", 2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "hash", "slow").handler(call -> getAll(call, true, false)));
        table.register(CommandSpec.builder("hlen", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "hash", "fast").handler(this::hlen));
        table.register(CommandSpec.builder("hmget", -3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "hash", "fast").handler(this::hmget));
        table.register(CommandSpec.builder("hmset", -4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "hash", "fast").handler(call -> hset(call, true)));
        table.register(CommandSpec.builder("hrandfield", -2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "hash", "slow").handler(this::hrandfield));
        table.register(CommandSpec.builder("hscan", -3).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "hash", "slow").handler(this::hscan));
        table.register(CommandSpec.builder("hset", -4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "hash", "fast").handler(call -> hset(call, false)));
        table.register(CommandSpec.builder("hsetnx", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "hash", "fast").handler(this::hsetnx));
        table.register(CommandSpec.builder("hstrlen", 3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "hash", "fast").handler(this::hstrlen));
        table.register(CommandSpec.builder("hvals", 2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "hash", "slow").handler(call -> getAll(call, false, true)));
    }

    /** hashTypeLookupWriteOrCreate: the hash to modify, created (and stored) when missing. */
    private HashValue lookupOrCreate(CommandCall call, Database db, byte[] key) {
        HashValue hash = write(call, db, key, HashValue.class);
        if (hash == null) {
            hash = new HashValue();
            db.put(key, hash);
        }
        return hash;
    }

    private void hset(CommandCall call, boolean hmset) {
        if (call.argc() % 2 == 1) {
            throw new CommandError("ERR wrong number of arguments for '" + call.spec().fullName() + "' command");
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        HashValue hash = lookupOrCreate(call, db, key);
        hash.tryConversion(call.argv(), 2, call.argc() - 1, limits());
        int created = 0;
        for (int j = 2; j < call.argc(); j += 2) {
            if (hash.put(call.arg(j), call.arg(j + 1), limits())) {
                created++;
            }
        }
        if (hmset) {
            call.reply().ok();
        } else {
            call.reply().integer(created);
        }
        changed(db, key, KeyspaceEvents.HASH, "hset");
        call.dirty((call.argc() - 2) / 2);
    }

    private void hsetnx(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        HashValue hash = lookupOrCreate(call, db, key);
        if (hash.contains(call.arg(2))) {
            call.reply().integer(0);
            return;
        }
        hash.tryConversion(call.argv(), 2, 3, limits());
        hash.put(call.arg(2), call.arg(3), limits());
        call.reply().integer(1);
        changed(db, key, KeyspaceEvents.HASH, "hset");
        call.dirty(1);
    }

    private void hget(CommandCall call) {
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        call.reply().bulk(hash == null ? null : hash.get(call.arg(2)));
    }

    private void hmget(CommandCall call) {
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        call.reply().array(call.argc() - 2);
        for (int j = 2; j < call.argc(); j++) {
            call.reply().bulk(hash == null ? null : hash.get(call.arg(j)));
        }
    }

    private void hdel(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        HashValue hash = write(call, db, key, HashValue.class);
        if (hash == null) {
            call.reply().integer(0);
            return;
        }
        int deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < call.argc(); j++) {
            if (hash.remove(call.arg(j))) {
                deleted++;
                if (hash.size() == 0) {
                    db.remove(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            db.signalModified(key);
            events().notify(KeyspaceEvents.HASH, "hdel", key, db.index());
            if (keyRemoved) {
                events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
            }
            call.dirty(deleted);
        }
        call.reply().integer(deleted);
    }

    private void hlen(CommandCall call) {
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        call.reply().integer(hash == null ? 0 : hash.size());
    }

    private void hstrlen(CommandCall call) {
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        byte[] value = hash == null ? null : hash.get(call.arg(2));
        call.reply().integer(value == null ? 0 : value.length);
    }

    private void hexists(CommandCall call) {
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        call.reply().integer(hash != null && hash.contains(call.arg(2)) ? 1 : 0);
    }

    /** HGETALL (a map in RESP3), HKEYS, HVALS. */
    private void getAll(CommandCall call, boolean fields, boolean values) {
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        RespWriter out = call.reply();
        int size = hash == null ? 0 : hash.size();
        if (fields && values) {
            out.map(size);
        } else {
            out.array(size);
        }
        if (hash != null) {
            hash.forEach((f, v) -> {
                if (fields) {
                    out.bulk(f);
                }
                if (values) {
                    out.bulk(v);
                }
            });
        }
    }

    private void hincrby(CommandCall call) {
        long by = Args.toLong(call.arg(3));
        Database db = db(call);
        byte[] key = call.arg(1);
        HashValue hash = lookupOrCreate(call, db, key);
        byte[] current = hash.get(call.arg(2));
        long value = 0;
        if (current != null) {
            if (!Strings.isStrictLong(current)) {
                throw new CommandError("ERR hash value is not an integer");
            }
            value = Strings.parseStrictLong(current);
        }
        if ((by < 0 && value < 0 && by < Long.MIN_VALUE - value) || (by > 0 && value > 0 && by > Long.MAX_VALUE - value)) {
            throw new CommandError("ERR increment or decrement would overflow");
        }
        value += by;
        hash.put(call.arg(2), Strings.fromLong(value), limits());
        call.reply().integer(value);
        changed(db, key, KeyspaceEvents.HASH, "hincrby");
        call.dirty(1);
    }

    private void hincrbyfloat(CommandCall call) {
        BigDecimal by = LongDouble.parse(call.arg(3));
        if (by == null) {
            throw new CommandError(CommandError.NOT_FLOAT);
        }
        if (by == LongDouble.INFINITE) {
            throw new CommandError("ERR value is NaN or Infinity");
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        HashValue hash = lookupOrCreate(call, db, key);
        byte[] current = hash.get(call.arg(2));
        BigDecimal value = BigDecimal.ZERO;
        if (current != null) {
            value = LongDouble.parse(current);
            if (value == null) {
                throw new CommandError("ERR hash value is not a float");
            }
        }
        BigDecimal sum = LongDouble.add(value, by);
        if (sum == null) {
            throw new CommandError("ERR increment would produce NaN or Infinity");
        }
        byte[] text = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        hash.put(call.arg(2), text, limits());
        call.reply().bulk(text);
        changed(db, key, KeyspaceEvents.HASH, "hincrbyfloat");
        call.dirty(1);
        call.propagate(HSET, key, call.arg(2), text);
    }

    private void hrandfield(CommandCall call) {
        if (call.argc() >= 3) {
            long count = Args.toLong(call.arg(2));
            if (count == Long.MIN_VALUE) {
                throw new CommandError("ERR value is out of range, value must between -9223372036854775807 and "
                        + "9223372036854775807");
            }
            boolean withValues = false;
            if (call.argc() > 4 || (call.argc() == 4 && !Args.is(call.arg(3), "withvalues"))) {
                throw CommandError.syntax();
            } else if (call.argc() == 4) {
                withValues = true;
                if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
                    throw new CommandError("ERR value is out of range");
                }
            }
            randomWithCount(call, count, withValues);
            return;
        }
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        if (hash == null) {
            call.reply().nullBulk();
            return;
        }
        call.reply().bulk(hash.randomEntry(node.random())[0]);
    }

    private void randomWithCount(CommandCall call, long requested, boolean withValues) {
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        RespWriter out = call.reply();
        if (hash == null || requested == 0) {
            out.array(0);
            return;
        }
        boolean unique = requested >= 0;
        long count = Math.abs(requested);
        boolean resp3 = out.resp3();
        if (!unique || count == 1) {
            out.array((int) (withValues && !resp3 ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                byte[][] entry = hash.randomEntry(node.random());
                emit(out, entry[0], entry[1], withValues);
            }
            return;
        }
        int size = hash.size();
        int replySize = (int) Math.min(count, size);
        out.array(withValues && !resp3 ? replySize * 2 : replySize);
        if (count >= size) {
            hash.forEach((f, v) -> emit(out, f, v, withValues));
            return;
        }
        // Fewer than the whole hash: pick distinct entries by shuffling a copy (order is random anyway).
        List<byte[][]> entries = new ArrayList<>(size);
        hash.forEach((f, v) -> entries.add(new byte[][]{f, v}));
        for (int i = 0; i < replySize; i++) {
            int j = i + node.random().nextInt(entries.size() - i);
            byte[][] chosen = entries.get(j);
            entries.set(j, entries.get(i));
            entries.set(i, chosen);
            emit(out, chosen[0], chosen[1], withValues);
        }
    }

    private static void emit(RespWriter out, byte[] field, byte[] value, boolean withValues) {
        if (withValues && out.resp3()) {
            out.array(2);
        }
        out.bulk(field);
        if (withValues) {
            out.bulk(value);
        }
    }

    private void hscan(CommandCall call) {
        ScanArgs args = ScanArgs.cursorOnly(call.argv(), 2);
        HashValue hash = read(call, db(call), call.arg(1), HashValue.class);
        if (hash == null) {
            call.reply().array(2).bulk(Strings.fromLong(0)).array(0);
            return;
        }
        args.options(call.argv(), 2, false);
        List<byte[]> items = new ArrayList<>();
        long cursor = args.cursor;
        if (hash.isListpack()) {
            hash.forEach((f, v) -> {
                items.add(f);
                items.add(v);
            });
            cursor = 0;
        } else {
            long maxIterations = args.count * 10;
            do {
                cursor = hash.scan(cursor, (f, v) -> {
                    items.add(f);
                    items.add(v);
                });
            } while (cursor != 0 && maxIterations-- > 0 && items.size() / 2 < args.count);
        }
        List<byte[]> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i += 2) {
            if (args.matches(items.get(i))) {
                result.add(items.get(i));
                result.add(items.get(i + 1));
            }
        }
        call.reply().array(2);
        call.reply().bulk(ScanArgs.cursorText(cursor));
        call.reply().bulks(result);
    }
}
