package io.vigil.node.rdb;

import io.vigil.conf.SaveRule;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerLog;
import io.vigil.node.store.Keyspace;
import io.vigil.node.store.KeyspaceSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * RDB persistence of a node, following Redis 7.0's rdb.c and serverCron: SAVE on the event loop,
 * BGSAVE on a thread over a copy-on-write snapshot (one background job at a time, SCHEDULE when
 * another runs), the {@code save} points checked from cron with the dirty counter, the
 * last-bgsave status behind MISCONF, the loading state behind -LOADING with loads run in slices
 * on the event loop, and the INFO persistence numbers. Everything here runs on the event loop
 * except the background writers, which report back through it.
 */
public final class RdbPersistence {
    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait this long. */
    static final long BGSAVE_RETRY_DELAY_SECONDS = 5;
    /** The first slice of a load runs before the node listens; small datasets never show -LOADING. */
    static final long FIRST_SLICE_MILLIS = 250;
    static final long SLICE_MILLIS = 20;

    public static final String MISCONF_RDB = "MISCONF Redis is configured to save RDB snapshots, but it's currently "
            + "unable to persist to disk. Commands that may modify the data set are disabled, because this instance is "
            + "configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). "
            + "Please check the Redis logs for details about the RDB error.";

    private final Keyspace keyspace;
    private final RespServer server;
    private final PersistenceSettings settings;
    private final ServerLog log = ServerLog.get();
    private final long pid = ProcessHandle.current().pid();
    private final StoreCodec codec = new StoreCodec();

    private Supplier<RdbWriter.ReplicationAux> replicationAux = () -> null;
    private BooleanSupplier master = () -> true;
    private Consumer<String> fatalLoadHandler;

    private long dirty;
    private long dirtyBeforeBgsave;
    private long lastSaveSeconds = nowSeconds();
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTrySeconds;
    private long rdbSaves;
    private long lastBgsaveTimeSeconds = -1;
    private long bgsaveStartSeconds = -1;
    private boolean bgsaveScheduled;
    private ChildKind child = ChildKind.NONE;
    private BackgroundSave background;
    private final List<Consumer<Boolean>> bgsaveListeners = new ArrayList<>();

    private boolean loading;
    private long loadingStartSeconds;
    private LoadJob loadingJob;
    private long lastLoadKeysLoaded;
    private long lastLoadKeysExpired;
    private Map<String, byte[]> lastLoadAux = Map.of();
    private final List<Runnable> whenLoaded = new ArrayList<>();

