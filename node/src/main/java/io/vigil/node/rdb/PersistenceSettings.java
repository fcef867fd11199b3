package io.vigil.node.rdb;

import io.vigil.conf.SaveRule;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The persistence directives, with Redis 7.0's defaults. The config wiring pushes values in with
 * the setters (on the event-loop thread, at start and on CONFIG SET); the RDB and AOF machinery
 * read them when they act, so a change applies from the next save, write or fsync.
 *
 * <p>One deliberate difference for embedding: until {@link #dir(Path)} is called the node has no
 * configured directory, and the automatic behaviours (loading at start, save points, saving on
 * shutdown) stay off, so nodes embedded in tests never pick up or leave a {@code dump.rdb} in the
 * working directory. Explicit SAVE/BGSAVE/BGREWRITEAOF/CONFIG SET appendonly still work, in the
 * working directory. The config wiring always calls {@code dir} (Redis's default is ".").
 */
public final class PersistenceSettings {
    /** appendfsync. */
    public enum Fsync {
        ALWAYS, EVERYSEC, NO;

        public static Fsync parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        public String redisName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final List<SaveRule> DEFAULT_SAVE = List.of(new SaveRule(3600, 1), new SaveRule(300, 100),
            new SaveRule(60, 10000));

    private volatile Path dir;
    private volatile String dbFilename = "dump.rdb";
    private volatile boolean rdbCompression = true;
    private volatile boolean rdbChecksum = true;
    private volatile List<SaveRule> save = DEFAULT_SAVE;
    private volatile boolean stopWritesOnBgsaveError = true;
    private volatile boolean appendOnly;
    private volatile String appendFilename = "appendonly.aof";
    private volatile String appendDirname = "appendonlydir";
    private volatile Fsync appendFsync = Fsync.EVERYSEC;
    private volatile boolean aofUseRdbPreamble = true;
    private volatile boolean aofLoadTruncated = true;
    private volatile int autoAofRewritePercentage = 100;
    private volatile long autoAofRewriteMinSize = 64L * 1024 * 1024;
    private volatile boolean noAppendfsyncOnRewrite;
    private volatile long rdbKeySaveDelayMicros;
    private volatile long keyLoadDelayMicros;

    /** {@code dir}; null until configured (see the class comment). */
    public Path dir() {
        return dir;
    }

    public boolean dirConfigured() {
        return dir != null;
    }

    /** The directory files go to: the configured one, else the working directory. */
    public Path effectiveDir() {
        Path configured = dir;
        return configured != null ? configured : Path.of("").toAbsolutePath();
    }

    public PersistenceSettings dir(Path value) {
        dir = value == null ? null : value.toAbsolutePath().normalize();
        return this;
    }

    public String dbFilename() {
        return dbFilename;
    }

    public PersistenceSettings dbFilename(String value) {
        dbFilename = value;
        return this;
    }

    public Path rdbPath() {
        return effectiveDir().resolve(dbFilename);
    }

    public boolean rdbCompression() {
        return rdbCompression;
    }

    public PersistenceSettings rdbCompression(boolean value) {
        rdbCompression = value;
        return this;
    }

    public boolean rdbChecksum() {
        return rdbChecksum;
    }

    public PersistenceSettings rdbChecksum(boolean value) {
        rdbChecksum = value;
        return this;
    }

    /** {@code save} points; empty disables RDB snapshotting ({@code save ""}). */
    public List<SaveRule> save() {
        return save;
    }

    public PersistenceSettings save(List<SaveRule> value) {
        save = List.copyOf(value);
        return this;
    }

    public boolean stopWritesOnBgsaveError() {
        return stopWritesOnBgsaveError;
    }

    public PersistenceSettings stopWritesOnBgsaveError(boolean value) {
        stopWritesOnBgsaveError = value;
        return this;
    }

    public boolean appendOnly() {
        return appendOnly;
    }

    /**
     * {@code appendonly} as read at start-up. To switch AOF on or off in a running node use
     * {@code PersistenceCommands.appendOnly(boolean)} (what CONFIG SET appendonly does), which
     * starts the rewrite or closes the file.
     */
    public PersistenceSettings appendOnly(boolean value) {
        appendOnly = value;
        return this;
    }

    public String appendFilename() {
        return appendFilename;
    }

    public PersistenceSettings appendFilename(String value) {
        appendFilename = value;
        return this;
    }

    public String appendDirname() {
        return appendDirname;
    }

    public PersistenceSettings appendDirname(String value) {
        appendDirname = value;
        return this;
    }

    public Path aofDir() {
        return effectiveDir().resolve(appendDirname);
    }

    public Fsync appendFsync() {
        return appendFsync;
    }

    public PersistenceSettings appendFsync(Fsync value) {
        appendFsync = value;
        return this;
    }

    public boolean aofUseRdbPreamble() {
        return aofUseRdbPreamble;
    }

    public PersistenceSettings aofUseRdbPreamble(boolean value) {
        aofUseRdbPreamble = value;
        return this;
    }

    public boolean aofLoadTruncated() {
        return aofLoadTruncated;
    }

    public PersistenceSettings aofLoadTruncated(boolean value) {
        aofLoadTruncated = value;
        return this;
    }

    public int autoAofRewritePercentage() {
        return autoAofRewritePercentage;
    }

    public PersistenceSettings autoAofRewritePercentage(int value) {
        autoAofRewritePercentage = value;
        return this;
    }

    public long autoAofRewriteMinSize() {
        return autoAofRewriteMinSize;
    }

    public PersistenceSettings autoAofRewriteMinSize(long value) {
        autoAofRewriteMinSize = value;
        return this;
    }

    public boolean noAppendfsyncOnRewrite() {
        return noAppendfsyncOnRewrite;
    }

    public PersistenceSettings noAppendfsyncOnRewrite(boolean value) {
        noAppendfsyncOnRewrite = value;
        return this;
    }

    /** {@code rdb-key-save-delay} (debugging directive): microseconds slept per key saved. */
    public long rdbKeySaveDelayMicros() {
        return rdbKeySaveDelayMicros;
    }

    public PersistenceSettings rdbKeySaveDelayMicros(long value) {
        rdbKeySaveDelayMicros = value;
        return this;
    }

    /** {@code key-load-delay} (debugging directive): microseconds slept per key loaded. */
    public long keyLoadDelayMicros() {
        return keyLoadDelayMicros;
    }

    public PersistenceSettings keyLoadDelayMicros(long value) {
        keyLoadDelayMicros = value;
        return this;
    }
}
