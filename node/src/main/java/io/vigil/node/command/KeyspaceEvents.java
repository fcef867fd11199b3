package io.vigil.node.command;

import io.vigil.conf.KeyspaceEventsType;
import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.store.Database;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications ({@code notify-keyspace-events}, off by default): publishes
 * {@code __keyspace@<db>__:<key>} with the event name and {@code __keyevent@<db>__:<event>} with
 * the key, for the event classes enabled by the flags string, exactly as Redis's
 * notifyKeyspaceEvent. Also publishes "expired" for keys removed by expiry.
 */
public final class KeyspaceEvents implements NodeFeature {
    public static final int KEYSPACE = KeyspaceEventsType.KEYSPACE;
    public static final int KEYEVENT = KeyspaceEventsType.KEYEVENT;
    public static final int GENERIC = KeyspaceEventsType.GENERIC;
    public static final int STRING = KeyspaceEventsType.STRING;
    public static final int LIST = KeyspaceEventsType.LIST;
    public static final int SET = KeyspaceEventsType.SET;
    public static final int HASH = KeyspaceEventsType.HASH;
    public static final int ZSET = KeyspaceEventsType.ZSET;
    public static final int EXPIRED = KeyspaceEventsType.EXPIRED;
    public static final int EVICTED = KeyspaceEventsType.EVICTED;
    public static final int STREAM = KeyspaceEventsType.STREAM;
    public static final int KEY_MISS = KeyspaceEventsType.KEY_MISS;
    public static final int LOADED = KeyspaceEventsType.LOADED;
    public static final int MODULE = KeyspaceEventsType.MODULE;
    public static final int NEW = KeyspaceEventsType.NEW;
    /** 'A': every class except key-miss and new. */
    public static final int ALL = KeyspaceEventsType.ALL;

    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);

    private final VigilNode node;
    private volatile int flags;

    public KeyspaceEvents(VigilNode node) {
        this.node = node;
    }

    /** The enabled classes as bits; 0 means off. */
    public int flags() {
        return flags;
    }

    public void flags(int value) {
        flags = value;
    }

    /**
     * Sets the classes from a {@code notify-keyspace-events} string; false (and no change) when it
     * holds a character Redis does not accept.
     */
    public boolean setFlags(String classes) {
        int parsed = parse(classes);
        if (parsed < 0) {
            return false;
        }
        flags = parsed;
        return true;
    }

    /** The flags string as CONFIG GET shows it (Redis's canonical order). */
    public String flagsString() {
        return format(flags);
    }

    /** Redis's keyspaceEventsStringToFlags: the bits, or -1 for an invalid character (the config's parser). */
    public static int parse(String classes) {
        return KeyspaceEventsType.toFlags(classes);
    }

    /** Redis's keyspaceEventsFlagsToString (the config's renderer). */
    public static String format(int flags) {
        return KeyspaceEventsType.toClasses(flags);
    }

    /** Publishes one event if its class is enabled (cheap when notifications are off). */
    public void notify(int type, String event, byte[] key, int db) {
        int f = flags;
        if ((f & type) == 0) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        byte[] dbText = Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
        if ((f & KEYSPACE) != 0) {
            node.server().pubSub().publish(channel(KEYSPACE_PREFIX, dbText, key), eventBytes);
        }
        if ((f & KEYEVENT) != 0) {
            node.server().pubSub().publish(channel(KEYEVENT_PREFIX, dbText, eventBytes), key);
        }
    }

    public void notify(int type, String event, byte[] key, Database db) {
        notify(type, event, key, db.index());
    }

    private static byte[] channel(byte[] prefix, byte[] db, byte[] suffix) {
        byte[] out = new byte[prefix.length + db.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(db, 0, out, prefix.length, db.length);
        int at = prefix.length + db.length;
        out[at] = '_';
        out[at + 1] = '_';
        out[at + 2] = ':';
        System.arraycopy(suffix, 0, out, at + 3, suffix.length);
        return out;
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        notify(EXPIRED, "expired", key, db.index());
    }

    @Override
    public void start() {
        flags = node.config().keyspaceEventFlags();
        node.config().onChange("notify-keyspace-events", change -> flags = node.config().keyspaceEventFlags());
        node.keyspace().addKeyAddedListener((db, key, value) -> notify(NEW, "new", key, db.index()));
    }
}
