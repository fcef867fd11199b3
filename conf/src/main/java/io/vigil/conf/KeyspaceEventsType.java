package io.vigil.conf;

import java.util.List;

/**
 * {@code notify-keyspace-events}: class characters {@code Ag$lshzxeKEtmdn} stored as Redis's bit
 * flags and rendered in Redis's canonical order (so "KEA" reads back as "AKE").
 */
public final class KeyspaceEventsType implements ValueType<Integer> {
    public static final KeyspaceEventsType INSTANCE = new KeyspaceEventsType();

    public static final int KEYSPACE = 1 << 0;
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
    /** What 'A' stands for: g$lshzxetd (not m, not n). */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private KeyspaceEventsType() {
    }

    /** Parses class characters to flags, or -1 for an unknown character. */
    public static int toFlags(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            char c = classes.charAt(i);
            if (c == '\0') {
                break;
            }
            switch (c) {
                case 'A' -> flags |= ALL;
                case 'g' -> flags |= GENERIC;
                case '$' -> flags |= STRING;
                case 'l' -> flags |= LIST;
                case 's' -> flags |= SET;
                case 'h' -> flags |= HASH;
                case 'z' -> flags |= ZSET;
                case 'x' -> flags |= EXPIRED;
                case 'e' -> flags |= EVICTED;
                case 'K' -> flags |= KEYSPACE;
                case 'E' -> flags |= KEYEVENT;
                case 't' -> flags |= STREAM;
                case 'm' -> flags |= KEY_MISS;
                case 'd' -> flags |= MODULE;
                case 'n' -> flags |= NEW;
                default -> {
                    return -1;
                }
            }
        }
        return flags;
    }

    /** Redis's {@code keyspaceEventsFlagsToString}. */
    public static String toClasses(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            if ((flags & GENERIC) != 0) sb.append('g');
            if ((flags & STRING) != 0) sb.append('$');
            if ((flags & LIST) != 0) sb.append('l');
            if ((flags & SET) != 0) sb.append('s');
            if ((flags & HASH) != 0) sb.append('h');
            if ((flags & ZSET) != 0) sb.append('z');
            if ((flags & EXPIRED) != 0) sb.append('x');
            if ((flags & EVICTED) != 0) sb.append('e');
            if ((flags & STREAM) != 0) sb.append('t');
            if ((flags & MODULE) != 0) sb.append('d');
            if ((flags & NEW) != 0) sb.append('n');
        }
        if ((flags & KEYSPACE) != 0) sb.append('K');
        if ((flags & KEYEVENT) != 0) sb.append('E');
        if ((flags & KEY_MISS) != 0) sb.append('m');
        return sb.toString();
    }

    @Override
    public Integer parse(List<String> args, Integer current, ParseContext ctx) throws InvalidValueException {
        if (args.size() != 1) {
            throw new InvalidValueException("wrong number of arguments");
        }
        int flags = toFlags(args.get(0));
        if (flags == -1) {
            throw new InvalidValueException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        }
        return flags;
    }

    @Override
    public String render(Integer value) {
        return toClasses(value);
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, Integer value, Integer defaultValue) {
        return List.of(new RewriteLine(name + " " + ArgSplitter.quote(toClasses(value)), value != 0));
    }
}
