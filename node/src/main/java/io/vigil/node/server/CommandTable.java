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

    public CommandTable register(CommandSpec spec) {
        byName.put(spec.name(), spec);
        original.put(spec.name(), spec);
        return this;
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
        return true;
    }

    public CommandSpec lookup(byte[] name) {
        return byName.get(lowerAscii(name));
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
