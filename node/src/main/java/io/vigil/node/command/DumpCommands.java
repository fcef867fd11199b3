package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.rdb.Crc64;
import io.vigil.node.rdb.RdbFormatException;
import io.vigil.node.rdb.RdbInput;
import io.vigil.node.rdb.RdbLoader;
import io.vigil.node.rdb.RdbOpcodes;
import io.vigil.node.rdb.RdbOutput;
import io.vigil.node.rdb.RdbValue;
import io.vigil.node.rdb.StoreCodec;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Database;
import io.vigil.node.store.Strings;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DUMP and RESTORE: a value serialized as in an RDB file (type, value), followed by the RDB
 * version as two little-endian bytes and a CRC-64 of everything before it, exactly Redis's
 * payload format, so values move between this node and redis-server in both directions.
 */
public final class DumpCommands extends DataFeature {
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    public DumpCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("dump", 2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("keyspace", "read", "slow").handler(this::dump));
        table.register(CommandSpec.builder("restore", -4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("keyspace", "write", "slow", "dangerous").handler(this::restore));
    }

    /** The DUMP payload of a value. */
    static byte[] serialize(Object value) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            RdbOutput out = new RdbOutput(buffer, true);
            // The codec writes type, key, value: an empty key is the single length byte 0, cut out below.
            new StoreCodec().write(out, new byte[0], value);
            out.flush();
            byte[] record = buffer.toByteArray();
            byte[] payload = new byte[record.length - 1 + 10];
            payload[0] = record[0];
            System.arraycopy(record, 2, payload, 1, record.length - 2);
            int at = record.length - 1;
            payload[at] = (byte) RdbOpcodes.RDB_VERSION;
            payload[at + 1] = (byte) (RdbOpcodes.RDB_VERSION >> 8);
            long crc = Crc64.update(0, payload, 0, at + 2);
            for (int i = 0; i < 8; i++) {
                payload[at + 2 + i] = (byte) (crc >>> (8 * i));
            }
            return payload;
        } catch (IOException e) {
            throw new CommandError("ERR " + e.getMessage());
        }
    }

    private void dump(CommandCall call) {
        Object value = read(call, db(call), call.arg(1));
        if (value == null) {
            call.reply().nullBulk();
            return;
        }
        call.reply().bulk(serialize(value));
    }

    /** verifyDumpPayload: a known RDB version and a matching CRC-64. */
    private static boolean verify(byte[] payload) {
        if (payload.length < 10) {
            return false;
        }
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > RdbOpcodes.RDB_VERSION) {
            return false;
        }
        long crc = 0;
        for (int i = 0; i < 8; i++) {
            crc |= (payload[footer + 2 + i] & 0xffL) << (8 * i);
        }
        return Crc64.update(0, payload, 0, footer + 2) == crc;
    }

    private void restore(CommandCall call) {
        byte[][] argv = call.argv();
        boolean replace = false;
        boolean absTtl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < argv.length; j++) {
            int more = argv.length - j - 1;
            if (Args.is(argv[j], "replace")) {
                replace = true;
            } else if (Args.is(argv[j], "absttl")) {
                absTtl = true;
            } else if (Args.is(argv[j], "idletime") && more >= 1 && freq == -1) {
                idle = Args.toLong(argv[++j]);
                if (idle < 0) {
                    throw new CommandError("ERR Invalid IDLETIME value, must be >= 0");
                }
            } else if (Args.is(argv[j], "freq") && more >= 1 && idle == -1) {
                freq = Args.toLong(argv[++j]);
                if (freq < 0 || freq > 255) {
                    throw new CommandError("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
            } else {
                throw CommandError.syntax();
            }
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        if (!replace && db.exists(key, call.nowMillis())) {
            throw new CommandError("BUSYKEY Target key name already exists.");
        }
        long ttl = Args.toLong(call.arg(2));
        if (ttl < 0) {
            throw new CommandError("ERR Invalid TTL value, must be >= 0");
        }
        byte[] payload = call.arg(3);
        if (!verify(payload)) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        Object value;
        try {
            RdbInput in = new RdbInput(new ByteArrayInputStream(payload, 1, payload.length - 11));
            RdbLoader loader = new RdbLoader(in, (d, k, v, e) -> {
            }, false);
            RdbValue decoded = loader.readValue(payload[0] & 0xff);
            if (decoded == null || !in.atEnd()) {
                throw new CommandError("ERR Bad data format");
            }
            value = StoreCodec.toStore(decoded, limits());
        } catch (IOException | RuntimeException e) {
            if (e instanceof CommandError error) {
                throw error;
            }
            throw new CommandError("ERR Bad data format");
        }
        boolean deleted = false;
        if (replace) {
            deleted = db.exists(key, call.nowMillis()) && db.remove(key);
        }
        if (ttl > 0 && !absTtl) {
            ttl += call.nowMillis();
        }
        if (ttl > 0 && alreadyExpired(ttl, call.nowMillis())) {
            if (deleted) {
                call.propagate(DEL, key);
                changed(db, key, KeyspaceEvents.GENERIC, "del");
                call.dirty(1);
            }
            call.reply().ok();
            return;
        }
        db.put(key, value, ttl > 0 ? ttl : -1);
        if (ttl > 0 && !absTtl) {
            byte[][] rewritten = Arrays.copyOf(argv, argv.length + 1);
            rewritten[2] = Strings.fromLong(ttl);
            rewritten[argv.length] = ABSTTL;
            call.propagate(rewritten);
        }
        changed(db, key, KeyspaceEvents.GENERIC, "restore");
        call.dirty(1);
        call.reply().ok();
    }
}
