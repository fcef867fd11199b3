package io.vigil.node.aof;

import io.vigil.node.Propagation;
import io.vigil.node.PropagationSink;
import io.vigil.node.rdb.ChildKind;
import io.vigil.node.rdb.PersistenceSettings;
import io.vigil.node.rdb.PersistenceSettings.Fsync;
import io.vigil.node.rdb.RdbFiles;
import io.vigil.node.rdb.RdbPersistence;
import io.vigil.node.rdb.RdbWriter;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerLog;
import io.vigil.node.store.Keyspace;
import io.vigil.node.store.KeyspaceSnapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The append-only file of a node, as Redis 7.0's aof.c: a multi-part AOF (base + incremental files
 * + manifest in {@code appenddirname}), fed by the propagation stream as a {@link PropagationSink},
 * written before replies leave and fsynced per {@code appendfsync} (always: before the reply;
 * everysec: on a background thread once a second; no: by the OS), loaded at start, rewritten in the
 * background (BGREWRITEAOF, automatic growth rewrites, CONFIG SET appendonly yes), with Redis's log
 * lines, errors and INFO fields. Event-loop thread only, except the fsync and rewrite threads.
 */
public final class AppendOnlyFile implements PropagationSink {
    /** aof_state. */
    public enum State {
        OFF, ON, WAIT_REWRITE
    }

    private final RespServer server;
    private final Keyspace keyspace;
    private final Propagation propagation;
    private final RdbPersistence rdb;
    private final PersistenceSettings settings;
    private final ServerLog log = ServerLog.get();
    private final long pid = ProcessHandle.current().pid();
    private final AofFlushHandler flushHandler = new AofFlushHandler(this);
    private Consumer<String> fatalHandler;

    private State state = State.OFF;
    private AofManifest manifest = new AofManifest();
    private boolean manifestLoaded;
    private FileChannel channel;
    private final AofBuffer buffer = new AofBuffer();
    private long currentSize;
    private long baseSize;
    private long lastIncrSize;
    private long fsyncedSize;
    private long lastFsyncMillis;
    private boolean lastWriteOk = true;
    private String lastWriteError = "";
    private volatile String fsyncError;
    private final AtomicInteger pendingFsync = new AtomicInteger();
    private long delayedFsync;
    private ExecutorService fsyncThread;

    private boolean rewriteScheduled;
    private long rewrites;
    private long consecutiveFailures;
    private long lastRewriteAttemptMillis;
    private boolean lastRewriteOk = true;
    private long lastRewriteTimeSeconds = -1;
    private long rewriteStartSeconds = -1;
    private Rewrite rewrite;

    public AppendOnlyFile(RespServer server, Keyspace keyspace, Propagation propagation, RdbPersistence rdb) {
        this.server = server;
        this.keyspace = keyspace;
        this.propagation = propagation;
        this.rdb = rdb;
        this.settings = rdb.settings();
        this.fatalHandler = message -> server.closeAsync();
    }

    /** What to do on an unrecoverable AOF error (Redis exits); the default closes the server. */
    public void fatalHandler(Consumer<String> handler) {
        fatalHandler = handler;
    }

    public State state() {
        return state;
    }

    public boolean enabled() {
        return state != State.OFF;
    }

    public AofManifest manifest() {
        return manifest;
    }

    private Path aofDir() {
        return settings.aofDir();
    }

    private Path manifestPath() {
        return aofDir().resolve(AofManifest.fileName(settings.appendFilename()));
    }

    // ----------------------------------------------------------------------------------------
    // Feeding

    /** PUBLISH and other replication-only traffic never reaches the AOF, as in Redis. */
    @Override
    public boolean takesReplicationOnly() {
        return false;
    }

    @Override
    public void append(byte[][] argv) {
        if (state == State.OFF) {
            return;
        }
        RespEncoding.encode(buffer, argv);
    }

    /** Installs the reply-flush hook on a new client connection. */
    public void install(ClientSession session) {
        var pipeline = session.channel().pipeline();
        if (pipeline.get(AofFlushHandler.NAME) == null) {
            pipeline.addFirst(AofFlushHandler.NAME, flushHandler);
        }
    }

    /** Called just before replies are flushed to a socket: Redis's beforeSleep flushAppendOnlyFile. */
    void flushBeforeReply() {
        if (!buffer.isEmpty()) {
            flush(false);
        }
    }

