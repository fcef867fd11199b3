package io.vigil.node.aof;

import io.vigil.node.store.GrowableString;
import io.vigil.node.store.HashValue;
import io.vigil.node.store.KeyspaceSnapshot;
import io.vigil.node.store.ListValue;
import io.vigil.node.store.SetValue;
import io.vigil.node.store.ZSetValue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * rewriteAppendOnlyFileRio: a dataset as RESP commands, for a base file without an RDB preamble
 * ({@code aof-use-rdb-preamble no}). Collections go out in batches of 64 items per command
 * (AOF_REWRITE_ITEMS_PER_CMD), expiries as PEXPIREAT.
 */
final class AofRewriter {
    private static final int ITEMS_PER_COMMAND = 64;

    private final OutputStream out;
    private final AofBuffer buffer = new AofBuffer();
    private final BooleanSupplier cancelled;

    AofRewriter(OutputStream out, BooleanSupplier cancelled) {
        this.out = out;
        this.cancelled = cancelled;
    }

    void write(KeyspaceSnapshot snapshot) throws IOException {
        try {
            for (int db = 0; db < snapshot.databases(); db++) {
                if (snapshot.size(db) == 0) {
                    continue;
                }
                emit(new byte[][]{RespEncoding.ascii("SELECT"), RespEncoding.ascii(Integer.toString(db))});
                long[] count = {0};
                snapshot.forEach(db, (key, value, expireAt) -> {
                    try {
                        writeKey(key, value);
                        if (expireAt >= 0) {
                            emit(new byte[][]{RespEncoding.ascii("PEXPIREAT"), key,
                                    RespEncoding.ascii(Long.toString(expireAt))});
                        }
                        if ((++count[0] & 1023) == 0 && cancelled.getAsBoolean()) {
                            throw new IOException("rewrite cancelled");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        drain();
    }

    private void writeKey(byte[] key, Object value) throws IOException {
        if (value instanceof byte[] bytes) {
            emit(new byte[][]{RespEncoding.ascii("SET"), key, bytes});
        } else if (value instanceof GrowableString grown) {
            emit(new byte[][]{RespEncoding.ascii("SET"), key, grown.toBytes()});
        } else if (value instanceof ListValue list) {
            Batcher batch = new Batcher("RPUSH", key);
            list.forEach(batch::add);
            batch.finish();
        } else if (value instanceof SetValue set) {
            Batcher batch = new Batcher("SADD", key);
            set.forEach(batch::add);
            batch.finish();
        } else if (value instanceof ZSetValue zset) {
            Batcher batch = new Batcher("ZADD", key);
            zset.forEach((member, score) -> {
                batch.add(io.vigil.node.rdb.RdbEncodings.scoreText(score), member);
            });
            batch.finish();
        } else if (value instanceof HashValue hash) {
            Batcher batch = new Batcher("HMSET", key);
            hash.forEach(batch::add);
            batch.finish();
        } else {
            throw new IOException("Cannot rewrite a value of type " + value.getClass().getName());
        }
    }

    /** Collects items of one key into commands of at most 64 items. */
    private final class Batcher {
        private final String command;
        private final byte[] key;
        private final List<byte[]> args = new ArrayList<>();
        private int items;

        Batcher(String command, byte[] key) {
            this.command = command;
            this.key = key;
        }

        void add(byte[]... item) {
            for (byte[] part : item) {
                args.add(part);
            }
            if (++items == ITEMS_PER_COMMAND) {
                flush();
            }
        }

        void flush() {
            if (items == 0) {
                return;
            }
            byte[][] argv = new byte[args.size() + 2][];
            argv[0] = RespEncoding.ascii(command);
            argv[1] = key;
            for (int i = 0; i < args.size(); i++) {
                argv[i + 2] = args.get(i);
            }
            try {
                emit(argv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            args.clear();
            items = 0;
        }

        void finish() {
            flush();
        }
    }

    private void emit(byte[][] argv) throws IOException {
        RespEncoding.encode(buffer, argv);
        if (buffer.length() >= 64 * 1024) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (!buffer.isEmpty()) {
            out.write(buffer.toByteArray());
            buffer.clear();
        }
    }
}
