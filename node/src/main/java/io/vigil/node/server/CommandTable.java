package io.vigil.node.server;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The commands a server answers, by lower-case name. {@code rename-command} maps are applied here,
 * so a renamed command is only reachable under its new name and an empty new name removes it.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new TreeMap<>();
    private final Map<String, CommandSpec> original = new TreeMap<>();
    /**
     * Open-addressing index over {@link #byName} keyed by the ASCII-case-folded name bytes, so
     * that looking up a command allocates nothing (it runs once per request).
     */
    private byte[][] slotNames = new byte[0][];
    private CommandSpec[] slotSpecs = new CommandSpec[0];

    public CommandTable register(CommandSpec spec) {
        byName.put(spec.name(), spec);
        original.put(spec.name(), spec);
        reindex();
        return this;
    }

    private void reindex() {
        int capacity = Integer.highestOneBit(Math.max(16, byName.size() * 4) - 1) << 1;
        byte[][] names = new byte[capacity][];
        CommandSpec[] specs = new CommandSpec[capacity];
        for (Map.Entry<String, CommandSpec> entry : byName.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.ISO_8859_1);
            int slot = foldedHash(name) & (capacity - 1);
            while (names[slot] != null) {
                slot = (slot + 1) & (capacity - 1);
            }
            names[slot] = name;
            specs[slot] = entry.getValue();
        }
        slotNames = names;
        slotSpecs = specs;
    }

    private static int foldedHash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + fold(b);
        }
        return h ^ (h >>> 16);
    }

    private static int fold(byte b) {
        int c = b & 0xff;
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static boolean equalsFolded(byte[] lower, byte[] name) {
        if (lower.length != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (lower[i] != fold(name[i])) {
                return false;
            }
        }
        return true;
    }

    public CommandTable register(CommandSpec.Builder builder) {
        return register(builder.build());
    }

    /** Applies {@code rename-command old new}; an empty new name disables the command. */
    public boolean rename(String oldName, String newName) {
        CommandSpec spec = byName.remove(oldName.toLowerCase(Locale.ROOT));
        if (spec == null) {
            return false;
        }
        if (!newName.isEmpty()) {
            byName.put(newName.toLowerCase(Locale.ROOT), spec);
        }
        reindex();
        return true;
    }

    public CommandSpec lookup(byte[] name) {
        byte[][] names = slotNames;
        int mask = names.length - 1;
        if (mask < 0) {
            return null;
        }
        for (int slot = foldedHash(name) & mask; names[slot] != null; slot = (slot + 1) & mask) {
            if (equalsFolded(names[slot], name)) {
                return slotSpecs[slot];
            }
        }
        return null;
    }

    public CommandSpec lookup(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every command under its original name, in name order (COMMAND, COMMAND DOCS). */
    public Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(original.values());
    }

    public int size() {
        return original.size();
    }

    static String lowerAscii(byte[] name) {
        char[] chars = new char[name.length];
        for (int i = 0; i < name.length; i++) {
            int c = name[i] & 0xff;
            chars[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return new String(chars);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
