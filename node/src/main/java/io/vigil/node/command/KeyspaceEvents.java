package io.vigil.node.command;

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
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int LOADED = 1 << 12;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;
    /** 'A': every class except key-miss and new. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

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

    /** Redis's keyspaceEventsStringToFlags: the bits, or -1 for an invalid character. */
    public static int parse(String classes) {
        int result = 0;
        for (int i = 0; i < classes.length(); i++) {
            switch (classes.charAt(i)) {
                case 'A' -> result |= ALL;
                case 'g' -> result |= GENERIC;
                case '$' -> result |= STRING;
                case 'l' -> result |= LIST;
                case 's' -> result |= SET;
                case 'h' -> result |= HASH;
                case 'z' -> result |= ZSET;
                case 'x' -> result |= EXPIRED;
                case 'e' -> result |= EVICTED;
                case 'K' -> result |= KEYSPACE;
                case 'E' -> result |= KEYEVENT;
                case 't' -> result |= STREAM;
                case 'm' -> result |= KEY_MISS;
                case 'd' -> result |= MODULE;
                case 'n' -> result |= NEW;
                default -> {
                    return -1;
                }
            }
        }
        return result;
    }

    /** Redis's keyspaceEventsFlagsToString. */
    public static String format(int flags) {
        StringBuilder out = new StringBuilder();
        if ((flags & ALL) == ALL) {
            out.append('A');
        } else {
            if ((flags & GENERIC) != 0) out.append('g');
            if ((flags & STRING) != 0) out.append('$');
            if ((flags & LIST) != 0) out.append('l');
            if ((flags & SET) != 0) out.append('s');
            if ((flags & HASH) != 0) out.append('h');
            if ((flags & ZSET) != 0) out.append('z');
            if ((flags & EXPIRED) != 0) out.append('x');
            if ((flags & EVICTED) != 0) out.append('e');
            if ((flags & STREAM) != 0) out.append('t');
            if ((flags & MODULE) != 0) out.append('d');
            if ((flags & NEW) != 0) out.append('n');
        }
        if ((flags & KEYSPACE) != 0) out.append('K');
        if ((flags & KEYEVENT) != 0) out.append('E');
        if ((flags & KEY_MISS) != 0) out.append('m');
        return out.toString();
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
