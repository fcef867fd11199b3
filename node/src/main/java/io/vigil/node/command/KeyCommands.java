package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.Glob;
import io.vigil.node.store.Database;
import io.vigil.node.store.GrowableString;
import io.vigil.node.store.MutableValue;
import io.vigil.node.store.Strings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Generic key commands (DEL, EXISTS, EXPIRE family, TTL, TYPE, KEYS, SCAN, RENAME, MOVE, COPY,
 * OBJECT...), the database commands (DBSIZE, FLUSHDB, FLUSHALL, SWAPDB) and the active expiry
 * cycle, with Redis 7.0's replies, events and propagation (relative expiries travel as PEXPIREAT,
 * expiries in the past as DEL, FLUSHDB/FLUSHALL always).
 */
public final class KeyCommands extends DataFeature {
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 2;
    private static final int EXPIRE_GT = 4;
    private static final int EXPIRE_LT = 8;
    /** Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    private static final int KEYS_PER_LOOP = 20;
    /** Redis keeps sampling a database while more than this percentage of samples had expired. */
    private static final int ACCEPTABLE_STALE_PERCENT = 10;
    /** Share of each cron period the slow cycle may use (ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC). */
    private static final int SLOW_TIME_PERCENT = 25;

    private volatile boolean lfuPolicy;
    private int expireDb;

    public KeyCommands(VigilNode node) {
        super(node);
    }

    /** maxmemory-policy is an LFU one (OBJECT FREQ works, OBJECT IDLETIME refuses). */
    public void lfuPolicy(boolean value) {
        lfuPolicy = value;
    }

    /** Applies the encoding thresholds and maxmemory-policy from the config, now and on CONFIG SET. */
    @Override
    public void start() {
        readConfig();
        for (String name : new String[]{"hash-max-listpack-entries", "hash-max-listpack-value", "set-max-intset-entries",
                "zset-max-listpack-entries", "zset-max-listpack-value", "list-max-listpack-size", "list-compress-depth",
                "maxmemory-policy"}) {
            node.config().onChange(name, change -> readConfig());
        }
    }

    private void readConfig() {
        io.vigil.conf.NodeConfig config = node.config();
        io.vigil.node.store.EncodingLimits limits = limits();
        limits.hashMaxListpackEntries = clamp(config.getLong("hash-max-listpack-entries"));
        limits.hashMaxListpackValue = clamp(config.getLong("hash-max-listpack-value"));
        limits.setMaxIntsetEntries = clamp(config.getLong("set-max-intset-entries"));
        limits.zsetMaxListpackEntries = clamp(config.getLong("zset-max-listpack-entries"));
        limits.zsetMaxListpackValue = clamp(config.getLong("zset-max-listpack-value"));
        limits.listMaxListpackSize = clamp(config.getLong("list-max-listpack-size"));
        limits.listCompressDepth = clamp(config.getLong("list-compress-depth"));
        String policy = config.getString("maxmemory-policy");
        lfuPolicy = policy != null && policy.contains("lfu");
    }

