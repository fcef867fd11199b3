package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.store.Database;
import io.vigil.node.store.EncodingLimits;

/**
 * What the data command families share: the selected database, typed lookups that fail with
 * WRONGTYPE, keyspace notifications and the modification signal every write must send.
 */
abstract class DataFeature implements NodeFeature {
    protected final VigilNode node;
    private KeyspaceEvents events;

    DataFeature(VigilNode node) {
        this.node = node;
    }

    /** The notifier; a disabled stand-in when the node runs without the KeyspaceEvents feature. */
    protected final KeyspaceEvents events() {
        KeyspaceEvents e = events;
        if (e == null) {
            e = node.feature(KeyspaceEvents.class);
            if (e == null) {
                e = new KeyspaceEvents(node);
            }
            events = e;
        }
        return e;
    }

    protected final Database db(CommandCall call) {
        return node.db(call.session());
    }

    protected final EncodingLimits limits() {
        return node.keyspace().limits();
    }

    /** The value cast to {@code type}, null when absent; WRONGTYPE when it holds another type. */
    protected static <T> T typed(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw CommandError.wrongType();
        }
        return type.cast(value);
    }

    /** A read lookup: the live value or null (firing a key-miss event when enabled). */
    protected final Object read(CommandCall call, Database db, byte[] key) {
        // CLIENT NO-TOUCH leaves access times alone for everything but TOUCH itself
        Object value = call.session().noTouch() && !call.spec().name().equals("touch")
                ? db.getNoTouch(key, call.nowMillis()) : db.get(key, call.nowMillis());
        counted(db, key, value);
        return value;
    }

    /** A read lookup that leaves the access time alone (EXISTS, TTL, TYPE). */
    protected final Object readNoTouch(CommandCall call, Database db, byte[] key) {
        Object value = db.getNoTouch(key, call.nowMillis());
        counted(db, key, value);
        return value;
    }

    private void counted(Database db, byte[] key, Object value) {
        if (value == null) {
            node.stats().miss();
            keyMiss(db, key);
        } else {
            node.stats().hit();
        }
    }

    protected final <T> T read(CommandCall call, Database db, byte[] key, Class<T> type) {
        return typed(read(call, db, key), type);
    }

    /**
     * Lazily expires {@code key} before it is overwritten, as Redis's setKey looks the key up first:
     * an expired key is deleted (and its DEL propagated, "expired" published) before the new value.
     */
    protected static void expireIfNeeded(CommandCall call, Database db, byte[] key) {
        if (db.volatileKeys() > 0) {
            db.exists(key, call.nowMillis());
        }
    }

    /** A write lookup (copy-on-write aware) cast to {@code type}. */
    protected final <T> T write(CommandCall call, Database db, byte[] key, Class<T> type) {
        return typed(db.getForWrite(key, call.nowMillis()), type);
    }

    protected final void keyMiss(Database db, byte[] key) {
        KeyspaceEvents e = events();
        if ((e.flags() & KeyspaceEvents.KEY_MISS) != 0) {
            e.notify(KeyspaceEvents.KEY_MISS, "keymiss", key, db.index());
        }
    }

    /** Signals a change of {@code key} (WATCH) and publishes {@code event} of class {@code type}. */
    protected final void changed(Database db, byte[] key, int type, String event) {
        db.signalModified(key);
        events().notify(type, event, key, db.index());
    }

    /** True on a replica (a feature keeps expired keys for the master's DEL), as Redis's masterhost check. */
    protected final boolean isReplica() {
        for (NodeFeature feature : node.features()) {
            if (!feature.deletesExpiredKeys()) {
                return true;
            }
        }
        return false;
    }

    /** Redis's checkAlreadyExpired: an absolute time already past deletes instead of expiring. */
    protected final boolean alreadyExpired(long whenMillis, long nowMillis) {
        return whenMillis <= nowMillis && !isReplica();
    }

    /** Removes a key emptied by the command, as Redis does ("del" event). */
    protected final void deleteEmpty(Database db, byte[] key) {
        db.remove(key);
        events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
    }
}