    /** Bytes buffered and not yet written (INFO aof_buffer_length). */
    public int bufferLength() {
        return buffer.length();
    }

    /**
     * flushAppendOnlyFile: writes the buffer, then fsyncs per policy. A write error keeps the data
     * buffered, marks aof_last_write_status err (MISCONF) and is retried; with {@code always} it is
     * fatal, as in Redis.
     */
    public void flush(boolean force) {
        if (channel == null) {
            return;
        }
        if (!buffer.isEmpty()) {
            try {
                long written = buffer.writeTo(channel);
                currentSize += written;
                lastIncrSize += written;
            } catch (IOException e) {
                String reason = reason(e);
                if (settings.appendFsync() == Fsync.ALWAYS) {
                    log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
                    fatal("Error writing to the AOF file: " + reason);
                    return;
                }
                if (lastWriteOk) {
                    log.warning("Error writing to the AOF file: " + reason);
                }
                lastWriteOk = false;
                lastWriteError = reason;
                return;
            }
            if (!lastWriteOk) {
                log.warning("AOF write error looks solved, Redis can write again.");
                lastWriteOk = true;
            }
        }
        if (fsyncedSize == currentSize) {
            return;
        }
        if (settings.noAppendfsyncOnRewrite() && rdb.hasActiveChild()) {
            return;
        }
        Fsync policy = settings.appendFsync();
        long now = System.currentTimeMillis();
        if (policy == Fsync.ALWAYS) {
            try {
                channel.force(false);
                fsyncedSize = currentSize;
                lastFsyncMillis = now;
            } catch (IOException e) {
                log.warning("Can't persist AOF for fsync error when the AOF fsync policy is 'always': " + reason(e)
                        + ". Exiting...");
                fatal("fsync error: " + reason(e));
            }
        } else if (policy == Fsync.EVERYSEC && (force || now / 1000 > lastFsyncMillis / 1000)) {
            if (pendingFsync.get() == 0) {
                backgroundFsync(channel, currentSize, false);
                lastFsyncMillis = now;
            } else if (!force) {
                delayedFsync++;
            }
        }
    }