    private static int clamp(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("copy", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 2, 1)
                .categories("keyspace", "write", "slow").handler(this::copy));
        table.register(CommandSpec.builder("del", -2).flags(CommandFlag.WRITE).keys(1, -1, 1)
                .categories("keyspace", "write", "slow").handler(this::del));
        table.register(CommandSpec.builder("exists", -2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, -1, 1)
                .categories("keyspace", "read", "fast").handler(this::exists));
        table.register(CommandSpec.builder("expire", -3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "write", "fast").handler(call -> expire(call, call.nowMillis(), true)));
        table.register(CommandSpec.builder("expireat", -3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "write", "fast").handler(call -> expire(call, 0, true)));
        table.register(CommandSpec.builder("expiretime", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "read", "fast").handler(call -> ttl(call, false, true)));
        table.register(CommandSpec.builder("keys", 2).flags(CommandFlag.READONLY)
                .categories("keyspace", "read", "slow", "dangerous").handler(this::keys));
        table.register(CommandSpec.builder("move", 3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "write", "fast").handler(this::move));
        table.register(CommandSpec.builder("object", -2)
                .categories("slow")
                .subcommand(CommandSpec.builder("freq", 3).flags(CommandFlag.READONLY).keys(2, 2, 1)
                        .categories("keyspace", "read", "slow").handler(this::objectFreq))
                .subcommand(CommandSpec.builder("help", 2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .categories("keyspace", "slow").handler(this::objectHelp))
                .subcommand(CommandSpec.builder("refcount", 3).flags(CommandFlag.READONLY).keys(2, 2, 1)
                        .categories("keyspace", "read", "slow").handler(this::objectRefcount))
                .subcommand(CommandSpec.builder("encoding", 3).flags(CommandFlag.READONLY).keys(2, 2, 1)
                        .categories("keyspace", "read", "slow").handler(this::objectEncoding))
                .subcommand(CommandSpec.builder("idletime", 3).flags(CommandFlag.READONLY).keys(2, 2, 1)
                        .categories("keyspace", "read", "slow").handler(this::objectIdletime)));
        table.register(CommandSpec.builder("persist", 2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "write", "fast").handler(this::persist));
        table.register(CommandSpec.builder("pexpire", -3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "write", "fast").handler(call -> expire(call, call.nowMillis(), false)));
        table.register(CommandSpec.builder("pexpireat", -3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "write", "fast").handler(call -> expire(call, 0, false)));
        table.register(CommandSpec.builder("pexpiretime", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "read", "fast").handler(call -> ttl(call, true, true)));
        table.register(CommandSpec.builder("pttl", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "read", "fast").handler(call -> ttl(call, true, false)));
        table.register(CommandSpec.builder("randomkey", 1).flags(CommandFlag.READONLY)
                .categories("keyspace", "read", "slow").handler(this::randomkey));
        table.register(CommandSpec.builder("rename", 3).flags(CommandFlag.WRITE).keys(1, 2, 1)
                .categories("keyspace", "write", "slow").handler(call -> rename(call, false)));
        table.register(CommandSpec.builder("renamenx", 3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 2, 1)
                .categories("keyspace", "write", "fast").handler(call -> rename(call, true)));
        table.register(CommandSpec.builder("scan", -2).flags(CommandFlag.READONLY)
                .categories("keyspace", "read", "slow").handler(this::scan));
        table.register(CommandSpec.builder("touch", -2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, -1, 1)
                .categories("keyspace", "read", "fast").handler(this::touch));
        table.register(CommandSpec.builder("ttl", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "read", "fast").handler(call -> ttl(call, false, false)));
        table.register(CommandSpec.builder("type", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("keyspace", "read", "fast").handler(this::type));
        table.register(CommandSpec.builder("unlink", -2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, -1, 1)
                .categories("keyspace", "write", "fast").handler(this::del));
        table.register(CommandSpec.builder("dbsize", 1).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .categories("keyspace", "read", "fast").handler(call -> call.reply().integer(db(call).size())));
        table.register(CommandSpec.builder("flushall", -1).flags(CommandFlag.WRITE)
                .categories("keyspace", "write", "slow", "dangerous").handler(this::flushall));
        table.register(CommandSpec.builder("flushdb", -1).flags(CommandFlag.WRITE)
                .categories("keyspace", "write", "slow", "dangerous").handler(this::flushdb));
        table.register(CommandSpec.builder("swapdb", 3).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .categories("keyspace", "write", "fast", "dangerous").handler(this::swapdb));
    }

    /** Redis's TYPE name of a value. */
    static String typeName(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof byte[]) {
            return "string";
        }
        return ((MutableValue) value).type();
    }

    /** OBJECT ENCODING's name for a value. */
    static String encodingName(Object value) {
        if (Strings.isString(value)) {
            return Strings.encoding(value);
        }
        return ((MutableValue) value).encoding();
    }

    private void del(CommandCall call) {
        Database db = db(call);
        int deleted = 0;
        for (int j = 1; j < call.argc(); j++) {
            byte[] key = call.arg(j);
            if (db.exists(key, call.nowMillis()) && db.remove(key)) {
                changed(db, key, KeyspaceEvents.GENERIC, "del");
                deleted++;
            }
        }
        call.dirty(deleted);
        call.reply().integer(deleted);
    }

    private void exists(CommandCall call) {
        Database db = db(call);
        int count = 0;
        for (int j = 1; j < call.argc(); j++) {
            if (readNoTouch(call, db, call.arg(j)) != null) {
                count++;
            }
        }
        call.reply().integer(count);
    }

    private void touch(CommandCall call) {
        Database db = db(call);
        int count = 0;
        for (int j = 1; j < call.argc(); j++) {
            if (read(call, db, call.arg(j)) != null) {
                count++;
            }
        }
        call.reply().integer(count);
    }

