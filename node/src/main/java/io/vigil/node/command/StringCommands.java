package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Database;
import io.vigil.node.store.GrowableString;
import io.vigil.node.store.Strings;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * String commands (SET with every option, GET, MGET, MSET, INCR family, INCRBYFLOAT, APPEND,
 * GETRANGE, SETRANGE, GETEX, GETDEL, GETSET, LCS...) with Redis 7.0's replies, errors, keyspace
 * events and propagation rewrites (relative expiries become {@code SET ... PXAT}, INCRBYFLOAT
 * becomes {@code SET ... KEEPTTL}, GETEX becomes PEXPIREAT/PERSIST/DEL, GETDEL becomes DEL).
 */
public final class StringCommands extends DataFeature {
    static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PXAT = "PXAT".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEEPTTL = "KEEPTTL".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PERSIST = "PERSIST".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private static final int NX = 1;
    private static final int XX = 1 << 1;
    private static final int GET = 1 << 2;
    private static final int KEEP = 1 << 3;
    private static final int PERSIST_FLAG = 1 << 4;
    private static final int EX = 1 << 5;
    private static final int PX = 1 << 6;
    private static final int EXAT = 1 << 7;
    private static final int PXAT_FLAG = 1 << 8;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT_FLAG;

    public StringCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("append", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(this::append));
        table.register(CommandSpec.builder("decr", 2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(call -> incrBy(call, -1)));
        table.register(CommandSpec.builder("decrby", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(this::decrby));
        table.register(CommandSpec.builder("get", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "string", "fast").handler(this::get));
        table.register(CommandSpec.builder("getdel", 2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(this::getdel));
        table.register(CommandSpec.builder("getex", -2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(this::getex));
        table.register(CommandSpec.builder("getrange", 4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "string", "slow").handler(this::getrange));
        table.register(CommandSpec.builder("getset", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(this::getset));
        table.register(CommandSpec.builder("incr", 2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(call -> incrBy(call, 1)));
        table.register(CommandSpec.builder("incrby", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(call -> incrBy(call, Args.toLong(call.arg(2)))));
        table.register(CommandSpec.builder("incrbyfloat", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(this::incrbyfloat));
        table.register(CommandSpec.builder("lcs", -3).flags(CommandFlag.READONLY).keys(1, 2, 1)
                .categories("read", "string", "slow").handler(this::lcs));
        table.register(CommandSpec.builder("mget", -2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, -1, 1)
                .categories("read", "string", "fast").handler(this::mget));
        table.register(CommandSpec.builder("mset", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, -1, 2)
                .categories("write", "string", "slow").handler(call -> mset(call, false)));
        table.register(CommandSpec.builder("msetnx", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, -1, 2)
                .categories("write", "string", "slow").handler(call -> mset(call, true)));
        table.register(CommandSpec.builder("psetex", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "string", "slow").handler(call -> set(call, PX, call.arg(3), call.arg(2), false)));
        table.register(CommandSpec.builder("set", -3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "string", "slow").handler(this::set));
        table.register(CommandSpec.builder("setex", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "string", "slow").handler(call -> set(call, EX, call.arg(3), call.arg(2), false)));
        table.register(CommandSpec.builder("setnx", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "string", "fast").handler(call -> set(call, NX, call.arg(2), null, true)));
        table.register(CommandSpec.builder("setrange", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "string", "slow").handler(this::setrange));
        table.register(CommandSpec.builder("strlen", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "string", "fast").handler(this::strlen));
        table.register(CommandSpec.builder("substr", 4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "string", "slow").handler(this::getrange));
    }

    /** A string value or null; WRONGTYPE for another type. */
    private static Object stringOrNull(Object value) {
        if (value == null || value instanceof byte[] || value instanceof GrowableString) {
            return value;
        }
        throw CommandError.wrongType();
    }

    private static void replyString(CommandCall call, Object value) {
        if (value instanceof byte[] b) {
            call.reply().bulk(b);
        } else {
            GrowableString g = (GrowableString) value;
            call.reply().bulk(g.buffer(), 0, g.length());
        }
    }

    private void get(CommandCall call) {
        Database db = db(call);
        Object value = stringOrNull(read(call, db, call.arg(1)));
        if (value == null) {
            call.reply().nullBulk();
        } else {
            replyString(call, value);
        }
    }

    /** SET key value [NX|XX] [GET] [EX|PX|EXAT|PXAT t|KEEPTTL]: Redis's parseExtendedStringArguments. */
    private void set(CommandCall call) {
        byte[][] argv = call.argv();
        int flags = 0;
        byte[] expire = null;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean hasNext = j < argv.length - 1;
            if (Args.is(opt, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (Args.is(opt, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (Args.is(opt, "get")) {
                flags |= GET;
            } else if (Args.is(opt, "keepttl") && (flags & ANY_EXPIRE) == 0) {
                flags |= KEEP;
            } else if (Args.is(opt, "ex") && (flags & (KEEP | EXAT | PX | PXAT_FLAG)) == 0 && hasNext) {
                flags |= EX;
                expire = argv[++j];
            } else if (Args.is(opt, "px") && (flags & (KEEP | EX | EXAT | PXAT_FLAG)) == 0 && hasNext) {
                flags |= PX;
                expire = argv[++j];
            } else if (Args.is(opt, "exat") && (flags & (KEEP | EX | PX | PXAT_FLAG)) == 0 && hasNext) {
                flags |= EXAT;
                expire = argv[++j];
            } else if (Args.is(opt, "pxat") && (flags & (KEEP | EX | EXAT | PX)) == 0 && hasNext) {
                flags |= PXAT_FLAG;
                expire = argv[++j];
            } else {
                throw CommandError.syntax();
            }
        }
        set(call, flags, argv[2], expire, false);
    }

    /** The absolute expiry in ms of an EX/PX/EXAT/PXAT argument, with Redis's checks. */
    private static long expireMillis(CommandCall call, int flags, byte[] expire) {
        long value = Args.toLong(expire);
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000)) {
            throw invalidExpire(call);
        }
        if (seconds) {
            value *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            value += call.nowMillis();
        }
        if (value <= 0) {
            throw invalidExpire(call);
        }
        return value;
    }

    private static CommandError invalidExpire(CommandCall call) {
        return new CommandError("ERR invalid expire time in '" + call.spec().fullName() + "' command");
    }

    /** setGenericCommand; {@code setnxReplies} gives SETNX's 1/0 replies. */
    private void set(CommandCall call, int flags, byte[] value, byte[] expire, boolean setnxReplies) {
        long when = -1;
        if (expire != null) {
            when = expireMillis(call, flags, expire);
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        if ((flags & GET) != 0) {
            Object old = stringOrNull(read(call, db, key));
            if (old == null) {
                call.reply().nullBulk();
            } else {
                replyString(call, old);
            }
        }
        boolean found;
        if ((flags & (NX | XX)) != 0) {
            found = db.exists(key, call.nowMillis());
        } else {
            expireIfNeeded(call, db, key);
            found = false;
        }
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if ((flags & GET) == 0) {
                if (setnxReplies) {
                    call.reply().integer(0);
                } else {
                    call.reply().nullBulk();
                }
            }
            return;
        }
        if ((flags & KEEP) != 0 || when >= 0) {
            db.replace(key, value);
        } else {
            db.put(key, value);
        }
        db.signalModified(key);
        call.dirty(1);
        events().notify(KeyspaceEvents.STRING, "set", key, db.index());
        if (when >= 0) {
            db.setExpire(key, when);
            call.propagate(SET, key, value, PXAT, Strings.fromLong(when));
            events().notify(KeyspaceEvents.GENERIC, "expire", key, db.index());
        } else if ((flags & GET) != 0) {
            call.propagate(withoutGet(call.argv()));
        }
        if ((flags & GET) == 0) {
            if (setnxReplies) {
                call.reply().integer(1);
            } else {
                call.reply().ok();
            }
        }
    }

    private static byte[][] withoutGet(byte[][] argv) {
        int kept = 0;
        byte[][] out = new byte[argv.length][];
        for (int j = 0; j < argv.length; j++) {
            if (j >= 3 && Args.is(argv[j], "get")) {
                continue;
            }
            out[kept++] = argv[j];
        }
        return java.util.Arrays.copyOf(out, kept);
    }

    private void getex(CommandCall call) {
        byte[][] argv = call.argv();
        int flags = 0;
        byte[] expire = null;
        for (int j = 2; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean hasNext = j < argv.length - 1;
            if (Args.is(opt, "persist") && (flags & (ANY_EXPIRE | KEEP)) == 0) {
                flags |= PERSIST_FLAG;
            } else if (Args.is(opt, "ex") && (flags & (KEEP | PERSIST_FLAG | EXAT | PX | PXAT_FLAG)) == 0 && hasNext) {
                flags |= EX;
                expire = argv[++j];
            } else if (Args.is(opt, "px") && (flags & (KEEP | PERSIST_FLAG | EX | EXAT | PXAT_FLAG)) == 0 && hasNext) {
                flags |= PX;
                expire = argv[++j];
            } else if (Args.is(opt, "exat") && (flags & (KEEP | PERSIST_FLAG | EX | PX | PXAT_FLAG)) == 0 && hasNext) {
                flags |= EXAT;
                expire = argv[++j];
            } else if (Args.is(opt, "pxat") && (flags & (KEEP | PERSIST_FLAG | EX | EXAT | PX)) == 0 && hasNext) {
                flags |= PXAT_FLAG;
                expire = argv[++j];
            } else {
                throw CommandError.syntax();
            }
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        Object value = stringOrNull(read(call, db, key));
        if (value == null) {
            call.reply().nullBulk();
            return;
        }
        long when = 0;
        if (expire != null) {
            when = expireMillis(call, flags, expire);
        }
        replyString(call, value);
        if ((flags & (EXAT | PXAT_FLAG)) != 0 && alreadyExpired(when, call.nowMillis())) {
            db.remove(key);
            call.propagate(DEL, key);
            changed(db, key, KeyspaceEvents.GENERIC, "del");
            call.dirty(1);
        } else if (expire != null) {
            db.setExpire(key, when);
            call.propagate(PEXPIREAT, key, Strings.fromLong(when));
            changed(db, key, KeyspaceEvents.GENERIC, "expire");
            call.dirty(1);
        } else if ((flags & PERSIST_FLAG) != 0) {
            if (db.persist(key)) {
                call.propagate(PERSIST, key);
                changed(db, key, KeyspaceEvents.GENERIC, "persist");
                call.dirty(1);
            }
        }
    }

    private void getdel(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        Object value = stringOrNull(read(call, db, key));
        if (value == null) {
            call.reply().nullBulk();
            return;
        }
        replyString(call, value);
        db.remove(key);
        call.propagate(DEL, key);
        changed(db, key, KeyspaceEvents.GENERIC, "del");
        call.dirty(1);
    }

    private void getset(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        Object old = stringOrNull(read(call, db, key));
        if (old == null) {
            call.reply().nullBulk();
        } else {
            replyString(call, old);
        }
        db.put(key, call.arg(2));
        db.signalModified(key);
        events().notify(KeyspaceEvents.STRING, "set", key, db.index());
        call.dirty(1);
        call.propagate(SET, key, call.arg(2));
    }

    private void mget(CommandCall call) {
        Database db = db(call);
        int n = call.argc() - 1;
        call.reply().array(n);
        for (int j = 1; j <= n; j++) {
            Object value = read(call, db, call.arg(j));
            if (value instanceof byte[] || value instanceof GrowableString) {
                replyString(call, value);
            } else {
                call.reply().nullBulk();
            }
        }
    }

    private void mset(CommandCall call, boolean nx) {
        byte[][] argv = call.argv();
        if (argv.length % 2 == 0) {
            throw new CommandError("ERR wrong number of arguments for '" + call.spec().fullName() + "' command");
        }
        Database db = db(call);
        if (nx) {
            for (int j = 1; j < argv.length; j += 2) {
                if (db.exists(argv[j], call.nowMillis())) {
                    call.reply().integer(0);
                    return;
                }
            }
        }
        for (int j = 1; j < argv.length; j += 2) {
            expireIfNeeded(call, db, argv[j]);
            db.put(argv[j], argv[j + 1]);
            db.signalModified(argv[j]);
            events().notify(KeyspaceEvents.STRING, "set", argv[j], db.index());
        }
        call.dirty((argv.length - 1) / 2);
        if (nx) {
            call.reply().integer(1);
        } else {
            call.reply().ok();
        }
    }

    private void decrby(CommandCall call) {
        long by = Args.toLong(call.arg(2));
        if (by == Long.MIN_VALUE) {
            throw new CommandError("ERR decrement would overflow");
        }
        incrBy(call, -by);
    }

    /** The integer held by a string value, or "value is not an integer or out of range". */
    private static long integerValue(Object value) {
        if (value == null) {
            return 0;
        }
        byte[] bytes = value instanceof byte[] b ? b : ((GrowableString) value).toBytes();
        return Args.toLong(bytes);
    }

    /**
     * The value INCR stored last and its number. String values are immutable arrays, so finding
     * the same array again means the same number: a counter incremented over and over is not parsed
     * back each time.
     */
    private byte[] lastIncrText;
    private long lastIncrValue;

    private void incrBy(CommandCall call, long by) {
        Database db = db(call);
        byte[] key = call.arg(1);
        Object current = stringOrNull(db.getForWrite(key, call.nowMillis()));
        long old = current != null && current == lastIncrText ? lastIncrValue : integerValue(current);
        if ((by < 0 && old < 0 && by < Long.MIN_VALUE - old) || (by > 0 && old > 0 && by > Long.MAX_VALUE - old)) {
            throw new CommandError("ERR increment or decrement would overflow");
        }
        long value = old + by;
        byte[] text = Strings.fromLong(value);
        lastIncrText = text;
        lastIncrValue = value;
        if (current == null) {
            db.put(key, text);
        } else {
            db.replace(key, text);
        }
        db.signalModified(key);
        events().notify(KeyspaceEvents.STRING, "incrby", key, db.index());
        call.dirty(1);
        call.reply().integerDigits(text);
    }

    private void incrbyfloat(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        Object current = stringOrNull(db.getForWrite(key, call.nowMillis()));
        BigDecimal value = current == null ? BigDecimal.ZERO : LongDouble.parse(Strings.bytes(current));
        BigDecimal by = value == null ? null : LongDouble.parse(call.arg(2));
        if (value == null || by == null) {
            throw new CommandError(CommandError.NOT_FLOAT);
        }
        BigDecimal sum = LongDouble.add(value, by);
        if (sum == null) {
            throw new CommandError("ERR increment would produce NaN or Infinity");
        }
        byte[] text = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        GrowableString stored = GrowableString.unencoded(text);
        if (current == null) {
            db.put(key, stored);
        } else {
            db.replace(key, stored);
        }
        db.signalModified(key);
        events().notify(KeyspaceEvents.STRING, "incrbyfloat", key, db.index());
        call.dirty(1);
        call.reply().bulk(text);
        call.propagate(SET, key, text, KEEPTTL);
    }

    private void checkLength(long length) {
        if (length > node.maxBulkBytes()) {
            throw new CommandError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    private void append(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        byte[] tail = call.arg(2);
        Object current = stringOrNull(db.getForWrite(key, call.nowMillis()));
        long length;
        if (current == null) {
            db.put(key, tail);
            length = tail.length;
        } else {
            length = (long) Strings.length(current) + tail.length;
            checkLength(length);
            GrowableString grown;
            if (current instanceof GrowableString g) {
                grown = g;
            } else {
                grown = new GrowableString((byte[]) current);
                db.replace(key, grown);
            }
            grown.append(tail);
        }
        changed(db, key, KeyspaceEvents.STRING, "append");
        call.dirty(1);
        call.reply().integer(length);
    }

    private void strlen(CommandCall call) {
        Object value = stringOrNull(read(call, db(call), call.arg(1)));
        call.reply().integer(value == null ? 0 : Strings.length(value));
    }

    private void getrange(CommandCall call) {
        long start = Args.toLong(call.arg(2));
        long end = Args.toLong(call.arg(3));
        Object value = stringOrNull(read(call, db(call), call.arg(1)));
        if (value == null) {
            call.reply().bulk(EMPTY);
            return;
        }
        byte[] bytes = value instanceof byte[] b ? b : ((GrowableString) value).buffer();
        long length = Strings.length(value);
        if (start < 0 && end < 0 && start > end) {
            call.reply().bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            call.reply().bulk(EMPTY);
        } else {
            call.reply().bulk(bytes, (int) start, (int) (end - start + 1));
        }
    }

    private void setrange(CommandCall call) {
        long offset = Args.toLong(call.arg(2));
        byte[] value = call.arg(3);
        if (offset < 0) {
            throw new CommandError("ERR offset is out of range");
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        Object current = stringOrNull(db.getForWrite(key, call.nowMillis()));
        GrowableString target;
        if (current == null) {
            if (value.length == 0) {
                call.reply().integer(0);
                return;
            }
            checkLength(offset + value.length);
            target = new GrowableString(EMPTY);
            db.put(key, target);
        } else {
            int length = Strings.length(current);
            if (value.length == 0) {
                call.reply().integer(length);
                return;
            }
            checkLength(offset + value.length);
            if (current instanceof GrowableString g) {
                target = g;
            } else {
                target = new GrowableString((byte[]) current);
                db.replace(key, target);
            }
        }
        target.setRange((int) offset, value);
        changed(db, key, KeyspaceEvents.STRING, "setrange");
        call.dirty(1);
        call.reply().integer(target.length());
    }

    /** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN], as Redis 7.0. */
    private void lcs(CommandCall call) {
        Database db = db(call);
        Object a = read(call, db, call.arg(1));
        Object b = read(call, db, call.arg(2));
        if ((a != null && !Strings.isString(a)) || (b != null && !Strings.isString(b))) {
            throw new CommandError("ERR The specified keys must contain string values");
        }
        byte[] x = a == null ? EMPTY : Strings.bytes(a);
        byte[] y = b == null ? EMPTY : Strings.bytes(b);
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        byte[][] argv = call.argv();
        for (int j = 3; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            if (Args.is(argv[j], "idx")) {
                getIdx = true;
            } else if (Args.is(argv[j], "len")) {
                getLen = true;
            } else if (Args.is(argv[j], "withmatchlen")) {
                withMatchLen = true;
            } else if (Args.is(argv[j], "minmatchlen") && more) {
                minMatchLen = Args.toLong(argv[++j]);
                if (minMatchLen < 0) {
                    minMatchLen = 0;
                }
            } else {
                throw CommandError.syntax();
            }
        }
        if (getLen && getIdx) {
            throw new CommandError("ERR If you want both the length and indexes, please just use IDX.");
        }
        if ((long) (x.length + 1) * (y.length + 1) > Integer.MAX_VALUE / 4) {
            throw new CommandError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        int w = y.length + 1;
        int[] dp = new int[(x.length + 1) * w];
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                if (x[i - 1] == y[j - 1]) {
                    dp[i * w + j] = dp[(i - 1) * w + j - 1] + 1;
                } else {
                    dp[i * w + j] = Math.max(dp[(i - 1) * w + j], dp[i * w + j - 1]);
                }
            }
        }
        int idx = dp[x.length * w + y.length];
        if (getLen) {
            call.reply().integer(idx);
            return;
        }
        byte[] result = new byte[idx];
        java.util.List<long[]> matches = new java.util.ArrayList<>();
        int i = x.length;
        int j = y.length;
        int k = idx;
        long arangeStart = x.length;
        long arangeEnd = 0;
        long brangeStart = 0;
        long brangeEnd = 0;
        while (i > 0 && j > 0) {
            boolean emitRange = false;
            if (x[i - 1] == y[j - 1]) {
                result[--k] = x[i - 1];
                if (arangeStart == x.length) {
                    arangeStart = i - 1;
                    arangeEnd = i - 1;
                    brangeStart = j - 1;
                    brangeEnd = j - 1;
                } else if (arangeStart == i && brangeStart == j) {
                    arangeStart--;
                    brangeStart--;
                } else {
                    emitRange = true;
                }
                if (arangeStart == 0 || brangeStart == 0) {
                    emitRange = true;
                }
                i--;
                j--;
            } else {
                int lcs1 = dp[(i - 1) * w + j];
                int lcs2 = dp[i * w + j - 1];
                if (lcs1 > lcs2) {
                    i--;
                } else {
                    j--;
                }
                if (arangeStart != x.length) {
                    emitRange = true;
                }
            }
            if (emitRange) {
                long matchLen = arangeEnd - arangeStart + 1;
                if (minMatchLen == 0 || matchLen >= minMatchLen) {
                    matches.add(new long[]{arangeStart, arangeEnd, brangeStart, brangeEnd, matchLen});
                }
                arangeStart = x.length;
            }
        }
        if (getIdx) {
            call.reply().map(2);
            call.reply().bulk("matches");
            call.reply().array(matches.size());
            for (long[] m : matches) {
                call.reply().array(withMatchLen ? 3 : 2);
                call.reply().array(2).integer(m[0]).integer(m[1]);
                call.reply().array(2).integer(m[2]).integer(m[3]);
                if (withMatchLen) {
                    call.reply().integer(m[4]);
                }
            }
            call.reply().bulk("len");
            call.reply().integer(idx);
            return;
        }
        call.reply().bulk(result);
    }
}
