package io.vigil.node.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Writes a whole RDB file as Redis 7.0's rdbSaveRio does: {@code REDIS0010}, the AUX fields
 * (redis-ver, redis-bits, ctime, used-mem, the replication fields when given, aof-base), then per
 * non-empty database SELECTDB and RESIZEDB followed by its keys (EXPIRETIME_MS before a key with a
 * TTL), EOF and the CRC-64 (or 0 with {@code rdbchecksum no}).
 */
public final class RdbWriter {
    /** The version we claim in {@code redis-ver}: what clients and tools compare against. */
    public static final String REDIS_VERSION = "7.0.15";

    /** What is being saved: the snapshot's databases. */
    public interface Dataset {
        int databases();

        long size(int db);

        long volatileKeys(int db);

        void forEach(int db, Visitor visitor);
    }

    /** One key of a {@link Dataset}. */
    @FunctionalInterface
    public interface Visitor {
        void visit(byte[] key, Object value, long expireAtMillis);
    }

    /** Writes one value: its type byte, the key, then the body. */
    public interface ValueEncoder {
        void write(RdbOutput out, byte[] key, Object value) throws IOException;
    }

    /** The replication AUX fields (a master's RDB for its replicas, or a replica's own save). */
    public record ReplicationAux(int streamDb, String replId, long offset) {
    }

    /** Options of one save. */
    public record Options(boolean compression, boolean checksum, boolean aofBase, ReplicationAux replication,
                          long usedMemory) {
        public static Options defaults() {
            return new Options(true, true, false, null, 0);
        }
    }

    private final ValueEncoder encoder;
    private long keysWritten;

    public RdbWriter(ValueEncoder encoder) {
        this.encoder = encoder;
    }

    /** Keys written so far (INFO's current_save_keys_processed). */
    public long keysWritten() {
        return keysWritten;
    }

    /**
     * Writes the dataset; {@code cancelled} is polled every 1024 keys so a background save can be
     * stopped (FLUSHALL, SHUTDOWN). Returns the bytes written. Does not flush or sync {@code os}
     * beyond its own buffer.
     */
    public long write(OutputStream os, Dataset dataset, Options options, BooleanSupplier cancelled) throws IOException {
        RdbOutput out = new RdbOutput(os, options.compression());
        out.write(String.format("REDIS%04d", RdbOpcodes.RDB_VERSION).getBytes(StandardCharsets.US_ASCII));
        out.writeAux("redis-ver", REDIS_VERSION);
        out.writeAux("redis-bits", 64);
        out.writeAux("ctime", System.currentTimeMillis() / 1000);
        out.writeAux("used-mem", options.usedMemory());
        ReplicationAux repl = options.replication();
        if (repl != null) {
            out.writeAux("repl-stream-db", repl.streamDb());
            out.writeAux("repl-id", repl.replId());
            out.writeAux("repl-offset", repl.offset());
        }
        out.writeAux("aof-base", options.aofBase() ? 1 : 0);
        for (int db = 0; db < dataset.databases(); db++) {
            long size = dataset.size(db);
            if (size == 0) {
                continue;
            }
            out.writeByte(RdbOpcodes.OPCODE_SELECTDB);
            out.writeLength(db);
            out.writeByte(RdbOpcodes.OPCODE_RESIZEDB);
            out.writeLength(size);
            out.writeLength(dataset.volatileKeys(db));
            try {
                dataset.forEach(db, (key, value, expireAt) -> {
                    try {
                        if (expireAt >= 0) {
                            out.writeByte(RdbOpcodes.OPCODE_EXPIRETIME_MS);
                            out.writeMillis(expireAt);
                        }
                        encoder.write(out, key, value);
                        if ((++keysWritten & 1023) == 0 && cancelled.getAsBoolean()) {
                            throw new IOException("save cancelled");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        out.writeByte(RdbOpcodes.OPCODE_EOF);
        long crc = options.checksum() ? out.crc() : 0;
        out.writeLongLE(crc);
        out.flush();
        return out.written();
    }
}
