package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.ServerLog;
import io.vigil.node.store.Database;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * DEBUG, behind {@code enable-debug-command} as in Redis 7.0 (no by default, "local" for loopback
 * clients): SLEEP, POPULATE, RELOAD, SET-ACTIVE-EXPIRE, LOG, ERROR, PROTOCOL, DIGEST, DIGEST-VALUE
 * and HELP.
 */
public final class DebugCommand implements NodeFeature {
    private final VigilNode node;
    private Reloader reloader;

    /** DEBUG RELOAD: save the dataset and load it back; persistence installs it. */
    @FunctionalInterface
    public interface Reloader {
        /** Returns null on success or Redis's error text. */
        String reload(boolean save, boolean flush, boolean merge);
    }

    public DebugCommand(VigilNode node) {
        this.node = node;
    }

    public void reloader(Reloader value) {
        reloader = value;
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("debug", -2).flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT,
                        CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.PROTECTED)
                .categories("admin", "slow", "dangerous").handler(this::debug));
    }

    private boolean allowed(CommandCall call) {
        String mode = node.config().get("enable-debug-command");
        return "yes".equals(mode) || ("local".equals(mode) && call.session().isLoopback());
    }

    private void debug(CommandCall call) {
        if (!allowed(call)) {
            throw new CommandError("ERR DEBUG command not allowed. If the enable-debug-command option is set to "
                    + "\"local\", you can run it from a local connection, otherwise you need to set this option in "
                    + "the configuration file, and then restart the server.");
        }
        String sub = call.text(1).toLowerCase(Locale.ROOT);
        int argc = call.argc();
        switch (sub) {
            case "help" -> help(call);
            case "sleep" -> {
                requireArgs(call, argc == 3);
                double seconds;
                try {
                    seconds = Double.parseDouble(call.text(2));
                } catch (NumberFormatException e) {
                    throw new CommandError(CommandError.NOT_FLOAT);
                }
                long micros = (long) (seconds * 1_000_000);
                if (micros > 0) {
                    try {
                        // Redis blocks the whole server here, which is what tests use it for.
                        Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                call.reply().ok();
            }
            case "populate" -> populate(call);
            case "set-active-expire" -> {
                requireArgs(call, argc == 3);
                node.activeExpire(!call.text(2).equals("0"));
                call.reply().ok();
            }
            case "reload" -> reload(call);
            case "log" -> {
                requireArgs(call, argc == 3);
                ServerLog.get().warning("DEBUG LOG: " + call.text(2));
                call.reply().ok();
            }
            case "error" -> {
                requireArgs(call, argc == 3);
                call.reply().error(call.text(2));
            }
            case "protocol" -> protocol(call);
            case "digest" -> {
                requireArgs(call, argc == 2);
                call.reply().simple(DatasetDigest.hex(new DatasetDigest().dataset(node.keyspace())));
            }
            case "digest-value" -> {
                // logically expired keys are digested too: DEBUG looks at the dictionary, not at lookupKey
                Database db = node.db(call.session());
                DatasetDigest digest = new DatasetDigest();
                call.reply().array(argc - 2);
                for (int j = 2; j < argc; j++) {
                    call.reply().simple(DatasetDigest.hex(digest.value(db, call.arg(j))));
                }
            }
            default -> requireArgs(call, false);
        }
    }

    private static void requireArgs(CommandCall call, boolean ok) {
        if (!ok) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '" + call.text(1)
                    + "'. Try DEBUG HELP.");
        }
    }

    private static long positive(CommandCall call, int index) {
        long value;
        try {
            value = Long.parseLong(call.text(index));
        } catch (NumberFormatException e) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        if (value < 0) {
            throw new CommandError("ERR value is out of range, must be positive");
        }
        return value;
    }

    /** DEBUG POPULATE count [prefix] [size]: keys prefix:N with values value:N, existing keys kept. */
    private void populate(CommandCall call) {
        requireArgs(call, call.argc() >= 3 && call.argc() <= 5);
        long count = positive(call, 2);
        long size = call.argc() == 5 ? positive(call, 4) : 0;
        String prefix = call.argc() >= 4 ? call.text(3) : "key";
        Database db = node.db(call.session());
        long now = call.nowMillis();
        for (long j = 0; j < count; j++) {
            byte[] key = (prefix + ":" + j).getBytes(StandardCharsets.ISO_8859_1);
            if (db.exists(key, now)) {
                continue;
            }
            byte[] value = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
            if (size > 0) {
                value = Arrays.copyOf(value, (int) size);
            }
            db.put(key, value);
        }
        call.reply().ok();
    }

    private void reload(CommandCall call) {
        boolean save = true;
        boolean flush = true;
        boolean merge = false;
        for (int i = 2; i < call.argc(); i++) {
            if (call.is(i, "merge")) {
                merge = true;
            } else if (call.is(i, "noflush")) {
                flush = false;
            } else if (call.is(i, "nosave")) {
                save = false;
            } else {
                throw new CommandError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            }
        }
        if (reloader == null) {
            throw new CommandError("ERR DEBUG RELOAD needs the persistence feature");
        }
        String error = reloader.reload(save, flush, merge);
        if (error != null) {
            throw new CommandError(error);
        }
        ServerLog.get().notice("DB reloaded by DEBUG RELOAD");
        call.reply().ok();
    }

    private void protocol(CommandCall call) {
        requireArgs(call, call.argc() == 3);
        var out = call.reply();
        switch (call.text(2).toLowerCase(Locale.ROOT)) {
            case "string" -> out.bulk("Hello World");
            case "integer" -> out.integer(12345);
            case "double" -> out.doubleValue(3.141);
            case "null" -> out.nullBulk();
            case "array" -> out.array(3).integer(0).integer(1).integer(2);
            case "set" -> out.set(3).integer(0).integer(1).integer(2);
            case "map" -> out.map(3).integer(0).bool(false).integer(1).bool(true).integer(2).bool(false);
            case "verbatim" -> out.verbatim("This is a verbatim\nstring");
            case "true" -> out.bool(true);
            case "false" -> out.bool(false);
            default -> throw new CommandError("ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    private void help(CommandCall call) {
        Help.reply(call, "DEBUG",
                "DIGEST",
                "    Output a hex signature representing the current DB content.",
                "DIGEST-VALUE <key> [<key> ...]",
                "    Output a hex signature of the values of all the specified keys.",
                "ERROR <string>",
                "    Return a Redis protocol error with <string> as message. Useful for clients",
                "    unit tests to simulate Redis errors.",
                "LOG <message>",
                "    Write <message> to the server log.",
                "POPULATE <count> [<prefix>] [<size>]",
                "    Create <count> string keys named key:<num>. If <prefix> is specified then",
                "    it is used instead of the 'key' prefix. These are not propagated to",
                "    replicas. Cluster slots are not respected so keys not belonging to the",
                "    current node can be created in cluster mode.",
                "PROTOCOL <type>",
                "    Reply with a test value of the specified type. <type> can be: string,",
                "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
                "    true, false.",
                "RELOAD [option ...]",
                "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
                "    * MERGE: conflicting keys will be loaded from RDB.",
                "    * NOFLUSH: the existing database will not be removed before load, but",
                "      conflicting keys will generate an exception and kill the server.",
                "    * NOSAVE: the database will be loaded from an existing RDB file.",
                "SET-ACTIVE-EXPIRE <0|1>",
                "    Setting it to 0 disables expiring keys in background when they are not",
                "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                "    default.",
                "SLEEP <seconds>",
                "    Stop the server for <seconds>. Decimals allowed.");
    }
}
