package io.vigil.node.command;

import io.vigil.node.server.CommandError;
import io.vigil.node.store.Strings;

/** The shared tail of LMPOP, BLMPOP, ZMPOP and BZMPOP: numkeys key... LEFT|RIGHT (MIN|MAX) [COUNT n]. */
final class MpopArgs {
    int firstKey;
    int numKeys;
    /** LEFT for lists, MIN for sorted sets. */
    boolean left;
    long count = 1;

    static MpopArgs parse(byte[][] argv, int numKeysIndex, boolean list) {
        MpopArgs args = new MpopArgs();
        byte[] n = argv[numKeysIndex];
        if (!Strings.isStrictLong(n) || Strings.parseStrictLong(n) < 1) {
            throw new CommandError("ERR numkeys should be greater than 0");
        }
        long numKeys = Strings.parseStrictLong(n);
        long whereIndex = numKeysIndex + numKeys + 1;
        if (whereIndex >= argv.length || whereIndex < 0) {
            throw CommandError.syntax();
        }
        args.numKeys = (int) numKeys;
        args.firstKey = numKeysIndex + 1;
        byte[] where = argv[(int) whereIndex];
        if (list) {
            args.left = ListCommands.position(where);
        } else if (Args.is(where, "min")) {
            args.left = true;
        } else if (Args.is(where, "max")) {
            args.left = false;
        } else {
            throw CommandError.syntax();
        }
        boolean counted = false;
        for (int j = (int) whereIndex + 1; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (!counted && Args.is(argv[j], "count") && more > 0) {
                j++;
                byte[] c = argv[j];
                if (!Strings.isStrictLong(c) || Strings.parseStrictLong(c) < 1) {
                    throw new CommandError("ERR count should be greater than 0");
                }
                args.count = Strings.parseStrictLong(c);
                counted = true;
            } else {
                throw CommandError.syntax();
            }
        }
        return args;
    }
}
