package io.vigil.node.command;

import io.vigil.conf.ApplyException;
import io.vigil.conf.ConfigChange;
import io.vigil.conf.NodeConfig;
import io.vigil.node.InfoSection;
import io.vigil.node.InfoWriter;
import io.vigil.node.NodeFeature;
import io.vigil.node.ShutdownParticipant;
import io.vigil.node.ShutdownRequest;
import io.vigil.node.VigilNode;
import io.vigil.node.aof.AppendOnlyFile;
import io.vigil.node.rdb.PersistenceSettings;
import io.vigil.node.rdb.RdbPersistence;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.MultiState;
import io.vigil.node.server.ServerLog;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Persistence as a node feature: SAVE, BGSAVE [SCHEDULE], LASTSAVE and BGREWRITEAOF; loading at
 * start (the AOF when appendonly is on, else dbfilename) with -LOADING meanwhile; the save points
 * and AOF work in cron; the dirty counter; MISCONF after a failed BGSAVE or AOF write; the final
 * save and AOF fsync on SHUTDOWN/SIGTERM; CONFIG SET of the persistence directives; the INFO
 * persistence section; and the DEBUG RELOAD / FLUSHALL hooks other features call.
 */
public final class PersistenceCommands implements NodeFeature, ShutdownParticipant {
    static final String LOADING_ERROR = "LOADING Redis is loading the dataset in memory";

    private final VigilNode node;
    private final PersistenceSettings settings = new PersistenceSettings();
    private final RdbPersistence rdb;
    private final AppendOnlyFile aof;
    private final ServerLog log = ServerLog.get();
    private boolean shutdownPrepared;
    private boolean started;

    public PersistenceCommands(VigilNode node) {
        this.node = node;
        this.rdb = new RdbPersistence(node.keyspace(), node.server(), settings);
        this.aof = new AppendOnlyFile(node.server(), node.keyspace(), node.propagation(), rdb);
        rdb.masterRole(() -> !node.isReplica());
        // A fatal persistence error ends the process with status 1, as redis-server's exit(1).
        Consumer<String> exit = message -> node.finishShutdown(1);
        rdb.fatalLoadHandler(message -> {
            shutdownPrepared = true; // never save a dataset that failed to load
            exit.accept(message);
        });
        aof.fatalHandler(message -> {
            shutdownPrepared = true;
            exit.accept(message);
        });
        wireConfig(node.config());
        DebugCommand debug = node.feature(DebugCommand.class);
        if (debug != null) {
            debug.reloader((save, flush, merge) -> {
                try {
                    debugReload(merge, flush, save);
                    return null;
                } catch (CommandError e) {
                    return e.getMessage();
                }
            });
        }
        node.info().register(new InfoSection() {
            @Override
            public String name() {
                return "persistence";
            }

            @Override
            public void write(InfoWriter out) {
                infoPersistence().forEach(out::field);
            }
        });
    }

    public PersistenceSettings settings() {
        return settings;
    }

    public RdbPersistence rdb() {
        return rdb;
    }

    public AppendOnlyFile aof() {
        return aof;
    }

    // ----------------------------------------------------------------------------------------
    // Configuration

    /**
     * Reads the persistence directives and follows CONFIG SET. The automatic behaviours (load at
     * start, save points, final save) need a configured directory: a node whose configuration came
     * from a file or the command line has one; an embedded node built from defaults does not until
     * {@link #enableAutomaticPersistence()} (see {@link PersistenceSettings}).
     */
    private void wireConfig(NodeConfig config) {
        settings.dbFilename(config.getString("dbfilename"))
                .rdbCompression(config.getBool("rdbcompression"))
                .rdbChecksum(config.getBool("rdbchecksum"))
                .save(config.saveRules())
                .stopWritesOnBgsaveError(config.getBool("stop-writes-on-bgsave-error"))
                .appendOnly(config.getBool("appendonly"))
                .appendFilename(config.getString("appendfilename"))
                .appendDirname(config.getString("appenddirname"))
                .appendFsync(PersistenceSettings.Fsync.parse(config.getString("appendfsync")))
                .aofUseRdbPreamble(config.getBool("aof-use-rdb-preamble"))
                .aofLoadTruncated(config.getBool("aof-load-truncated"))
                .autoAofRewritePercentage(config.getInt("auto-aof-rewrite-percentage"))
                .autoAofRewriteMinSize(config.getMemory("auto-aof-rewrite-min-size"))
                .noAppendfsyncOnRewrite(config.getBool("no-appendfsync-on-rewrite"))
                .rdbKeySaveDelayMicros(config.getLong("rdb-key-save-delay"))
                .keyLoadDelayMicros(config.getLong("key-load-delay"));
        if (config.configFile().isPresent() || !config.directivesSetByConfig().isEmpty()) {
            settings.dir(config.dir());
        }
        config.onChange("dir", change -> settings.dir(config.dir()));
        config.onChange("dbfilename", change -> settings.dbFilename(config.getString("dbfilename")));
        config.onChange("rdbcompression", change -> settings.rdbCompression(config.getBool("rdbcompression")));
        config.onChange("rdbchecksum", change -> settings.rdbChecksum(config.getBool("rdbchecksum")));
        config.onChange("save", change -> settings.save(config.saveRules()));
        config.onChange("stop-writes-on-bgsave-error",
                change -> settings.stopWritesOnBgsaveError(config.getBool("stop-writes-on-bgsave-error")));
        config.onChange("appendfsync",
                change -> settings.appendFsync(PersistenceSettings.Fsync.parse(config.getString("appendfsync"))));
        config.onChange("aof-use-rdb-preamble", change -> settings.aofUseRdbPreamble(config.getBool("aof-use-rdb-preamble")));
        config.onChange("aof-load-truncated", change -> settings.aofLoadTruncated(config.getBool("aof-load-truncated")));
        config.onChange("auto-aof-rewrite-percentage",
                change -> settings.autoAofRewritePercentage(config.getInt("auto-aof-rewrite-percentage")));
        config.onChange("auto-aof-rewrite-min-size",
                change -> settings.autoAofRewriteMinSize(config.getMemory("auto-aof-rewrite-min-size")));
        config.onChange("no-appendfsync-on-rewrite",
                change -> settings.noAppendfsyncOnRewrite(config.getBool("no-appendfsync-on-rewrite")));
        config.onChange("rdb-key-save-delay", change -> settings.rdbKeySaveDelayMicros(config.getLong("rdb-key-save-delay")));
        config.onChange("key-load-delay", change -> settings.keyLoadDelayMicros(config.getLong("key-load-delay")));
        config.onApply("appendonly", this::applyAppendOnly);
    }