    /** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX/XX/GT/LT (expireGenericCommand). */
    private void expire(CommandCall call, long basetime, boolean seconds) {
        int flags = 0;
        for (int j = 3; j < call.argc(); j++) {
            byte[] opt = call.arg(j);
            if (Args.is(opt, "nx")) {
                flags |= EXPIRE_NX;
            } else if (Args.is(opt, "xx")) {
                flags |= EXPIRE_XX;
            } else if (Args.is(opt, "gt")) {
                flags |= EXPIRE_GT;
            } else if (Args.is(opt, "lt")) {
                flags |= EXPIRE_LT;
            } else {
                throw new CommandError("ERR Unsupported option " + call.text(j));
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            throw new CommandError("ERR GT and LT options at the same time are not compatible");
        }
        long when = Args.toLong(call.arg(2));
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalidExpire(call);
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            throw invalidExpire(call);
        }
        when += basetime;
        Database db = db(call);
        byte[] key = call.arg(1);
        if (!db.exists(key, call.nowMillis())) {
            call.reply().integer(0);
            return;
        }
        if (flags != 0) {
            long current = db.expireAt(key);
            if ((flags & EXPIRE_NX) != 0 && current != -1) {
                call.reply().integer(0);
                return;
            }
            if ((flags & EXPIRE_XX) != 0 && current == -1) {
                call.reply().integer(0);
                return;
            }
            if ((flags & EXPIRE_GT) != 0 && (when <= current || current == -1)) {
                call.reply().integer(0);
                return;
            }
            if ((flags & EXPIRE_LT) != 0 && current != -1 && when >= current) {
                call.reply().integer(0);
                return;
            }
        }
        if (alreadyExpired(when, call.nowMillis())) {
            db.remove(key);
            call.dirty(1);
            call.propagate(DEL, key);
            changed(db, key, KeyspaceEvents.GENERIC, "del");
            call.reply().integer(1);
            return;
        }
        db.setExpire(key, when);
        call.reply().integer(1);
        byte[][] argv = call.argv().clone();
        argv[0] = call.spec().name().equals("pexpireat") ? call.arg(0) : PEXPIREAT;
        if (basetime != 0 || seconds) {
            argv[2] = Strings.fromLong(when);
        }
        call.propagate(argv);
        changed(db, key, KeyspaceEvents.GENERIC, "expire");
        call.dirty(1);
    }

    private static CommandError invalidExpire(CommandCall call) {
        return new CommandError("ERR invalid expire time in '" + call.spec().fullName() + "' command");
    }

    /** TTL, PTTL, EXPIRETIME, PEXPIRETIME (ttlGenericCommand). */
    private void ttl(CommandCall call, boolean millis, boolean absolute) {
        Database db = db(call);
        byte[] key = call.arg(1);
        if (readNoTouch(call, db, key) == null) {
            call.reply().integer(-2);
            return;
        }
        long expire = db.expireAt(key);
        if (expire == -1) {
            call.reply().integer(-1);
            return;
        }
        long ttl = absolute ? expire : expire - call.nowMillis();
        if (ttl < 0) {
            ttl = 0;
        }
        call.reply().integer(millis ? ttl : (ttl + 500) / 1000);
    }

    private void persist(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        if (db.exists(key, call.nowMillis()) && db.persist(key)) {
            changed(db, key, KeyspaceEvents.GENERIC, "persist");
            call.dirty(1);
            call.reply().integer(1);
        } else {
            call.reply().integer(0);
        }
    }

    private void type(CommandCall call) {
        Object value = readNoTouch(call, db(call), call.arg(1));
        call.reply().simple(typeName(value));
    }

    private void keys(CommandCall call) {
        Database db = db(call);
        byte[] pattern = call.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        long now = call.nowMillis();
        List<byte[]> found = new ArrayList<>();
        db.forEach((key, value, expireAt) -> {
            if ((all || Glob.matches(pattern, key)) && (expireAt < 0 || expireAt > now)) {
                found.add(key);
            }
        });
        call.reply().bulks(found);
    }