    private synchronized ExecutorService fsyncThread() {
        if (fsyncThread == null) {
            fsyncThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "vigil-aof-fsync");
                t.setDaemon(true);
                return t;
            });
        }
        return fsyncThread;
    }

    /** The bio fsync job (optionally closing the file afterwards, for a replaced incremental file). */
    private void backgroundFsync(FileChannel target, long size, boolean close) {
        pendingFsync.incrementAndGet();
        try {
            fsyncThread().execute(() -> {
                try {
                    target.force(false);
                    fsyncError = null;
                    server.eventLoop().execute(() -> {
                        if (target == channel && size > fsyncedSize) {
                            fsyncedSize = size;
                        }
                    });
                } catch (IOException e) {
                    if (target.isOpen()) {
                        fsyncError = reason(e);
                        log.warning("Error syncing the AOF file: " + reason(e));
                    }
                } catch (RejectedExecutionException ignored) {
                    // node closing
                } finally {
                    if (close) {
                        try {
                            target.close();
                        } catch (IOException ignored) {
                            // nothing more to do with it
                        }
                    }
                    pendingFsync.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pendingFsync.decrementAndGet();
        }
    }

    private void fatal(String message) {
        fatalHandler.accept(message);
    }

    static String reason(IOException e) {
        String message = e.getMessage();
        if (message != null && message.contains("No space left")) {
            return "No space left on device";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** The MISCONF text when AOF writes or fsyncs are failing, else null. */
    public String writeError() {
        if (state == State.OFF) {
            return null;
        }
        if (!lastWriteOk) {
            return "MISCONF Errors writing to the AOF file: " + lastWriteError;
        }
        String fsync = fsyncError;
        if (fsync != null) {
            return "MISCONF Errors writing to the AOF file: " + fsync;
        }
        return null;
    }

    // ----------------------------------------------------------------------------------------
    // Start-up

    /**
     * loadAppendOnlyFiles then aofOpenIfNeededOnServerStart: loads the files of the manifest (an
     * old-style appendonly.aof in {@code dir} is first migrated into the directory), then opens the
     * last incremental file for appending, creating a base and an incremental file when there is
     * none, and starts feeding. {@code done} runs once the AOF is open.
     */
    public void loadAtStart(Runnable done) throws Exception {
        Path dir = aofDir();
        manifest = AofManifest.load(manifestPath());
        manifestLoaded = true;
        Path oldStyle = settings.effectiveDir().resolve(settings.appendFilename());
        if (Files.isRegularFile(oldStyle) && (!Files.isDirectory(dir) || manifest.isEmpty())) {
            upgradeOldStyle(oldStyle);
        }
        if (manifest.isEmpty()) {
            openAtStart();
            done.run();
            return;
        }
        List<AofLoadJob.Part> parts = new ArrayList<>();
        if (manifest.base() != null) {
            parts.add(new AofLoadJob.Part(dir.resolve(manifest.base().fileName()), manifest.base().fileName(), true));
        }
        for (AofManifest.Entry e : manifest.incr()) {
            parts.add(new AofLoadJob.Part(dir.resolve(e.fileName()), e.fileName(), false));
        }
        long total = 0;
        for (AofLoadJob.Part part : parts) {
            if (!Files.exists(part.path())) {
                log.warning("Unable to obtain the AOF file " + part.name() + " length. stat: No such file or directory");
                throw new AofFormatException("The AOF file " + part.name() + " doesn't exist");
            }
            total += Files.size(part.path());
        }
        if (total == 0) {
            openAtStart();
            log.notice("DB loaded from append only file: 0.000 seconds");
            done.run();
            return;
        }
        long started = System.nanoTime();
        AofClient client = new AofClient(server);
        AofLoadJob job = new AofLoadJob(parts, rdb, client, settings.aofLoadTruncated(), false, total);
        rdb.runLoad(job, () -> {
            log.notice(String.format(Locale.ROOT, "DB loaded from append only file: %.3f seconds",
                    (System.nanoTime() - started) / 1e9));
            touchAll();
            try {
                openAtStart();
            } catch (IOException e) {
                log.warning("Can't open the append-only file: " + reason(e));
                fatal(e.getMessage());
                return;
            }
            done.run();
        }, null);
    }

    /** Replay runs with the clock at 0 (nothing expires); give every key a fresh access time afterwards. */
    private void touchAll() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < keyspace.count(); i++) {
            var db = keyspace.db(i);
            db.forEach((key, value, expireAt) -> db.touch(key, now));
        }
    }

    /** aofUpgradePrepare: an appendonly.aof from before 7.0 becomes the base of a new manifest. */
    private void upgradeOldStyle(Path oldStyle) throws IOException {
        Path dir = aofDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            log.warning("Can't open or create append-only dir " + settings.appendDirname() + ": " + reason(e));
            throw e;
        }
        AofManifest upgraded = new AofManifest();
        upgraded.upgradeBase(settings.appendFilename());
        persist(upgraded);
        Files.move(oldStyle, dir.resolve(settings.appendFilename()), StandardCopyOption.REPLACE_EXISTING);
        manifest = upgraded;
        log.notice("Successfully migrated an old-style AOF into the AOF directory " + settings.appendDirname() + ".");
    }

    private void openAtStart() throws IOException {
        Files.createDirectories(aofDir());
        boolean created = false;
        if (manifest.base() == null && manifest.incr().isEmpty()) {
            AofManifest next = manifest.copy();
            String baseName = next.newBase(settings.appendFilename(), settings.aofUseRdbPreamble());
            Path temp = settings.effectiveDir().resolve("temp-rewriteaof-" + pid + ".aof");
            try (KeyspaceSnapshot snapshot = keyspace.snapshot()) {
                writeBase(temp, snapshot, new AtomicBoolean());
            }
            Files.move(temp, aofDir().resolve(baseName), StandardCopyOption.REPLACE_EXISTING);
            manifest = next;
            created = true;
            log.notice("Creating AOF base file " + baseName + " on server start");
        }
        boolean hadIncr = !manifest.incr().isEmpty();
        String incrName = manifest.lastIncr(settings.appendFilename());
        Path incrPath = aofDir().resolve(incrName);
        channel = FileChannel.open(incrPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        persist(manifest);
        lastIncrSize = channel.size();
        long base = manifest.base() == null ? 0 : sizeOf(aofDir().resolve(manifest.base().fileName()));
        long incrTotal = 0;
        for (AofManifest.Entry e : manifest.incr()) {
            incrTotal += sizeOf(aofDir().resolve(e.fileName()));
        }
        currentSize = base + incrTotal;
        baseSize = created ? currentSize : (baseSize == 0 ? base : baseSize);
        fsyncedSize = currentSize;
        lastFsyncMillis = System.currentTimeMillis();
        log.notice((hadIncr ? "Opening" : "Creating") + " AOF incr file " + incrName + " on server start");
        state = State.ON;
        propagation.addSink(this);
        propagation.resetSelectedDb(this);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** persistAofManifest: temp file, fsync, rename, fsync of the directory. */
    private void persist(AofManifest next) throws IOException {
        Path dir = aofDir();
        Files.createDirectories(dir);
        Path temp = dir.resolve("temp-" + AofManifest.fileName(settings.appendFilename()));
        try {
            RdbFiles.writeSynced(temp, out -> out.write(next.render().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            RdbFiles.commit(temp, manifestPath());
        } catch (IOException e) {
            log.warning("Can't persist the AOF manifest file " + AofManifest.fileName(settings.appendFilename()) + ": "
                    + reason(e));
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Rewrite

    /** The BGREWRITEAOF command: the status reply, or an error thrown as CommandError. */
    public String bgrewriteaofCommand() {
        if (rdb.activeChild() == ChildKind.AOF) {
            throw new io.vigil.node.server.CommandError("ERR Background append only file rewriting already in progress");
        }
        if (rdb.hasActiveChild()) {
            rewriteScheduled = true;
            consecutiveFailures = 0;
            return "Background append only file rewriting scheduled";
        }
        if (startRewrite()) {
            return "Background append only file rewriting started";
        }
        throw new io.vigil.node.server.CommandError("ERR Can't execute an AOF background rewriting. "
                + "Please check the server logs for more information.");
    }

    public boolean rewriteInProgress() {
        return rewrite != null;
    }

    public boolean rewriteScheduled() {
        return rewriteScheduled;
    }

    /** rewriteAppendOnlyFileBackground. */
    public boolean startRewrite() {
        if (rdb.hasActiveChild()) {
            return false;
        }
        lastRewriteAttemptMillis = System.currentTimeMillis();
        if (!manifestLoaded) {
            // AOF off since start: continue the sequence of files already on disk, if any.
            try {
                manifest = AofManifest.load(manifestPath());
            } catch (IOException | AofFormatException e) {
                log.warning("Can't load the AOF manifest: " + e.getMessage() + "; starting a new one");
                manifest = new AofManifest();
            }
            manifestLoaded = true;
        }
        try {
            Files.createDirectories(aofDir());
        } catch (IOException e) {
            log.warning("Can't open or create append-only dir " + settings.appendDirname() + ": " + reason(e));
            lastRewriteOk = false;
            return false;
        }
        flush(true);
        if (channel == null) {
            buffer.clear(); // everything buffered so far is in the snapshot taken below
        }
        if (state != State.OFF) {
            try {
                openNewIncrForRewrite();
            } catch (IOException e) {
                lastRewriteOk = false;
                return false;
            }
        }
        KeyspaceSnapshot snapshot = keyspace.snapshot();
        Rewrite job = new Rewrite(snapshot, settings.effectiveDir().resolve("temp-rewriteaof-bg-" + pid + ".aof"),
                settings.aofUseRdbPreamble());
        rdb.beginChild(ChildKind.AOF);
        rewrites++;
        try {
            job.thread.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            snapshot.close();
            rdb.endChild(ChildKind.AOF);
            lastRewriteOk = false;
            log.warning("Can't rewrite append only file in background: fork: " + e.getMessage());
            return false;
        }
        rewrite = job;
        rewriteScheduled = false;
        rewriteStartSeconds = System.currentTimeMillis() / 1000;
        log.notice("Background append only file rewriting started by pid " + pid);
        return true;
    }

    /** openNewIncrAofForAppend: the writes from now on go to a new incremental file. */
    private void openNewIncrForRewrite() throws IOException {
        String name;
        AofManifest next = null;
        if (state == State.WAIT_REWRITE) {
            name = AofManifest.tempIncrName(settings.appendFilename());
        } else {
            next = manifest.copy();
            name = next.newIncr(settings.appendFilename());
        }
        Path path = aofDir().resolve(name);
        FileChannel opened;
        try {
            opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            log.warning("Can't open the append-only file " + name + ": " + reason(e));
            throw e;
        }
        if (next != null) {
            try {
                persist(next);
            } catch (IOException e) {
                opened.close();
                Files.deleteIfExists(path);
                throw e;
            }
        }
        log.notice("Creating AOF incr file " + name + " on background rewrite");
        if (channel != null) {
            backgroundFsync(channel, currentSize, true);
            fsyncedSize = currentSize;
        }
        channel = opened;
        lastIncrSize = 0;
        if (next != null) {
            manifest = next;
        }
        propagation.resetSelectedDb(this);
    }

    private void writeBase(Path temp, KeyspaceSnapshot snapshot, AtomicBoolean cancelled) throws IOException {
        if (settings.aofUseRdbPreamble()) {
            RdbWriter.Options base = new RdbWriter.Options(settings.rdbCompression(), settings.rdbChecksum(), true, null,
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
            RdbFiles.writeSynced(temp, out -> new RdbWriter(rdb.encoder(cancelled)).write(out, RdbPersistence.dataset(snapshot), base,
                    cancelled::get));
        } else {
            RdbFiles.writeSynced(temp, out -> new AofRewriter(out, cancelled::get).write(snapshot));
        }
    }

    private final class Rewrite {
        final KeyspaceSnapshot snapshot;
        final Path temp;
        final boolean preamble;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final Thread thread;
        boolean finished;

        Rewrite(KeyspaceSnapshot snapshot, Path temp, boolean preamble) {
            this.snapshot = snapshot;
            this.temp = temp;
            this.preamble = preamble;
            this.thread = new Thread(this::run, "vigil-aof-rewrite");
            this.thread.setDaemon(true);
        }

        void run() {
            boolean ok;
            try {
                writeBase(temp, snapshot, cancelled);
                log.notice("Successfully created the temporary AOF base file " + temp.getFileName());
                ok = true;
            } catch (IOException | RuntimeException e) {
                if (!cancelled.get()) {
                    log.warning("Error rewriting the append only file: " + e.getMessage());
                }
                ok = false;
            } finally {
                snapshot.close();
            }
            boolean result = ok;
            try {
                server.eventLoop().execute(() -> rewriteDone(this, result));
            } catch (RejectedExecutionException ignored) {
                // closing
            }
        }
    }

    /** backgroundRewriteDoneHandler. */
    private void rewriteDone(Rewrite job, boolean ok) {
        if (rewrite != job || job.finished) {
            return;
        }
        job.finished = true;
        try {
            if (job.cancelled.get()) {
                log.warning("Background AOF rewrite terminated by signal 10");
            } else if (ok) {
                installRewrite(job);
            } else {
                lastRewriteOk = false;
                consecutiveFailures++;
                log.warning("Background AOF rewrite terminated with error");
            }
        } finally {
            try {
                Files.deleteIfExists(job.temp);
            } catch (IOException ignored) {
                // best effort
            }
            if (state == State.WAIT_REWRITE) {
                // Writes since then are in the next rewrite's snapshot; the temp incr file is dropped.
                buffer.clear();
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // dropped anyway
                    }
                    channel = null;
                }
                try {
                    Files.deleteIfExists(aofDir().resolve(AofManifest.tempIncrName(settings.appendFilename())));
                } catch (IOException ignored) {
                    // best effort
                }
                rewriteScheduled = true;
            }
            lastRewriteTimeSeconds = System.currentTimeMillis() / 1000 - rewriteStartSeconds;
            rewriteStartSeconds = -1;
            rewrite = null;
            rdb.endChild(ChildKind.AOF);
        }
    }

    private void installRewrite(Rewrite job) {
        AofManifest next = manifest.copy();
        String baseName = next.newBase(settings.appendFilename(), job.preamble);
        Path basePath = aofDir().resolve(baseName);
        try {
            move(job.temp, basePath);
        } catch (IOException e) {
            log.warning("Error trying to rename the temporary AOF base file " + job.temp.getFileName() + " into "
                    + baseName + ": " + reason(e));
            lastRewriteOk = false;
            consecutiveFailures++;
            return;
        }
        log.notice("Successfully renamed the temporary AOF base file " + job.temp.getFileName() + " into " + baseName);
        if (state == State.WAIT_REWRITE) {
            String tempIncr = AofManifest.tempIncrName(settings.appendFilename());
            String incrName = next.newIncr(settings.appendFilename());
            try {
                move(aofDir().resolve(tempIncr), aofDir().resolve(incrName));
            } catch (IOException e) {
                log.warning("Error trying to rename the temporary AOF incr file " + tempIncr + " into " + incrName + ": "
                        + reason(e));
                lastRewriteOk = false;
                consecutiveFailures++;
                return;
            }
            log.notice("Successfully renamed the temporary AOF incr file " + tempIncr + " into " + incrName);
        }
        next.markRewrittenIncrAsHistory(channel != null);
        try {
            persist(next);
        } catch (IOException e) {
            lastRewriteOk = false;
            consecutiveFailures++;
            return;
        }
        manifest = next;
        if (channel != null) {
            propagation.resetSelectedDb(this);
            currentSize = sizeOf(basePath) + lastIncrSize;
            baseSize = currentSize;
            fsyncedSize = currentSize;
        }
        deleteHistory();
        lastRewriteOk = true;
        consecutiveFailures = 0;
        log.notice("Background AOF rewrite finished successfully");
        if (state == State.WAIT_REWRITE) {
            state = State.ON;
        }
    }

    private void deleteHistory() {
        List<AofManifest.Entry> history = manifest.history();
        if (history.isEmpty()) {
            return;
        }
        for (AofManifest.Entry e : history) {
            log.notice("Removing the history file " + e.fileName() + " in the background");
            try {
                Files.deleteIfExists(aofDir().resolve(e.fileName()));
            } catch (IOException ignored) {
                // a leftover history file does no harm
            }
        }
        AofManifest next = manifest.copy();
        next.clearHistory();
        try {
            persist(next);
            manifest = next;
        } catch (IOException ignored) {
            // history stays listed; deleted files are skipped at load
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** killAppendOnlyChild: stops a rewrite without counting it as a failure. */
    public void killRewrite() {
        Rewrite job = rewrite;
        if (job == null) {
            return;
        }
        log.notice("Killing running AOF rewrite child: " + pid);
        job.cancelled.set(true);
        try {
            job.thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rewriteDone(job, false);
    }

    // ----------------------------------------------------------------------------------------
    // Turning AOF on and off at runtime

    /** startAppendOnly (CONFIG SET appendonly yes): false when no rewrite could be started. */
    public boolean turnOn() {
        if (state != State.OFF) {
            return true;
        }
        state = State.WAIT_REWRITE;
        propagation.addSink(this);
        propagation.resetSelectedDb(this);
        if (rdb.hasActiveChild() && rdb.activeChild() != ChildKind.AOF) {
            rewriteScheduled = true;
            log.notice("AOF was enabled but there is already another background operation. An AOF background was "
                    + "scheduled to start when possible.");
        } else {
            if (rewrite != null) {
                log.notice("AOF was enabled but there is already an AOF rewriting in background. Stopping background "
                        + "AOF and starting a rewrite now.");
                killRewrite();
            }
            if (!startRewrite()) {
                state = State.OFF;
                propagation.removeSink(this);
                log.warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. "
                        + "Check the above logs for more info about the error.");
                return false;
            }
        }
        lastFsyncMillis = System.currentTimeMillis();
        return true;
    }

    /** stopAppendOnly (CONFIG SET appendonly no). */
    public void turnOff() {
        if (state == State.OFF) {
            return;
        }
        flush(true);
        closeChannel();
        state = State.OFF;
        rewriteScheduled = false;
        lastIncrSize = 0;
        killRewrite();
        buffer.clear();
        propagation.removeSink(this);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.force(false);
            } catch (IOException e) {
                log.warning("Fail to fsync the AOF file: " + reason(e) + ".");
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            channel = null;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Cron and shutdown

    /** serverCron's AOF part: write/fsync the buffer, retry failed writes, scheduled and automatic rewrites. */
    public void cron(long nowMillis) {
        if (state != State.OFF) {
            flush(false);
        }
        if (rdb.loading()) {
            return;
        }
        if (!rdb.hasActiveChild() && rewriteScheduled && !rewriteLimited(nowMillis)) {
            startRewrite();
        }
        if (state == State.ON && !rdb.hasActiveChild() && settings.autoAofRewritePercentage() > 0
                && currentSize > settings.autoAofRewriteMinSize()) {
            long base = baseSize > 0 ? baseSize : 1;
            long growth = currentSize * 100 / base - 100;
            if (growth >= settings.autoAofRewritePercentage() && !rewriteLimited(nowMillis)) {
                log.notice("Starting automatic rewriting of AOF on " + growth + "% growth");
                startRewrite();
            }
        }
    }

    /** aofRewriteLimited: after 3 failures in a row, wait 1, 2, 4... up to 60 minutes between attempts. */
    private boolean rewriteLimited(long nowMillis) {
        if (consecutiveFailures < 3) {
            return false;
        }
        long minutes = Math.min(60, 1L << Math.min(6, consecutiveFailures - 3));
        return nowMillis - lastRewriteAttemptMillis < minutes * 60_000;
    }

    /**
     * prepareForShutdown's AOF part: a rewrite is killed (refused while the first AOF is still being
     * written unless forced), then the buffer is written and fsynced. False refuses the shutdown.
     */
    public boolean prepareForShutdown(boolean force) {
        if (state == State.OFF) {
            return true;
        }
        if (rewrite != null) {
            if (state == State.WAIT_REWRITE) {
                if (force) {
                    log.warning("Writing initial AOF. Exit anyway.");
                } else {
                    log.warning("Writing initial AOF, can't exit.");
                    return false;
                }
            }
            log.warning("There is a child rewriting the AOF. Killing it!");
            killRewrite();
        }
        log.notice("Calling fsync() on the AOF file.");
        flush(true);
        if (channel != null) {
            try {
                channel.force(false);
                fsyncedSize = currentSize;
            } catch (IOException e) {
                log.warning("Fail to fsync the AOF file: " + reason(e) + ".");
            }
        }
        return true;
    }

    /** Closes the file and the fsync thread (node stop). */
    public void close() {
        if (rewrite != null) {
            killRewrite();
        }
        flush(true);
        closeChannel();
        if (state != State.OFF) {
            propagation.removeSink(this);
        }
        state = State.OFF;
        ExecutorService thread;
        synchronized (this) {
            thread = fsyncThread;
            fsyncThread = null;
        }
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // INFO

    /** The aof_* fields of INFO persistence, in Redis 7.0's order, up to aof_last_cow_size. */
    public void info(Map<String, String> out) {
        out.put("aof_enabled", state != State.OFF ? "1" : "0");
        out.put("aof_rewrite_in_progress", rewrite != null ? "1" : "0");
        out.put("aof_rewrite_scheduled", rewriteScheduled ? "1" : "0");
        out.put("aof_last_rewrite_time_sec", Long.toString(lastRewriteTimeSeconds));
        out.put("aof_current_rewrite_time_sec",
                Long.toString(rewriteStartSeconds < 0 ? -1 : System.currentTimeMillis() / 1000 - rewriteStartSeconds));
        out.put("aof_last_bgrewrite_status", lastRewriteOk ? "ok" : "err");
        out.put("aof_rewrites", Long.toString(rewrites));
        out.put("aof_rewrites_consecutive_failures", Long.toString(consecutiveFailures));
        out.put("aof_last_write_status", lastWriteOk && fsyncError == null ? "ok" : "err");
        out.put("aof_last_cow_size", "0");
    }

    /** The fields Redis adds when AOF is on (after module_fork_last_cow_size). */
    public void infoEnabled(Map<String, String> out) {
        if (state == State.OFF) {
            return;
        }
        out.put("aof_current_size", Long.toString(currentSize));
        out.put("aof_base_size", Long.toString(baseSize));
        out.put("aof_pending_rewrite", rewriteScheduled ? "1" : "0");
        out.put("aof_buffer_length", Integer.toString(buffer.length()));
        out.put("aof_pending_bio_fsync", Integer.toString(pendingFsync.get()));
        out.put("aof_delayed_fsync", Long.toString(delayedFsync));
    }
}