    public RdbPersistence(Keyspace keyspace, RespServer server, PersistenceSettings settings) {
        this.keyspace = keyspace;
        this.server = server;
        this.settings = settings;
        this.fatalLoadHandler = message -> server.closeAsync();
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    public PersistenceSettings settings() {
        return settings;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public StoreCodec codec() {
        return codec;
    }

    /** Replication supplies repl-stream-db/repl-id/repl-offset for saved RDBs (null: none). */
    public void replicationAux(Supplier<RdbWriter.ReplicationAux> supplier) {
        replicationAux = supplier;
    }

    /** Whether this node is a master: only a master drops already expired keys while loading. */
    public void masterRole(BooleanSupplier supplier) {
        master = supplier;
    }

    /**
     * What to do when a load that continued after start fails (Redis exits with status 1). The
     * default closes the server; the process entry point should exit instead.
     */
    public void fatalLoadHandler(Consumer<String> handler) {
        fatalLoadHandler = handler;
    }

    // ----------------------------------------------------------------------------------------
    // Dirty counter

    /** Counts changes (call.dirty() of every command), as Redis's server.dirty. */
    public void addDirty(long changes) {
        dirty += changes;
    }

    public long dirty() {
        return dirty;
    }

    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public boolean lastBgsaveOk() {
        return lastBgsaveOk;
    }

    // ----------------------------------------------------------------------------------------
    // Background jobs (one at a time, as Redis's single child)

    public ChildKind activeChild() {
        return child;
    }

    public boolean hasActiveChild() {
        return child != ChildKind.NONE;
    }

    /** Claims the single background slot; false when another job runs. */
    public boolean beginChild(ChildKind kind) {
        if (child != ChildKind.NONE) {
            return false;
        }
        child = kind;
        return true;
    }

    public void endChild(ChildKind kind) {
        if (child == kind) {
            child = ChildKind.NONE;
        }
    }

    public boolean bgsaveInProgress() {
        return background != null;
    }

    /** Told (on the event loop) when a BGSAVE finishes: true on success. */
    public void onBgsaveDone(Consumer<Boolean> listener) {
        bgsaveListeners.add(listener);
    }

    // ----------------------------------------------------------------------------------------
    // SAVE

    /** The SAVE command: a synchronous save on the event loop. */
    public void saveCommand() {
        if (child == ChildKind.RDB) {
            throw new CommandError("ERR Background save already in progress");
        }
        rdbSaves++;
        if (!save()) {
            throw new CommandError("ERR");
        }
    }

    /** rdbSave: writes dbfilename now, blocking the event loop. */
    public boolean save() {
        try (KeyspaceSnapshot snapshot = keyspace.snapshot()) {
            boolean ok = writeFile(snapshot, settings.rdbPath(), tempFile(), new AtomicBoolean(), false);
            if (ok) {
                dirty = 0;
                lastSaveSeconds = nowSeconds();
                lastBgsaveOk = true;
            }
            return ok;
        }
    }

    private Path tempFile() {
        return settings.effectiveDir().resolve("temp-" + pid + ".rdb");
    }

    RdbWriter.Options writeOptions(boolean aofBase) {
        return new RdbWriter.Options(settings.rdbCompression(), settings.rdbChecksum(), aofBase, replicationAux.get(),
                Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    }

    /** A writer over the snapshot, honouring {@code rdb-key-save-delay}. */
    public RdbWriter.ValueEncoder encoder(AtomicBoolean cancelled) {
        long delayMicros = settings.rdbKeySaveDelayMicros();
        if (delayMicros <= 0) {
            return codec;
        }
        return (out, key, value) -> {
            LockSupport.parkNanos(delayMicros * 1000);
            if (cancelled.get()) {
                throw new IOException("save cancelled");
            }
            codec.write(out, key, value);
        };
    }

    /** Writes a snapshot to {@code target} via {@code temp} with Redis's log lines; false on error. */
    private boolean writeFile(KeyspaceSnapshot snapshot, Path target, Path temp, AtomicBoolean cancelled,
                              boolean background) {
        RdbWriter writer = new RdbWriter(encoder(cancelled));
        if (background) {
            progress = writer;
        }
        try {
            RdbFiles.writeSynced(temp, out -> writer.write(out, dataset(snapshot), writeOptions(false), cancelled::get));
        } catch (IOException e) {
            deleteQuietly(temp);
            if (cancelled.get()) {
                return false;
            }
            if (e instanceof java.io.FileNotFoundException || e instanceof NoSuchFileException
                    || e instanceof java.nio.file.AccessDeniedException) {
                log.warning("Failed opening the temp RDB file " + temp.getFileName() + " (in server root dir "
                        + settings.effectiveDir() + ") for saving: " + reason(e));
            } else {
                String step = e instanceof RdbFiles.StepFailure f ? f.step() : "rdbSaveRio";
                log.warning("Write error saving DB on disk(" + step + "): " + reason(e));
            }
            return false;
        }
        try {
            RdbFiles.commit(temp, target);
        } catch (IOException e) {
            log.warning("Error moving temp DB file " + temp.getFileName() + " on the final destination " + target.getFileName()
                    + " (in server root dir " + settings.effectiveDir() + "): " + reason(e));
            deleteQuietly(temp);
            return false;
        }
        log.notice("DB saved on disk");
        return true;
    }

    private volatile RdbWriter progress;

    static String reason(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException || (message != null && message.contains("Permission denied"))) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException || (message != null && message.contains("No such file"))) {
            return "No such file or directory";
        }
        if (message != null && message.contains("No space left")) {
            return "No space left on device";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort, as Redis's unlink of the temp file
        }
    }

    /** The snapshot as the writer's dataset. */
    public static RdbWriter.Dataset dataset(KeyspaceSnapshot snapshot) {
        return new RdbWriter.Dataset() {
            @Override
            public int databases() {
                return snapshot.databases();
            }

            @Override
            public long size(int db) {
                return snapshot.size(db);
            }

            @Override
            public long volatileKeys(int db) {
                return snapshot.volatileKeys(db);
            }

            @Override
            public void forEach(int db, RdbWriter.Visitor visitor) {
                snapshot.forEach(db, visitor::visit);
            }
        };
    }

    // ----------------------------------------------------------------------------------------
    // BGSAVE

    /** The BGSAVE command's logic; returns the status reply text. */
    public String bgsaveCommand(boolean schedule) {
        if (child == ChildKind.RDB) {
            throw new CommandError("ERR Background save already in progress");
        }
        if (child != ChildKind.NONE) {
            if (schedule) {
                bgsaveScheduled = true;
                return "Background saving scheduled";
            }
            throw new CommandError("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                    + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
        }
        if (!startBackgroundSave()) {
            throw new CommandError("ERR");
        }
        return "Background saving started";
    }

    /** rdbSaveBackground: false when a job already runs or the thread could not start. */
    public boolean startBackgroundSave() {
        if (child != ChildKind.NONE) {
            return false;
        }
        rdbSaves++;
        dirtyBeforeBgsave = dirty;
        lastBgsaveTrySeconds = nowSeconds();
        KeyspaceSnapshot snapshot = keyspace.snapshot();
        BackgroundSave job = new BackgroundSave(snapshot);
        try {
            job.thread.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            snapshot.close();
            lastBgsaveOk = false;
            log.warning("Can't save in background: fork: " + e.getMessage());
            return false;
        }
        child = ChildKind.RDB;
        background = job;
        bgsaveStartSeconds = nowSeconds();
        log.notice("Background saving started by pid " + pid);
        return true;
    }

    /** Stops a running BGSAVE without counting it as an error (FLUSHALL, SHUTDOWN: Redis's SIGUSR1). */
    public void killBackgroundSave() {
        BackgroundSave job = background;
        if (job == null) {
            return;
        }
        job.cancelled.set(true);
        try {
            job.thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finishBackgroundSave(job, false);
    }

    private final class BackgroundSave {
        final KeyspaceSnapshot snapshot;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final long keysTotal;
        final Thread thread;
        volatile boolean finished;

        BackgroundSave(KeyspaceSnapshot snapshot) {
            this.snapshot = snapshot;
            long total = 0;
            for (int db = 0; db < snapshot.databases(); db++) {
                total += snapshot.size(db);
            }
            this.keysTotal = total;
            this.thread = new Thread(this::run, "vigil-bgsave");
            this.thread.setDaemon(true);
        }

        void run() {
            boolean ok;
            try {
                ok = writeFile(snapshot, settings.rdbPath(), settings.effectiveDir().resolve("temp-" + pid + "-bg.rdb"),
                        cancelled, true);
            } catch (RuntimeException e) {
                log.warning("Background saving failed: " + e);
                ok = false;
            } finally {
                snapshot.close();
            }
            boolean result = ok;
            try {
                server.eventLoop().execute(() -> finishBackgroundSave(this, result));
            } catch (RejectedExecutionException ignored) {
                // the node is shutting down
            }
        }
    }

    private void finishBackgroundSave(BackgroundSave job, boolean ok) {
        if (background != job || job.finished) {
            return;
        }
        job.finished = true;
        if (job.cancelled.get()) {
            log.warning("Background saving terminated by signal 10");
        } else if (ok) {
            log.notice("Background saving terminated with success");
            dirty -= dirtyBeforeBgsave;
            lastSaveSeconds = nowSeconds();
            lastBgsaveOk = true;
        } else {
            log.warning("Background saving error");
            lastBgsaveOk = false;
        }
        lastBgsaveTimeSeconds = nowSeconds() - bgsaveStartSeconds;
        bgsaveStartSeconds = -1;
        background = null;
        progress = null;
        endChild(ChildKind.RDB);
        boolean success = ok && !job.cancelled.get();
        for (Consumer<Boolean> listener : List.copyOf(bgsaveListeners)) {
            listener.accept(success);
        }
    }

    // ----------------------------------------------------------------------------------------
    // Cron: save points and scheduled BGSAVE

    /** serverCron's persistence part; call on the event loop (hz times a second is fine). */
    public void cron(long nowMillis) {
        if (loading) {
            return;
        }
        long now = nowMillis / 1000;
        boolean retryAllowed = now - lastBgsaveTrySeconds > BGSAVE_RETRY_DELAY_SECONDS || lastBgsaveOk;
        if (child == ChildKind.NONE && settings.dirConfigured()) {
            for (SaveRule rule : settings.save()) {
                if (dirty >= rule.changes() && now - lastSaveSeconds > rule.seconds() && retryAllowed) {
                    log.notice(rule.changes() + " changes in " + rule.seconds() + " seconds. Saving...");
                    startBackgroundSave();
                    break;
                }
            }
        }
        if (child == ChildKind.NONE && bgsaveScheduled && retryAllowed) {
            if (startBackgroundSave()) {
                bgsaveScheduled = false;
            }
        }
    }

    /** Asks for a BGSAVE as soon as no other job runs (BGSAVE SCHEDULE, replication). */
    public void scheduleBgsave() {
        bgsaveScheduled = true;
    }

    public boolean bgsaveScheduled() {
        return bgsaveScheduled;
    }

    // ----------------------------------------------------------------------------------------
    // MISCONF

    /**
     * Redis's writeCommandsDeniedByDiskError for RDB: the MISCONF text when writes must be refused
     * (stop-writes-on-bgsave-error yes, save points configured, last background save failed).
     */
    public String rdbWriteError() {
        if (settings.stopWritesOnBgsaveError() && !settings.save().isEmpty() && !lastBgsaveOk) {
            return MISCONF_RDB;
        }
        return null;
    }

    // ----------------------------------------------------------------------------------------
    // Loading

    public boolean loading() {
        return loading;
    }

    /** Runs {@code task} once no load is in progress (now if none). */
    public void whenLoaded(Runnable task) {
        if (loading) {
            whenLoaded.add(task);
        } else {
            task.run();
        }
    }

    public long lastLoadKeysLoaded() {
        return lastLoadKeysLoaded;
    }

    public long lastLoadKeysExpired() {
        return lastLoadKeysExpired;
    }

    /** The AUX fields of the last loaded RDB (repl-id, repl-offset... for replication). */
    public Map<String, byte[]> lastLoadAux() {
        return lastLoadAux;
    }

    /** Records the outcome of an RDB load (also used for an AOF's RDB base). */
    void recordLoad(RdbLoader loader, KeyspaceLoader target) {
        lastLoadKeysLoaded = target.loaded();
        lastLoadKeysExpired = target.expired();
        lastLoadAux = Map.copyOf(loader.aux());
        if (loader.emptyKeysSkipped() > 0) {
            log.notice("Done loading RDB, keys loaded: " + target.loaded() + ", keys expired: " + target.expired()
                    + ", empty keys skipped: " + loader.emptyKeysSkipped() + ".");
        } else {
            log.notice("Done loading RDB, keys loaded: " + target.loaded() + ", keys expired: " + target.expired() + ".");
        }
        if (loader.checksumSkipped()) {
            log.notice("RDB file was saved with checksum disabled: no check performed.");
        }
    }

    /**
     * A job loading an RDB stream into the keyspace. {@code aofPreamble}: an AOF base, whose
     * expired keys are kept (later commands in the AOF may still refer to them).
     */
    public RdbLoadJob rdbLoadJob(InputStream in, long totalBytes, boolean aofPreamble, boolean allowDuplicates) {
        return new RdbLoadJob(in, totalBytes, aofPreamble, allowDuplicates);
    }

    /** Loads an RDB record by record. */
    public final class RdbLoadJob implements LoadJob {
        private final InputStream stream;
        private final RdbInput in;
        private final RdbLoader loader;
        private final KeyspaceLoader target;
        private final long totalBytes;
        private final boolean aofPreamble;
        private boolean headerRead;

        RdbLoadJob(InputStream stream, long totalBytes, boolean aofPreamble, boolean allowDuplicates) {
            this.stream = stream;
            this.in = new RdbInput(stream);
            this.totalBytes = totalBytes;
            this.aofPreamble = aofPreamble;
            this.target = new KeyspaceLoader(keyspace, master.getAsBoolean() && !aofPreamble, allowDuplicates,
                    System.currentTimeMillis(), settings.keyLoadDelayMicros());
            this.loader = new RdbLoader(in, target, settings.rdbChecksum());
        }

        @Override
        public boolean step() throws IOException {
            if (!headerRead) {
                loader.readHeader();
                headerRead = true;
                return true;
            }
            if (loader.step()) {
                return true;
            }
            if (aofPreamble && "1".equals(loader.auxText("aof-base"))) {
                log.notice("RDB is base AOF");
            }
            recordLoad(loader, target);
            return false;
        }

        public RdbLoader loader() {
            return loader;
        }

        public RdbInput input() {
            return in;
        }

        @Override
        public long loadedBytes() {
            return in.offset();
        }

        @Override
        public long totalBytes() {
            return totalBytes;
        }

        @Override
        public void close() {
            try {
                stream.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    /**
     * Runs a load: marks the node as loading (-LOADING), runs a first slice right away (its errors
     * are thrown to the caller), then continues in slices on the event loop. {@code done} runs on
     * success; a later failure goes to {@code failed} (default: the fatal load handler).
     */
    public void runLoad(LoadJob job, Runnable done, Consumer<Exception> failed) throws Exception {
        loading = true;
        loadingStartSeconds = nowSeconds();
        loadingJob = job;
        boolean more;
        try {
            more = slice(job, FIRST_SLICE_MILLIS);
        } catch (Exception e) {
            finishLoading(job);
            throw e;
        }
        if (!more) {
            finishLoading(job);
            done.run();
            runWhenLoaded();
            return;
        }
        scheduleSlice(job, done, failed);
    }

    /** Runs a load to completion on the calling thread (DEBUG RELOAD, tests). */
    public void runLoadNow(LoadJob job) throws Exception {
        loading = true;
        loadingStartSeconds = nowSeconds();
        loadingJob = job;
        try {
            while (job.step()) {
                // all of it
            }
        } finally {
            finishLoading(job);
        }
        runWhenLoaded();
    }

    private void scheduleSlice(LoadJob job, Runnable done, Consumer<Exception> failed) {
        // A scheduled (not immediate) task lets the loop serve sockets between slices.
        server.schedule(() -> {
            if (loadingJob != job) {
                return; // cancelled
            }
            boolean more;
            try {
                more = slice(job, SLICE_MILLIS);
            } catch (Exception e) {
                finishLoading(job);
                if (failed != null) {
                    failed.accept(e);
                } else {
                    fatal(e);
                }
                return;
            }
            if (more) {
                scheduleSlice(job, done, failed);
            } else {
                finishLoading(job);
                done.run();
                runWhenLoaded();
            }
        }, 1);
    }

    private static boolean slice(LoadJob job, long budgetMillis) throws Exception {
        long deadline = System.nanoTime() + budgetMillis * 1_000_000;
        int steps = 0;
        while (true) {
            if (!job.step()) {
                return false;
            }
            if ((++steps & 63) == 0 && System.nanoTime() >= deadline) {
                return true;
            }
        }
    }

    private void finishLoading(LoadJob job) {
        job.close();
        if (loadingJob == job) {
            loadingJob = null;
            loading = false;
        }
    }

    private void runWhenLoaded() {
        List<Runnable> tasks = new ArrayList<>(whenLoaded);
        whenLoaded.clear();
        for (Runnable task : tasks) {
            task.run();
        }
    }

    /** Abandons a load in progress (shutdown while loading). */
    public void cancelLoad() {
        LoadJob job = loadingJob;
        if (job != null) {
            finishLoading(job);
            whenLoaded.clear();
        }
    }

    /** Logs Redis's fatal line and hands over to the fatal handler. */
    public void fatal(Exception e) {
        log.warning("Fatal error loading the DB: " + e.getMessage() + ". Exiting.");
        fatalLoadHandler.accept(e.getMessage());
    }

    /**
     * Loads dbfilename at start-up (RDB mode). Returns false when there is no file. Errors of the
     * first slice are thrown (the node does not start); later ones are fatal.
     */
    public boolean loadAtStart(Runnable done) throws Exception {
        Path file = settings.rdbPath();
        InputStream in;
        long size;
        try {
            in = Files.newInputStream(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        long started = System.nanoTime();
        runLoad(rdbLoadJob(in, size, false, false), () -> {
            log.notice(String.format(Locale.ROOT, "DB loaded from disk: %.3f seconds", (System.nanoTime() - started) / 1e9));
            done.run();
        }, null);
        return true;
    }

    // ----------------------------------------------------------------------------------------
    // Shutdown

    /**
     * Redis's prepareForShutdown, RDB part: kills a running BGSAVE, then saves synchronously when
     * save points are configured (and the directory is configured) unless {@code nosave}, or when
     * {@code save}. Returns false when the save failed and {@code force} is false (the server must
     * then keep running: "Errors trying to SHUTDOWN. Check logs.").
     */
    public boolean prepareForShutdown(boolean nosave, boolean save, boolean force) {
        if (background != null) {
            log.warning("There is a child saving an .rdb. Killing it!");
            killBackgroundSave();
        }
        if (loading) {
            // Never replace the file with a half-loaded dataset.
            cancelLoad();
            return true;
        }
        boolean configuredSave = !settings.save().isEmpty() && settings.dirConfigured();
        if ((configuredSave && !nosave) || save) {
            log.notice("Saving the final RDB snapshot before exiting.");
            if (!save()) {
                if (force) {
                    log.warning("Error trying to save the DB. Exit anyway.");
                } else {
                    log.warning("Error trying to save the DB, can't exit.");
                    return false;
                }
            }
        }
        return true;
    }

    /** FLUSHALL's persistence side (flushAllDataAndResetRDB): kill BGSAVE, save the empty dataset. */
    public void afterFlushAll() {
        killBackgroundSave();
        if (!settings.save().isEmpty() && settings.dirConfigured()) {
            save();
        }
    }

    // ----------------------------------------------------------------------------------------
    // INFO

    /** The RDB fields of INFO persistence, in Redis 7.0's order (the AOF fields follow). */
    public void info(Map<String, String> out) {
        out.put("loading", loading ? "1" : "0");
        out.put("async_loading", "0");
        out.put("current_cow_peak", "0");
        out.put("current_cow_size", "0");
        out.put("current_cow_size_age", "0");
        BackgroundSave job = background;
        RdbWriter writer = progress;
        long processed = job != null && writer != null ? writer.keysWritten() : 0;
        long total = job != null ? job.keysTotal : 0;
        out.put("current_fork_perc", String.format(Locale.ROOT, "%.2f", total == 0 ? 0.0 : processed * 100.0 / total));
        out.put("current_save_keys_processed", Long.toString(processed));
        out.put("current_save_keys_total", Long.toString(total));
        out.put("rdb_changes_since_last_save", Long.toString(dirty));
        out.put("rdb_bgsave_in_progress", background != null ? "1" : "0");
        out.put("rdb_last_save_time", Long.toString(lastSaveSeconds));
        out.put("rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        out.put("rdb_last_bgsave_time_sec", Long.toString(lastBgsaveTimeSeconds));
        out.put("rdb_current_bgsave_time_sec", Long.toString(bgsaveStartSeconds < 0 ? -1 : nowSeconds() - bgsaveStartSeconds));
        out.put("rdb_saves", Long.toString(rdbSaves));
        out.put("rdb_last_cow_size", "0");
        out.put("rdb_last_load_keys_expired", Long.toString(lastLoadKeysExpired));
        out.put("rdb_last_load_keys_loaded", Long.toString(lastLoadKeysLoaded));
    }

    /** The loading_* fields Redis appends at the end while loading. */
    public void infoLoading(Map<String, String> out) {
        LoadJob job = loadingJob;
        if (!loading || job == null) {
            return;
        }
        long total = job.totalBytes();
        long loaded = job.loadedBytes();
        long elapsed = nowSeconds() - loadingStartSeconds;
        double perc = (double) loaded / (total + 1) * 100;
        long eta = elapsed == 0 ? 1 : (loaded == 0 ? 1 : (elapsed * (total - loaded)) / loaded);
        out.put("loading_start_time", Long.toString(loadingStartSeconds));
        out.put("loading_total_bytes", Long.toString(total));
        out.put("loading_rdb_used_mem", "0");
        out.put("loading_loaded_bytes", Long.toString(loaded));
        out.put("loading_loaded_perc", String.format(Locale.ROOT, "%.2f", perc));
        out.put("loading_eta_seconds", Long.toString(eta));
    }

}
