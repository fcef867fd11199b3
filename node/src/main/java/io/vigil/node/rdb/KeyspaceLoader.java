package io.vigil.node.rdb;

import io.vigil.node.server.ServerLog;
import io.vigil.node.store.Database;
import io.vigil.node.store.Keyspace;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts what the {@link RdbLoader} reads into a keyspace with Redis's rules: a master drops keys
 * that are already expired (except in an AOF preamble, whose later commands may still touch them),
 * a database beyond {@code databases} is fatal, a duplicated key is a corrupt file unless the load
 * merges (DEBUG RELOAD MERGE), and the AUX fields are logged as Redis does.
 */
public final class KeyspaceLoader implements RdbLoader.Target {
    private final Keyspace keyspace;
    private final boolean dropExpired;
    private final boolean allowDuplicates;
    private final long nowMillis;
    private final long keyLoadDelayMicros;
    private long loaded;
    private long expired;
    private boolean functionsWarned;

    /**
     * @param dropExpired     true on a master loading an RDB (not an AOF preamble, not a replica)
     * @param allowDuplicates a key already present is replaced (DEBUG RELOAD MERGE)
     */
    public KeyspaceLoader(Keyspace keyspace, boolean dropExpired, boolean allowDuplicates, long nowMillis,
                          long keyLoadDelayMicros) {
        this.keyspace = keyspace;
        this.dropExpired = dropExpired;
        this.allowDuplicates = allowDuplicates;
        this.nowMillis = nowMillis;
        this.keyLoadDelayMicros = keyLoadDelayMicros;
    }

    public long loaded() {
        return loaded;
    }

    public long expired() {
        return expired;
    }

    @Override
    public void selectDb(int db) throws RdbFormatException {
        if (db >= keyspace.count()) {
            throw new RdbFormatException("FATAL: Data file was created with a Redis server configured to handle more than "
                    + keyspace.count() + " databases. Exiting");
        }
    }

    @Override
    public void key(int dbIndex, byte[] key, RdbValue value, long expireAtMillis) throws RdbFormatException {
        if (keyLoadDelayMicros > 0) {
            LockSupport.parkNanos(keyLoadDelayMicros * 1000);
        }
        if (dropExpired && expireAtMillis >= 0 && expireAtMillis < nowMillis) {
            expired++;
            return;
        }
        Database db = keyspace.db(dbIndex);
        Object stored = StoreCodec.toStore(value, keyspace.limits());
        if (db.peek(key) != null) {
            if (!allowDuplicates) {
                ServerLog.get().warning("RDB has duplicated key '" + new String(key, StandardCharsets.UTF_8) + "' in DB "
                        + dbIndex);
                throw new RdbFormatException("Duplicated key found in RDB file");
            }
            db.remove(key);
        }
        db.put(key, stored, expireAtMillis);
        loaded++;
    }

    @Override
    public void aux(String key, byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        ServerLog log = ServerLog.get();
        switch (key) {
            case "redis-ver" -> log.notice("Loading RDB produced by version " + text);
            case "ctime" -> {
                try {
                    long age = System.currentTimeMillis() / 1000 - Long.parseLong(text);
                    log.notice("RDB age " + Math.max(age, 0) + " seconds");
                } catch (NumberFormatException ignored) {
                    // informational only
                }
            }
            case "used-mem" -> {
                try {
                    log.notice(String.format(java.util.Locale.ROOT, "RDB memory usage when created %.2f Mb",
                            Long.parseLong(text) / (1024.0 * 1024)));
                } catch (NumberFormatException ignored) {
                    // informational only
                }
            }
            case "redis-bits", "aof-base", "aof-preamble", "repl-stream-db", "repl-id", "repl-offset", "lua" -> {
            }
            default -> log.debug("Unrecognized RDB AUX field: '" + key + "'");
        }
    }

    @Override
    public void function(byte[] code) {
        if (!functionsWarned) {
            functionsWarned = true;
            ServerLog.get().warning("The RDB file contains Redis Functions: functions are not supported by vigil-node, "
                    + "the libraries were skipped");
        }
    }
}