    private void scan(CommandCall call) {
        ScanArgs args = ScanArgs.parse(call.argv(), 1, true);
        Database db = db(call);
        List<byte[]> keys = new ArrayList<>();
        long cursor = args.cursor;
        long maxIterations = args.count * 10;
        List<byte[]> step = new ArrayList<>();
        do {
            step.clear();
            cursor = db.scan(cursor, call.nowMillis(), (key, value) -> step.add(key));
            keys.addAll(step);
        } while (cursor != 0 && maxIterations-- > 0 && keys.size() < args.count);
        List<byte[]> result = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            if (!args.matches(key)) {
                continue;
            }
            Object value = db.getNoTouch(key, call.nowMillis());
            if (value == null) {
                continue;
            }
            if (args.type != null && !typeName(value).equalsIgnoreCase(new String(args.type, StandardCharsets.ISO_8859_1))) {
                continue;
            }
            result.add(key);
        }
        call.reply().array(2);
        call.reply().bulk(ScanArgs.cursorText(cursor));
        call.reply().bulks(result);
    }

    private void rename(CommandCall call, boolean nx) {
        Database db = db(call);
        byte[] from = call.arg(1);
        byte[] to = call.arg(2);
        Object value = db.getForWrite(from, call.nowMillis());
        if (value == null) {
            throw new CommandError("ERR no such key");
        }
        if (java.util.Arrays.equals(from, to)) {
            if (nx) {
                call.reply().integer(0);
            } else {
                call.reply().ok();
            }
            return;
        }
        long expire = db.expireAt(from);
        if (db.exists(to, call.nowMillis())) {
            if (nx) {
                call.reply().integer(0);
                return;
            }
            db.remove(to);
        }
        db.remove(from);
        db.put(to, value, expire);
        db.signalModified(from);
        db.signalModified(to);
        events().notify(KeyspaceEvents.GENERIC, "rename_from", from, db.index());
        events().notify(KeyspaceEvents.GENERIC, "rename_to", to, db.index());
        call.dirty(1);
        if (nx) {
            call.reply().integer(1);
        } else {
            call.reply().ok();
        }
    }

    private void randomkey(CommandCall call) {
        byte[] key = db(call).randomKey(node.random(), call.nowMillis());
        call.reply().bulk(key);
    }

    private int dbIndex(byte[] arg) {
        long index;
        if (!Strings.isStrictLong(arg) || (index = Strings.parseStrictLong(arg)) < Integer.MIN_VALUE
                || index > Integer.MAX_VALUE) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        if (index < 0 || index >= node.keyspace().count()) {
            throw new CommandError("ERR DB index is out of range");
        }
        return (int) index;
    }

    private void move(CommandCall call) {
        Database src = db(call);
        int target = dbIndex(call.arg(2));
        Database dst = node.keyspace().db(target);
        if (src == dst) {
            throw new CommandError("ERR source and destination objects are the same");
        }
        byte[] key = call.arg(1);
        Object value = src.getForWrite(key, call.nowMillis());
        if (value == null) {
            call.reply().integer(0);
            return;
        }
        long expire = src.expireAt(key);
        if (dst.exists(key, call.nowMillis())) {
            call.reply().integer(0);
            return;
        }
        dst.put(key, value, expire);
        src.remove(key);
        src.signalModified(key);
        dst.signalModified(key);
        events().notify(KeyspaceEvents.GENERIC, "move_from", key, src.index());
        events().notify(KeyspaceEvents.GENERIC, "move_to", key, dst.index());
        call.dirty(1);
        call.reply().integer(1);
    }

    private void copy(CommandCall call) {
        Database src = db(call);
        Database dst = src;
        boolean replace = false;
        for (int j = 3; j < call.argc(); j++) {
            int additional = call.argc() - j - 1;
            if (Args.is(call.arg(j), "replace")) {
                replace = true;
            } else if (Args.is(call.arg(j), "db") && additional >= 1) {
                dst = node.keyspace().db(dbIndex(call.arg(j + 1)));
                j++;
            } else {
                throw CommandError.syntax();
            }
        }
        byte[] key = call.arg(1);
        byte[] newKey = call.arg(2);
        if (src == dst && java.util.Arrays.equals(key, newKey)) {
            throw new CommandError("ERR source and destination objects are the same");
        }
        Object value = read(call, src, key);
        if (value == null) {
            call.reply().integer(0);
            return;
        }
        long expire = src.expireAt(key);
        boolean delete = false;
        if (dst.exists(newKey, call.nowMillis())) {
            if (!replace) {
                call.reply().integer(0);
                return;
            }
            delete = true;
        }
        Object copy = value instanceof byte[] ? value : ((MutableValue) value).copy();
        if (delete) {
            dst.remove(newKey);
        }
        dst.put(newKey, copy, expire);
        dst.signalModified(newKey);
        events().notify(KeyspaceEvents.GENERIC, "copy_to", newKey, dst.index());
        call.dirty(1);
        call.reply().integer(1);
    }

    private Object objectLookup(CommandCall call) {
        Object value = db(call).getNoTouch(call.arg(2), call.nowMillis());
        if (value == null) {
            call.reply().nullBulk();
        }
        return value;
    }

    private void objectEncoding(CommandCall call) {
        Object value = objectLookup(call);
        if (value != null) {
            call.reply().bulk(encodingName(value));
        }
    }

    private void objectRefcount(CommandCall call) {
        Object value = objectLookup(call);
        if (value == null) {
            return;
        }
        // Redis shares the integers 0..9999 (OBJ_SHARED_INTEGERS) with an immortal refcount.
        if (value instanceof byte[] b && b.length <= 4 && Strings.isStrictLong(b)) {
            long v = Strings.parseStrictLong(b);
            if (v >= 0 && v < 10000 && !lfuPolicy) {
                call.reply().integer(Integer.MAX_VALUE);
                return;
            }
        }
        call.reply().integer(1);
    }

    private void objectIdletime(CommandCall call) {
        Object value = objectLookup(call);
        if (value == null) {
            return;
        }
        if (lfuPolicy) {
            throw new CommandError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that "
                    + "when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        call.reply().integer(db(call).idleSeconds(call.arg(2), call.nowMillis()));
    }

    private void objectFreq(CommandCall call) {
        Object value = objectLookup(call);
        if (value == null) {
            return;
        }
        if (!lfuPolicy) {
            throw new CommandError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data will take some "
                    + "time to adjust.");
        }
        call.reply().integer(0);
    }

    private void objectHelp(CommandCall call) {
        String[] lines = {
                "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "ENCODING <key>",
                "    Return the kind of internal representation used in order to store the value",
                "    associated with a <key>.",
                "FREQ <key>",
                "    Return the access frequency index of the <key>. The returned integer is",
                "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>",
                "    Return the idle time of the <key>, that is the approximated number of",
                "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>",
                "    Return the number of references of the value associated with the specified",
                "    <key>.",
                "HELP",
                "    Prints this help."};
        call.reply().array(lines.length);
        for (String line : lines) {
            call.reply().simple(line);
        }
    }

    /** FLUSHDB/FLUSHALL's optional ASYNC|SYNC. */
    private static void flushOptions(CommandCall call) {
        if (call.argc() > 2) {
            throw CommandError.syntax();
        }
        if (call.argc() == 2 && !Args.is(call.arg(1), "sync") && !Args.is(call.arg(1), "async")) {
            throw CommandError.syntax();
        }
    }

    private void flushdb(CommandCall call) {
        flushOptions(call);
        Database db = db(call);
        int removed = db.size();
        db.clear();
        call.dirty(removed);
        call.propagate(call.argv());
        call.reply().ok();
    }

    private void flushall(CommandCall call) {
        flushOptions(call);
        long removed = node.keyspace().size();
        node.keyspace().flushAll();
        call.dirty(removed);
        call.propagate(call.argv());
        call.reply().ok();
    }

    private void swapdb(CommandCall call) {
        int a = dbIndexOrError(call.arg(1), "ERR invalid first DB index");
        int b = dbIndexOrError(call.arg(2), "ERR invalid second DB index");
        if (a < 0 || a >= node.keyspace().count() || b < 0 || b >= node.keyspace().count()) {
            throw new CommandError("ERR DB index is out of range");
        }
        if (a != b) {
            node.keyspace().swap(a, b);
            BlockingCommands blocking = node.feature(BlockingCommands.class);
            if (blocking != null) {
                blocking.scanForReadyKeys(node.keyspace().db(a));
                blocking.scanForReadyKeys(node.keyspace().db(b));
            }
        }
        call.dirty(1);
        call.reply().ok();
    }

    private static int dbIndexOrError(byte[] arg, String error) {
        if (!Strings.isStrictLong(arg)) {
            throw new CommandError(error);
        }
        long v = Strings.parseStrictLong(arg);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandError(error);
        }
        return (int) v;
    }

    /** Active expiry: Redis's slow activeExpireCycle, run from the cron. */
    @Override
    public void cron(long nowMillis) {
        if (!node.activeExpire() || isReplica()) {
            return;
        }
        long budgetNanos = 1_000_000_000L / Math.max(1, node.hz()) * SLOW_TIME_PERCENT / 100;
        long started = System.nanoTime();
        int dbs = node.keyspace().count();
        for (int n = 0; n < dbs; n++) {
            Database db = node.keyspace().db(expireDb);
            expireDb = (expireDb + 1) % dbs;
            int iterations = 0;
            while (db.volatileKeys() > 0) {
                int expired = db.expireSample(node.random(), nowMillis, KEYS_PER_LOOP);
                int sampled = db.lastSampled();
                if (sampled == 0) {
                    break;
                }
                if ((++iterations & 15) == 0 && System.nanoTime() - started > budgetNanos) {
                    return;
                }
                if (expired * 100 / sampled <= ACCEPTABLE_STALE_PERCENT) {
                    break;
                }
            }
            if (System.nanoTime() - started > budgetNanos) {
                return;
            }
        }
    }
}
