package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Bits;
import io.vigil.node.store.Database;
import io.vigil.node.store.GrowableString;
import io.vigil.node.store.Strings;

import java.util.ArrayList;
import java.util.List;

/**
 * Bitmap commands of Redis 7.0 (bitops.c): SETBIT, GETBIT, BITCOUNT and BITPOS with BYTE|BIT
 * ranges, BITOP, BITFIELD and BITFIELD_RO. Bitmaps are plain strings, so they replicate and save
 * as strings; a bitmap written here is a "raw" string, as Redis leaves it. Writes propagate
 * verbatim and, as in Redis 7.0, only when a bit actually changed or the string grew.
 */
public final class BitmapCommands extends DataFeature {
    private static final String BIT_OFFSET_ERROR = "ERR bit offset is not an integer or out of range";
    private static final String BIT_ERROR = "ERR bit is not an integer or out of range";
    private static final String TYPE_ERROR =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    private static final byte[] EMPTY = new byte[0];

    private static final int OP_GET = 0;
    private static final int OP_SET = 1;
    private static final int OP_INCRBY = 2;

    public BitmapCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("setbit", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "bitmap", "slow").handler(this::setbit));
        table.register(CommandSpec.builder("getbit", 3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "bitmap", "fast").handler(this::getbit));
        table.register(CommandSpec.builder("bitcount", -2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "bitmap", "slow").handler(this::bitcount));
        table.register(CommandSpec.builder("bitpos", -3).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "bitmap", "slow").handler(this::bitpos));
        table.register(CommandSpec.builder("bitop", -4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(2, -1, 1)
                .categories("write", "bitmap", "slow").handler(this::bitop));
        table.register(CommandSpec.builder("bitfield", -2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "bitmap", "slow").handler(call -> bitfield(call, false)));
        table.register(CommandSpec.builder("bitfield_ro", -2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1).categories("read", "bitmap", "fast").handler(call -> bitfield(call, true)));
    }

    /** A string value or null; WRONGTYPE for another type. */
    private static Object stringOrNull(Object value) {
        if (value == null || Strings.isString(value)) {
            return value;
        }
        throw CommandError.wrongType();
    }

    /**
     * getBitOffsetFromArgument: a strict non-negative integer, or {@code #n} meaning n * bits for
     * BITFIELD; limited to proto-max-bulk-len bytes except for the master's commands.
     */
    private long bitOffset(CommandCall call, byte[] arg, boolean hash, int bits) {
        boolean useHash = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
        int from = useHash ? 1 : 0;
        if (!Strings.isStrictLong(arg, from, arg.length - from)) {
            throw new CommandError(BIT_OFFSET_ERROR);
        }
        long offset = Strings.parseStrictLong(useHash ? java.util.Arrays.copyOfRange(arg, 1, arg.length) : arg);
        if (useHash) {
            offset *= bits;
        }
        boolean obey = call.session().kind() == ClientKind.MASTER;
        // a Java array holds at most ~2 GB whatever the master sends
        if (offset < 0 || (!obey && (offset >> 3) >= node.maxBulkBytes()) || (offset >> 3) >= Integer.MAX_VALUE - 64) {
            throw new CommandError(BIT_OFFSET_ERROR);
        }
        return offset;
    }

    /** The bytes and length of a string value for reading (a GrowableString's buffer is longer). */
    private static byte[] bytesOf(Object value) {
        if (value == null) {
            return EMPTY;
        }
        return value instanceof byte[] b ? b : ((GrowableString) value).buffer();
    }

    /**
     * lookupStringForBitCommand: the string at the key as a mutable raw string at least
     * {@code maxBit / 8 + 1} bytes long (created or zero-padded). Returns whether it was created or grew.
     */
    private boolean growForBits(CommandCall call, Database db, byte[] key, Object current, long maxBit,
                                GrowableString[] out) {
        int needed = (int) ((maxBit >> 3) + 1);
        if (current == null) {
            GrowableString created = new GrowableString(new byte[needed]);
            db.put(key, created);
            out[0] = created;
            return true;
        }
        GrowableString target;
        if (current instanceof GrowableString g) {
            target = g;
        } else {
            target = new GrowableString((byte[]) current);
            db.replace(key, target);
        }
        out[0] = target;
        int length = target.length();
        if (length < needed) {
            target.setRange(length, new byte[needed - length]);
            return true;
        }
        return false;
    }

    private void setbit(CommandCall call) {
        long offset = bitOffset(call, call.arg(2), false, 0);
        byte[] onArg = call.arg(3);
        if (!Strings.isStrictLong(onArg)) {
            throw new CommandError(BIT_ERROR);
        }
        long on = Strings.parseStrictLong(onArg);
        if ((on & ~1L) != 0) {
            throw new CommandError(BIT_ERROR);
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        Object current = stringOrNull(db.getForWrite(key, call.nowMillis()));
        GrowableString[] target = new GrowableString[1];
        boolean grew = growForBits(call, db, key, current, offset, target);
        byte[] buffer = target[0].buffer();
        int index = (int) (offset >> 3);
        int shift = 7 - (int) (offset & 7);
        int old = (buffer[index] >> shift) & 1;
        if (grew || old != on) {
            buffer[index] = (byte) ((buffer[index] & ~(1 << shift)) | ((int) on << shift));
            changed(db, key, KeyspaceEvents.STRING, "setbit");
            call.dirty(1);
        }
        call.reply().integer(old);
    }

    private void getbit(CommandCall call) {
        long offset = bitOffset(call, call.arg(2), false, 0);
        Object value = stringOrNull(read(call, db(call), call.arg(1)));
        if (value == null) {
            call.reply().integer(0);
            return;
        }
        long index = offset >> 3;
        int bit = 0;
        if (index < Strings.length(value)) {
            bit = (bytesOf(value)[(int) index] >> (7 - (int) (offset & 7))) & 1;
        }
        call.reply().integer(bit);
    }

    /** BITCOUNT key [start end [BYTE|BIT]], in Redis 7.0's order: a missing key answers 0 before any check. */
    private void bitcount(CommandCall call) {
        Object value = stringOrNull(read(call, db(call), call.arg(1)));
        if (value == null) {
            call.reply().integer(0);
            return;
        }
        byte[] p = bytesOf(value);
        long strlen = Strings.length(value);
        long start;
        long end;
        int firstMask = 0;
        int lastMask = 0;
        int argc = call.argc();
        if (argc == 4 || argc == 5) {
            long totlen = strlen;
            start = Args.toLong(call.arg(2));
            end = Args.toLong(call.arg(3));
            if (start < 0 && end < 0 && start > end) {
                call.reply().integer(0);
                return;
            }
            boolean isBit = false;
            if (argc == 5) {
                if (call.is(4, "bit")) {
                    isBit = true;
                } else if (!call.is(4, "byte")) {
                    throw CommandError.syntax();
                }
            }
            if (isBit) {
                totlen <<= 3;
            }
            start = clampIndex(start, totlen);
            end = clampIndex(end, totlen);
            if (end >= totlen) {
                end = totlen - 1;
            }
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (argc == 2) {
            start = 0;
            end = strlen - 1;
        } else {
            throw CommandError.syntax();
        }
        if (start > end) {
            call.reply().integer(0);
            return;
        }
        long count = Bits.popcount(p, (int) start, (int) (end - start + 1));
        if (firstMask != 0) {
            count -= Integer.bitCount(p[(int) start] & firstMask);
        }
        if (lastMask != 0) {
            count -= Integer.bitCount(p[(int) end] & lastMask);
        }
        call.reply().integer(count);
    }

    /** A negative index counted from the end, then floored at 0. */
    private static long clampIndex(long index, long length) {
        if (index < 0) {
            index = length + index;
        }
        return Math.max(index, 0);
    }

    /** BITPOS key bit [start [end [BYTE|BIT]]], Redis 7.0's argument order and edge cases. */
    private void bitpos(CommandCall call) {
        long bitArg = Args.toLong(call.arg(2));
        if (bitArg != 0 && bitArg != 1) {
            throw new CommandError("ERR The bit argument must be 1 or 0.");
        }
        int bit = (int) bitArg;
        Object value = read(call, db(call), call.arg(1));
        if (value == null) {
            call.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        stringOrNull(value);
        byte[] p = bytesOf(value);
        long strlen = Strings.length(value);
        long start;
        long end;
        boolean endGiven = false;
        int firstMask = 0;
        int lastMask = 0;
        int argc = call.argc();
        if (argc >= 4 && argc <= 6) {
            long totlen = strlen;
            start = Args.toLong(call.arg(3));
            boolean isBit = false;
            if (argc == 6) {
                if (call.is(5, "bit")) {
                    isBit = true;
                } else if (!call.is(5, "byte")) {
                    throw CommandError.syntax();
                }
            }
            if (argc >= 5) {
                end = Args.toLong(call.arg(4));
                endGiven = true;
            } else {
                end = totlen - 1;
            }
            if (isBit) {
                totlen <<= 3;
            }
            start = clampIndex(start, totlen);
            end = clampIndex(end, totlen);
            if (end >= totlen) {
                end = totlen - 1;
            }
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (argc == 3) {
            start = 0;
            end = strlen - 1;
        } else {
            throw CommandError.syntax();
        }
        if (start > end) {
            call.reply().integer(-1);
            return;
        }
        long bytes = end - start + 1;
        long pos;
        byte[] one = new byte[1];
        found:
        {
            if (firstMask != 0) {
                int c = bit == 1 ? p[(int) start] & ~firstMask : p[(int) start] | firstMask;
                if (lastMask != 0 && bytes == 1) {
                    c = bit == 1 ? c & ~lastMask : c | lastMask;
                }
                one[0] = (byte) c;
                pos = Bits.bitpos(one, 0, 1, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) {
                    break found;
                }
                start++;
                bytes--;
            }
            // a last byte holding bits outside the range is looked at on its own, masked
            long whole = bytes - (lastMask != 0 ? 1 : 0);
            if (whole > 0) {
                pos = Bits.bitpos(p, (int) start, (int) whole, bit);
                if (bytes == whole || (pos != -1 && pos != whole << 3)) {
                    break found;
                }
                start += whole;
                bytes -= whole;
            }
            int c = bit == 1 ? p[(int) end] & ~lastMask : p[(int) end] | lastMask;
            one[0] = (byte) c;
            pos = Bits.bitpos(one, 0, 1, bit);
        }
        // with an explicit end the right of the range is not zero-padded: no clear bit found is -1
        if (endGiven && bit == 0 && pos == bytes << 3) {
            call.reply().integer(-1);
            return;
        }
        if (pos != -1) {
            pos += start << 3;
        }
        call.reply().integer(pos);
    }

    /** BITOP AND|OR|XOR|NOT destkey key [key ...]: the result replaces destkey (its TTL dropped) or deletes it. */
    private void bitop(CommandCall call) {
        int op;
        if (call.is(1, "and")) {
            op = 0;
        } else if (call.is(1, "or")) {
            op = 1;
        } else if (call.is(1, "xor")) {
            op = 2;
        } else if (call.is(1, "not")) {
            op = 3;
        } else {
            throw CommandError.syntax();
        }
        if (op == 3 && call.argc() != 4) {
            throw new CommandError("ERR BITOP NOT must be called with a single source key.");
        }
        Database db = db(call);
        int numKeys = call.argc() - 3;
        byte[][] src = new byte[numKeys][];
        int[] len = new int[numKeys];
        int maxLen = 0;
        for (int j = 0; j < numKeys; j++) {
            Object value = stringOrNull(read(call, db, call.arg(j + 3)));
            if (value == null) {
                src[j] = EMPTY;
                continue;
            }
            src[j] = bytesOf(value);
            len[j] = Strings.length(value);
            maxLen = Math.max(maxLen, len[j]);
        }
        byte[] key = call.arg(2);
        if (maxLen > 0) {
            byte[] res = new byte[maxLen];
            for (int i = 0; i < maxLen; i++) {
                int output = len[0] <= i ? 0 : src[0][i] & 0xff;
                if (op == 3) {
                    output = ~output & 0xff;
                }
                for (int k = 1; k < numKeys; k++) {
                    int b = len[k] <= i ? 0 : src[k][i] & 0xff;
                    if (op == 0) {
                        output &= b;
                    } else if (op == 1) {
                        output |= b;
                    } else {
                        output ^= b;
                    }
                }
                res[i] = (byte) output;
            }
            expireIfNeeded(call, db, key);
            db.put(key, new GrowableString(res));
            changed(db, key, KeyspaceEvents.STRING, "set");
            call.dirty(1);
        } else if (db.remove(key)) {
            changed(db, key, KeyspaceEvents.GENERIC, "del");
            call.dirty(1);
        }
        call.reply().integer(maxLen);
    }

    /** One parsed BITFIELD operation. */
    private record FieldOp(int opcode, long offset, long value, int overflow, int bits, boolean signed) {
    }

    /** BITFIELD / BITFIELD_RO: every operation is parsed (and refused) before any runs. */
    private void bitfield(CommandCall call, boolean readOnlyCommand) {
        List<FieldOp> ops = new ArrayList<>();
        int overflow = Bits.WRAP;
        boolean readonly = true;
        long highestWrite = 0;
        int argc = call.argc();
        for (int j = 2; j < argc; j++) {
            int remaining = argc - j - 1;
            int opcode;
            if (call.is(j, "get") && remaining >= 2) {
                opcode = OP_GET;
            } else if (call.is(j, "set") && remaining >= 3) {
                opcode = OP_SET;
            } else if (call.is(j, "incrby") && remaining >= 3) {
                opcode = OP_INCRBY;
            } else if (call.is(j, "overflow") && remaining >= 1) {
                j++;
                if (call.is(j, "wrap")) {
                    overflow = Bits.WRAP;
                } else if (call.is(j, "sat")) {
                    overflow = Bits.SAT;
                } else if (call.is(j, "fail")) {
                    overflow = Bits.FAIL;
                } else {
                    throw new CommandError("ERR Invalid OVERFLOW type specified");
                }
                continue;
            } else {
                throw CommandError.syntax();
            }
            byte[] type = call.arg(j + 1);
            boolean signed;
            if (type.length > 0 && type[0] == 'i') {
                signed = true;
            } else if (type.length > 0 && type[0] == 'u') {
                signed = false;
            } else {
                throw new CommandError(TYPE_ERROR);
            }
            if (!Strings.isStrictLong(type, 1, type.length - 1)) {
                throw new CommandError(TYPE_ERROR);
            }
            long bits = Strings.parseStrictLong(java.util.Arrays.copyOfRange(type, 1, type.length));
            if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
                throw new CommandError(TYPE_ERROR);
            }
            long offset = bitOffset(call, call.arg(j + 2), true, (int) bits);
            long value = 0;
            if (opcode != OP_GET) {
                readonly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                value = Args.toLong(call.arg(j + 3));
            }
            ops.add(new FieldOp(opcode, offset, value, overflow, (int) bits, signed));
            j += opcode == OP_GET ? 2 : 3;
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        byte[] buffer;
        boolean grew = false;
        int length;
        if (readonly) {
            Object value = stringOrNull(read(call, db, key));
            buffer = bytesOf(value);
            length = value == null ? 0 : Strings.length(value);
        } else {
            if (readOnlyCommand) {
                throw new CommandError("ERR BITFIELD_RO only supports the GET subcommand");
            }
            Object current = stringOrNull(db.getForWrite(key, call.nowMillis()));
            GrowableString[] target = new GrowableString[1];
            grew = growForBits(call, db, key, current, highestWrite, target);
            buffer = target[0].buffer();
            length = target[0].length();
        }
        var out = call.reply();
        out.array(ops.size());
        int changes = 0;
        long[] limit = new long[1];
        for (FieldOp op : ops) {
            if (op.opcode == OP_GET) {
                // read through a zero-padded 9-byte window: fields may run past the string's end
                byte[] window = new byte[9];
                long first = op.offset >> 3;
                for (int i = 0; i < 9 && first + i < length; i++) {
                    window[i] = buffer[(int) (first + i)];
                }
                long inWindow = op.offset - first * 8;
                out.integer(op.signed ? Bits.getSigned(window, inWindow, op.bits)
                        : Bits.getUnsigned(window, inWindow, op.bits));
                continue;
            }
            long oldValue;
            long newValue;
            long reply;
            int overflowed;
            if (op.signed) {
                oldValue = Bits.getSigned(buffer, op.offset, op.bits);
                if (op.opcode == OP_INCRBY) {
                    overflowed = Bits.checkSignedOverflow(oldValue, op.value, op.bits, op.overflow, limit);
                    newValue = overflowed != 0 ? limit[0] : oldValue + op.value;
                    reply = newValue;
                } else {
                    newValue = op.value;
                    overflowed = Bits.checkSignedOverflow(newValue, 0, op.bits, op.overflow, limit);
                    if (overflowed != 0) {
                        newValue = limit[0];
                    }
                    reply = oldValue;
                }
            } else {
                oldValue = Bits.getUnsigned(buffer, op.offset, op.bits);
                if (op.opcode == OP_INCRBY) {
                    newValue = oldValue + op.value;
                    overflowed = Bits.checkUnsignedOverflow(oldValue, op.value, op.bits, op.overflow, limit);
                    if (overflowed != 0) {
                        newValue = limit[0];
                    }
                    reply = newValue;
                } else {
                    newValue = op.value;
                    overflowed = Bits.checkUnsignedOverflow(newValue, 0, op.bits, op.overflow, limit);
                    if (overflowed != 0) {
                        newValue = limit[0];
                    }
                    reply = oldValue;
                }
            }
            if (overflowed != 0 && op.overflow == Bits.FAIL) {
                out.nullBulk();
                continue;
            }
            out.integer(reply);
            Bits.set(buffer, op.offset, op.bits, newValue);
            if (grew || oldValue != newValue) {
                changes++;
            }
        }
        if (changes > 0) {
            changed(db, key, KeyspaceEvents.STRING, "setbit");
            call.dirty(changes);
        }
    }
}