    /** CONFIG SET appendonly: starts AOF with a rewrite, or stops it, as Redis's updateAppendonly. */
    private void applyAppendOnly(ConfigChange change) throws ApplyException {
        if (!appendOnly(node.config().getBool("appendonly"))) {
            throw new ApplyException("Unable to turn on AOF. Check server logs.");
        }
    }

    /**
     * Switches AOF on (with a rewrite first, as startAppendOnly) or off (stopAppendOnly) in a
     * running node; before start it only records the setting. False when AOF could not be started.
     * Event-loop thread.
     */
    public boolean appendOnly(boolean on) {
        settings.appendOnly(on);
        if (!started) {
            return true;
        }
        if (!on && aof.enabled()) {
            aof.turnOff();
        } else if (on && !aof.enabled()) {
            return aof.turnOn();
        }
        return true;
    }

    /** For the process entry point: persistence in {@code dir} as redis-server does, even without a config file. */
    public void enableAutomaticPersistence() {
        settings.dir(node.config().dir());
    }

    // ----------------------------------------------------------------------------------------
    // Commands

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("save", 1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING, CommandFlag.NO_MULTI)
                .categories("admin", "slow", "dangerous").handler(this::save));
        table.register(CommandSpec.builder("bgsave", -1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING)
                .categories("admin", "slow", "dangerous").handler(this::bgsave));
        table.register(CommandSpec.builder("lastsave", 1)
                .flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .categories("admin", "fast", "dangerous").handler(call -> call.reply().integer(rdb.lastSaveSeconds())));
        table.register(CommandSpec.builder("bgrewriteaof", 1)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_ASYNC_LOADING)
                .categories("admin", "slow", "dangerous").handler(call -> call.reply().simple(aof.bgrewriteaofCommand())));
    }

    private void save(CommandCall call) {
        rdb.saveCommand();
        call.reply().ok();
    }

    private void bgsave(CommandCall call) {
        boolean schedule = false;
        if (call.argc() > 1) {
            if (call.argc() == 2 && call.is(1, "schedule")) {
                schedule = true;
            } else {
                throw CommandError.syntax();
            }
        }
        call.reply().simple(rdb.bgsaveCommand(schedule));
    }

    // ----------------------------------------------------------------------------------------
    // Hooks

    @Override
    public String admit(ClientSession session) {
        aof.install(session);
        return null;
    }

    /**
     * MISCONF then LOADING, as processCommand decides them: writes (and PING, and EXEC of queued
     * writes) are refused while the last BGSAVE failed with stop-writes-on-bgsave-error, or while
     * AOF writes fail; every command without the LOADING flag is refused while loading. The master
     * link is never refused.
     */
    @Override
    public String refuse(ClientSession session, CommandSpec spec, byte[][] argv) {
        if (session.kind() == ClientKind.MASTER) {
            return null;
        }
        String diskError = rdb.rdbWriteError();
        if (diskError == null) {
            diskError = aof.writeError();
        }
        if (diskError != null && (isWrite(session, spec) || spec.fullName().equals("ping"))) {
            return diskError;
        }
        if (rdb.loading() && deniedWhileLoading(session, spec)) {
            return LOADING_ERROR;
        }
        return null;
    }

    private static boolean isWrite(ClientSession session, CommandSpec spec) {
        if (spec.isWrite()) {
            return true;
        }
        if (spec.fullName().equals("exec")) {
            MultiState multi = session.attachment(MultiState.class);
            if (multi != null) {
                for (MultiState.Queued queued : multi.queued()) {
                    if (queued.spec().isWrite()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean deniedWhileLoading(ClientSession session, CommandSpec spec) {
        if (!spec.has(CommandFlag.LOADING)) {
            return true;
        }
        if (spec.fullName().equals("exec")) {
            MultiState multi = session.attachment(MultiState.class);
            if (multi != null) {
                for (MultiState.Queued queued : multi.queued()) {
                    if (!queued.spec().has(CommandFlag.LOADING)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public void afterCommand(CommandCall call) {
        long changes = call.dirty();
        CommandSpec spec = call.spec();
        if (spec.container() == null && spec.name().equals("flushall") && (changes > 0 || node.keyspace().size() == 0)) {
            // flushAllDataAndResetRDB: stop a BGSAVE, save the empty dataset with save points, dirty++.
            rdb.afterFlushAll();
            rdb.addDirty(1);
            return;
        }
        if (changes > 0) {
            rdb.addDirty(changes);
        }
    }

    /** Keys never expire while loading (Redis's keyIsExpired returns 0 then). */
    @Override
    public boolean deletesExpiredKeys() {
        return !rdb.loading();
    }

    @Override
    public void cron(long nowMillis) {
        rdb.cron(nowMillis);
        aof.cron(nowMillis);
    }

    @Override
    public void start() throws Exception {
        started = true;
        boolean automatic = settings.dirConfigured();
        if (!automatic && !settings.appendOnly()) {
            return;
        }
        try {
            if (settings.appendOnly()) {
                // Without a configured dir this was still asked for explicitly: AOF in the working directory.
                aof.loadAtStart(() -> {
                });
            } else {
                rdb.loadAtStart(() -> {
                });
            }
        } catch (Exception e) {
            shutdownPrepared = true; // never overwrite the files that failed to load
            log.warning("Fatal error loading the DB: " + e.getMessage() + ". Exiting.");
            throw e;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Shutdown

    @Override
    public boolean prepareShutdown(ShutdownRequest request) {
        if (shutdownPrepared) {
            return true;
        }
        boolean ok = prepareForShutdown(request.noSave(), request.save(), request.force());
        shutdownPrepared = ok;
        return ok;
    }

    /**
     * The SIGTERM/SHUTDOWN default: kill background jobs, fsync the AOF, save when save points are
     * configured. False when the save failed (the node should keep running).
     */
    public boolean saveOnShutdown() {
        return prepareShutdown(ShutdownRequest.fromSignal(null));
    }

    /** Redis's prepareForShutdown, persistence part; false refuses the shutdown unless forced. */
    public boolean prepareForShutdown(boolean noSave, boolean save, boolean force) {
        if (rdb.bgsaveInProgress()) {
            log.warning("There is a child saving an .rdb. Killing it!");
            rdb.killBackgroundSave();
        }
        if (!aof.prepareForShutdown(force) && !force) {
            return false;
        }
        return rdb.prepareForShutdown(noSave, save, force);
    }

    @Override
    public void stop() {
        if (!shutdownPrepared) {
            saveOnShutdown();
        }
        shutdownPrepared = true;
        rdb.cancelLoad();
        aof.close();
    }

    // ----------------------------------------------------------------------------------------
    // Hooks for other features

    /** FLUSHALL: stop a running BGSAVE and, with save points, save the now empty dataset (Redis does). */
    public void afterFlushAll() {
        rdb.afterFlushAll();
    }

    /**
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save (unless NOSAVE), empty the dataset (unless
     * NOFLUSH), load dbfilename back (MERGE: keys present replace nothing but are replaced).
     * Throws CommandError with Redis's texts; the caller replies +OK.
     */
    public void debugReload(CommandCall call, int firstOption) {
        boolean merge = false;
        boolean flush = true;
        boolean save = true;
        for (int i = firstOption; i < call.argc(); i++) {
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
        debugReload(merge, flush, save);
    }

    public void debugReload(boolean merge, boolean flush, boolean save) {
        if (save && !rdb.save()) {
            throw new CommandError("ERR");
        }
        if (flush) {
            node.keyspace().flushAll();
        }
        Path file = settings.rdbPath();
        try (InputStream in = Files.newInputStream(file)) {
            rdb.runLoadNow(rdb.rdbLoadJob(in, Files.size(file), false, merge));
        } catch (NoSuchFileException e) {
            throw new CommandError("ERR Error trying to load the RDB dump, check server logs.");
        } catch (Exception e) {
            log.warning("Error loading the RDB dump: " + e.getMessage());
            throw new CommandError("ERR Error trying to load the RDB dump, check server logs.");
        }
    }

    // ----------------------------------------------------------------------------------------
    // INFO

    /** INFO persistence, every field in Redis 7.0.15's order. */
    public Map<String, String> infoPersistence() {
        Map<String, String> out = new LinkedHashMap<>();
        rdb.info(out);
        aof.info(out);
        out.put("module_fork_in_progress", "0");
        out.put("module_fork_last_cow_size", "0");
        aof.infoEnabled(out);
        rdb.infoLoading(out);
        return out;
    }

}
