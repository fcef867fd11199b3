package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Database;
import io.vigil.node.store.GrowableString;
import io.vigil.node.store.HyperLogLog;
import io.vigil.node.store.Strings;

/**
 * PFADD, PFCOUNT, PFMERGE and PFDEBUG as Redis 7.0's (hyperloglog.c). A HyperLogLog is a plain
 * string whose bytes {@link HyperLogLog} keeps identical to Redis's, so it replicates and saves as
 * any string. PFCOUNT of one key stores the cardinality it computed in the header and, as in
 * Redis, replicates itself so that replicas hold the same bytes.
 */
public final class HyperLogLogCommands extends DataFeature {
    private static final String INVALID_HLL = "INVALIDOBJ Corrupted HLL object detected";
    private static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";

    /** hll-sparse-max-bytes: past this size a sparse HLL turns dense. */
    private volatile long sparseMaxBytes = 3000;

    public HyperLogLogCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void start() {
        sparseMaxBytes = node.config().getLong("hll-sparse-max-bytes");
        node.config().onChange("hll-sparse-max-bytes", change -> sparseMaxBytes = node.config().getLong("hll-sparse-max-bytes"));
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("pfadd", -2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1).categories("write", "hyperloglog", "fast").handler(this::pfadd));
        table.register(CommandSpec.builder("pfcount", -2).flags(CommandFlag.READONLY, CommandFlag.MAY_REPLICATE)
                .keys(1, -1, 1).categories("read", "hyperloglog", "slow").handler(this::pfcount));
        table.register(CommandSpec.builder("pfmerge", -2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, -1, 1).categories("write", "hyperloglog", "slow").handler(this::pfmerge));
        table.register(CommandSpec.builder("pfdebug", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.ADMIN)
                .keys(2, 2, 1).categories("write", "hyperloglog", "admin", "slow", "dangerous").handler(this::pfdebug));
        table.register(CommandSpec.builder("pfselftest", 1).flags(CommandFlag.ADMIN)
                .categories("hyperloglog", "admin", "slow", "dangerous").handler(this::pfselftest));
    }

    /** isHLLObjectOrReply: WRONGTYPE for another type, the HLL WRONGTYPE for a string that is not one. */
    private static void checkHll(Object value) {
        if (!Strings.isString(value)) {
            throw CommandError.wrongType();
        }
        if (!HyperLogLog.isValid(bytesOf(value), Strings.length(value))) {
            throw new CommandError(NOT_HLL);
        }
    }

    private static byte[] bytesOf(Object value) {
        return value instanceof byte[] b ? b : ((GrowableString) value).buffer();
    }

    /**
     * A working HLL over a stored value: dense values held in a GrowableString are changed in
     * place; anything else is a copy that {@link #store} writes back.
     */
    private static HyperLogLog open(Object value) {
        byte[] bytes = bytesOf(value);
        int length = Strings.length(value);
        if (value instanceof GrowableString && length == HyperLogLog.DENSE_SIZE && bytes[4] == HyperLogLog.DENSE) {
            return HyperLogLog.wrap(bytes, length);
        }
        byte[] copy = new byte[length + 4];
        System.arraycopy(bytes, 0, copy, 0, length);
        return HyperLogLog.wrap(copy, length);
    }

    /**
     * Stores the working HLL unless it changed the stored value in place. Like Redis's
     * dbUnshareStringValue, the value ends up a "raw" string either way.
     */
    private static void store(Database db, byte[] key, Object current, HyperLogLog hll) {
        if (current instanceof GrowableString g && g.buffer() == hll.buffer()) {
            return;
        }
        GrowableString value = new GrowableString(hll.buffer(), 0, hll.length());
        if (current == null) {
            db.put(key, value);
        } else {
            db.replace(key, value);
        }
    }

    private void pfadd(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        Object current = db.getForWrite(key, call.nowMillis());
        HyperLogLog hll;
        int updated = 0;
        if (current == null) {
            hll = HyperLogLog.createSparse();
            updated++;
        } else {
            checkHll(current);
            hll = open(current);
        }
        String error = null;
        for (int j = 2; j < call.argc(); j++) {
            int result = hll.add(call.arg(j), sparseMaxBytes);
            if (result == 1) {
                updated++;
            } else if (result == -1) {
                error = INVALID_HLL;
                break;
            }
        }
        if (error != null) {
            // what was changed before the corrupt part was met stays changed, as in Redis
            store(db, key, current, hll);
            throw new CommandError(error);
        }
        if (updated > 0) {
            hll.invalidateCache();
        }
        store(db, key, current, hll);
        if (updated > 0) {
            changed(db, key, KeyspaceEvents.STRING, "pfadd");
            call.dirty(updated);
        }
        call.reply().integer(updated > 0 ? 1 : 0);
    }

    private void pfcount(CommandCall call) {
        Database db = db(call);
        if (call.argc() > 2) {
            // the cardinality of the union: registers merged one byte each
            byte[] max = new byte[HyperLogLog.REGISTERS];
            for (int j = 1; j < call.argc(); j++) {
                Object value = read(call, db, call.arg(j));
                if (value == null) {
                    continue;
                }
                checkHll(value);
                if (!HyperLogLog.wrap(bytesOf(value), Strings.length(value)).mergeInto(max)) {
                    throw new CommandError(INVALID_HLL);
                }
            }
            call.reply().integer(HyperLogLog.countRaw(max));
            return;
        }
        byte[] key = call.arg(1);
        Object value = read(call, db, key);
        if (value == null) {
            call.reply().integer(0);
            return;
        }
        checkHll(value);
        HyperLogLog view = HyperLogLog.wrap(bytesOf(value), Strings.length(value));
        if (view.validCache()) {
            if (value instanceof byte[]) {
                // dbUnshareStringValue: the value is "raw" afterwards even when nothing changes
                db.replace(key, new GrowableString((byte[]) value));
            }
            call.reply().integer(view.cachedCardinality());
            return;
        }
        long card = view.count();
        if (card < 0) {
            throw new CommandError(INVALID_HLL);
        }
        Object current = db.getForWrite(key, call.nowMillis());
        GrowableString target;
        if (current instanceof GrowableString g) {
            target = g;
        } else {
            target = new GrowableString((byte[]) current);
            db.replace(key, target);
        }
        HyperLogLog.wrap(target.buffer(), target.length()).cacheCardinality(card);
        // a read-only command that changed a string: replicas must store the same cache
        db.signalModified(key);
        call.dirty(1);
        call.propagate(call.argv());
        call.reply().integer(card);
    }

    private void pfmerge(CommandCall call) {
        Database db = db(call);
        byte[] max = new byte[HyperLogLog.REGISTERS];
        boolean useDense = false;
        // the destination is one of the sources (j starts at 1, as in Redis)
        for (int j = 1; j < call.argc(); j++) {
            Object value = read(call, db, call.arg(j));
            if (value == null) {
                continue;
            }
            checkHll(value);
            HyperLogLog source = HyperLogLog.wrap(bytesOf(value), Strings.length(value));
            if (source.encoding() == HyperLogLog.DENSE) {
                useDense = true;
            }
            if (!source.mergeInto(max)) {
                throw new CommandError(INVALID_HLL);
            }
        }
        byte[] key = call.arg(1);
        Object current = db.getForWrite(key, call.nowMillis());
        HyperLogLog target = current == null ? HyperLogLog.createSparse() : open(current);
        if (useDense && !target.sparseToDense()) {
            store(db, key, current, target);
            throw new CommandError(INVALID_HLL);
        }
        target.setRegisters(max, sparseMaxBytes);
        target.invalidateCache();
        store(db, key, current, target);
        // a PFADD event: a merge is a mass add
        changed(db, key, KeyspaceEvents.STRING, "pfadd");
        call.dirty(1);
        call.reply().ok();
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. */
    private void pfdebug(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(2);
        Object current = db.getForWrite(key, call.nowMillis());
        if (current == null) {
            throw new CommandError("ERR The specified key does not exist");
        }
        checkHll(current);
        HyperLogLog hll = open(current);
        String sub = call.text(1);
        if (call.is(1, "getreg")) {
            if (hll.encoding() == HyperLogLog.SPARSE) {
                if (!hll.sparseToDense()) {
                    throw new CommandError(INVALID_HLL);
                }
                // the encoding change must reach replicas
                call.dirty(1);
            }
            store(db, key, current, hll);
            call.reply().array(HyperLogLog.REGISTERS);
            for (int j = 0; j < HyperLogLog.REGISTERS; j++) {
                call.reply().integer(hll.register(j));
            }
        } else if (call.is(1, "decode")) {
            store(db, key, current, hll);
            if (hll.encoding() != HyperLogLog.SPARSE) {
                throw new CommandError("ERR HLL encoding is not sparse");
            }
            call.reply().bulk(decode(hll.buffer(), hll.length()));
        } else if (call.is(1, "encoding")) {
            store(db, key, current, hll);
            call.reply().simple(hll.encoding() == HyperLogLog.DENSE ? "dense" : "sparse");
        } else if (call.is(1, "todense")) {
            boolean converted = false;
            if (hll.encoding() == HyperLogLog.SPARSE) {
                if (!hll.sparseToDense()) {
                    throw new CommandError(INVALID_HLL);
                }
                converted = true;
                call.dirty(1);
            }
            store(db, key, current, hll);
            call.reply().integer(converted ? 1 : 0);
        } else {
            store(db, key, current, hll);
            throw new CommandError("ERR Unknown PFDEBUG subcommand '" + sub + "'");
        }
    }

    /**
     * PFSELFTEST, Redis's checks: 1000 rounds of random dense registers read back, then ten million
     * additions to a dense and a sparse HLL side by side, which must stay sparse while small, count
     * alike and stay within six standard errors at every power of ten. Blocks for a moment, as in Redis.
     */
    private void pfselftest(CommandCall call) {
        java.util.Random random = new java.util.Random();
        HyperLogLog counters = HyperLogLog.createSparse();
        counters.sparseToDense();
        int[] expected = new int[HyperLogLog.REGISTERS];
        for (int cycle = 0; cycle < 1000; cycle++) {
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                expected[i] = random.nextInt(64);
                counters.setRegister(i, expected[i]);
            }
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                int value = counters.register(i);
                if (value != expected[i]) {
                    throw new CommandError("TESTFAILED Register " + i + " should be " + expected[i] + " but is " + value);
                }
            }
        }
        HyperLogLog dense = HyperLogLog.createSparse();
        dense.sparseToDense();
        HyperLogLog sparse = HyperLogLog.createSparse();
        double relativeError = 1.04 / Math.sqrt(HyperLogLog.REGISTERS);
        long checkpoint = 1;
        long seed = random.nextLong();
        byte[] element = new byte[8];
        for (long j = 1; j <= 10_000_000; j++) {
            long value = j ^ seed;
            for (int b = 0; b < 8; b++) {
                element[b] = (byte) (value >>> (8 * b));
            }
            dense.add(element, sparseMaxBytes);
            sparse.add(element, sparseMaxBytes);
            if (j != checkpoint) {
                continue;
            }
            if (j < sparseMaxBytes / 2 && sparse.encoding() != HyperLogLog.SPARSE) {
                throw new CommandError("TESTFAILED sparse encoding not used");
            }
            long count = dense.count();
            if (count != sparse.count()) {
                throw new CommandError("TESTFAILED dense/sparse disagree");
            }
            long maxError = (long) Math.ceil(relativeError * 6 * checkpoint);
            if (j == 10) {
                maxError = 1;
            }
            long absError = Math.abs(checkpoint - count);
            if (absError > maxError) {
                throw new CommandError("TESTFAILED Too big error. card:" + checkpoint + " abserr:" + absError);
            }
            checkpoint *= 10;
        }
        call.reply().ok();
    }

    /** PFDEBUG DECODE's text: z:len, Z:len and v:value,len opcodes separated by spaces. */
    private static String decode(byte[] b, int length) {
        StringBuilder out = new StringBuilder();
        int p = HyperLogLog.HEADER;
        while (p < length) {
            int op = b[p] & 0xff;
            if ((op & 0xc0) == 0) {
                out.append("z:").append((op & 0x3f) + 1).append(' ');
                p++;
            } else if ((op & 0xc0) == 0x40) {
                int second = p + 1 < length ? b[p + 1] & 0xff : 0;
                out.append("Z:").append((((op & 0x3f) << 8) | second) + 1).append(' ');
                p += 2;
            } else {
                out.append("v:").append(((op >> 2) & 0x1f) + 1).append(',').append((op & 3) + 1).append(' ');
                p++;
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end);
    }
}
