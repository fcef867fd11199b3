package io.vigil.node.repl;

import io.vigil.node.VigilNode;
import io.vigil.node.rdb.RdbFormatException;
import io.vigil.node.rdb.RdbInput;
import io.vigil.node.rdb.RdbLoader;
import io.vigil.node.rdb.RdbValue;
import io.vigil.node.rdb.RdbWriter;
import io.vigil.node.store.KeyspaceSnapshot;
import io.vigil.node.store.StagedKeyspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link RdbSupport} over the persistence package: a copy-on-write {@link KeyspaceSnapshot}
 * written with {@link RdbWriter}, and {@link RdbLoader} reading into a {@link StagedKeyspace}
 * that the event loop installs in one step.
 */
final class RdbBridge implements RdbSupport {
    /** Turns store values into RDB records and back; supplied by the persistence layer. */
    interface ValueCodec {
        RdbWriter.ValueEncoder encoder();

        Object decode(RdbValue value) throws RdbFormatException;
    }

    private final VigilNode node;
    private final ValueCodec codec;

    RdbBridge(VigilNode node, ValueCodec codec) {
        this.node = node;
        this.codec = codec;
    }

    static RdbSupport forNode(VigilNode node) {
        return new RdbBridge(node, new StoreValueCodec(node.keyspace()));
    }

    @Override
    public Snapshot take() {
        KeyspaceSnapshot snapshot = node.keyspace().snapshot();
        return new Snapshot() {
            @Override
            public void write(OutputStream out, int replStreamDb, String replId, long replOffset) throws IOException {
                RdbWriter.Dataset dataset = new RdbWriter.Dataset() {
                    @Override
                    public int databases() {
                        return snapshot.databases();
                    }

                    @Override
                    public long size(int db) {
                        return snapshot.size(db);
                    }

                    @Override
                    public long volatileKeys(int db) {
                        return snapshot.volatileKeys(db);
                    }

                    @Override
                    public void forEach(int db, RdbWriter.Visitor visitor) {
                        snapshot.forEach(db, visitor::visit);
                    }
                };
                RdbWriter.Options options = new RdbWriter.Options(true, true, false,
                        new RdbWriter.ReplicationAux(replStreamDb, replId, replOffset), 0);
                new RdbWriter(codec.encoder()).write(out, dataset, options, () -> false);
                out.flush();
            }

            @Override
            public void release() {
                snapshot.close();
            }
        };
    }

    /** Keys read from an RDB into tables of their own, not yet in the keyspace. */
    private record LoadedKeys(Map<String, String> aux, StagedKeyspace staged, long keys) implements Loaded {
    }

    @Override
    public Loaded load(InputStream in) throws IOException {
        int databases = node.keyspace().count();
        StagedKeyspace staged = new StagedKeyspace(databases);
        RdbLoader loader = new RdbLoader(new RdbInput(in), new RdbLoader.Target() {
            @Override
            public void key(int db, byte[] key, RdbValue value, long expireAtMillis) throws RdbFormatException {
                if (db < 0 || db >= databases) {
                    throw new RdbFormatException("FATAL: Data file was created with a Redis server configured to handle "
                            + "more than " + databases + " databases. Exiting");
                }
                staged.put(db, key, codec.decode(value), expireAtMillis);
            }

            @Override
            public void resizeDb(int db, long keys, long expires) {
                if (db >= 0 && db < databases) {
                    staged.presize(db, keys);
                }
            }

            @Override
            public void selectDb(int db) throws RdbFormatException {
                if (db < 0 || db >= databases) {
                    throw new RdbFormatException("FATAL: Data file was created with a Redis server configured to handle "
                            + "more than " + databases + " databases. Exiting");
                }
            }
        }, true);
        loader.loadAll();
        Map<String, String> aux = new HashMap<>();
        for (Map.Entry<String, byte[]> e : loader.aux().entrySet()) {
            aux.put(e.getKey(), new String(e.getValue(), StandardCharsets.ISO_8859_1));
        }
        return new LoadedKeys(aux, staged, loader.keys());
    }

    @Override
    public void install(Loaded loaded) {
        node.keyspace().install(((LoadedKeys) loaded).staged());
    }
}
