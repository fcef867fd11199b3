package io.vigil.node.server.acl;

import io.vigil.node.server.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/** Finds the keys of a command invocation and the access each needs (Redis's key-spec flags). */
@FunctionalInterface
public interface KeyLocator {
    /**
     * One key argument.
     *
     * @param index     position in argv
     * @param needRead  the command reads the key's data (CMD_KEY_ACCESS)
     * @param needWrite the command inserts, deletes or updates (CMD_KEY_INSERT/DELETE/UPDATE)
     */
    record KeyRef(int index, boolean needRead, boolean needWrite) {
    }

    List<KeyRef> keys(CommandSpec spec, byte[][] argv);

    /**
     * Keys from the legacy first/last/step positions: readonly commands need read access, write
     * commands need both (the strict reading when a command's exact key flags are unknown).
     */
    KeyLocator POSITIONS = (spec, argv) -> {
        List<KeyRef> keys = new ArrayList<>();
        if (spec.firstKey() <= 0) {
            return keys;
        }
        int last = spec.lastKey() < 0 ? argv.length + spec.lastKey() : spec.lastKey();
        int step = Math.max(1, spec.keyStep());
        boolean write = spec.isWrite();
        for (int i = spec.firstKey(); i <= last && i < argv.length; i += step) {
            keys.add(new KeyRef(i, true, write));
        }
        return keys;
    };
}
