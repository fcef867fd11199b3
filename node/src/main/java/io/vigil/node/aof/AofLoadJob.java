package io.vigil.node.aof;

import io.vigil.node.rdb.LoadJob;
import io.vigil.node.rdb.RdbPersistence;
import io.vigil.node.server.ServerLog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * loadAppendOnlyFiles as a step-wise job: the base file (an RDB, or RESP), then each incremental
 * file, replaying commands through {@link AofClient}. Only the last file may be truncated: with
 * {@code aof-load-truncated yes} its tail is cut at the last complete command (an unfinished
 * MULTI is reverted) and loading goes on, with Redis's warnings; otherwise loading fails.
 */
final class AofLoadJob implements LoadJob {
    /** One file to load. */
    record Part(Path path, String name, boolean base) {
    }

    private final List<Part> parts;
    private final RdbPersistence rdb;
    private final AofClient client;
    private final boolean loadTruncated;
    private final boolean oldStyle;
    private final long totalBytes;
    private final ServerLog log = ServerLog.get();

    private int index = -1;
    private Part part;
    private InputStream stream;
    private RdbPersistence.RdbLoadJob rdbJob;
    private RespCommandReader reader;
    private long partStartedNanos;
    private long loadedBefore;
    private long partSize;
    private long validBeforeMulti = -1;
    private boolean truncatedLast;

    AofLoadJob(List<Part> parts, RdbPersistence rdb, AofClient client, boolean loadTruncated, boolean oldStyle,
               long totalBytes) {
        this.parts = parts;
        this.rdb = rdb;
        this.client = client;
        this.loadTruncated = loadTruncated;
        this.oldStyle = oldStyle;
        this.totalBytes = totalBytes;
    }

    boolean truncated() {
        return truncatedLast;
    }

    @Override
    public boolean step() throws Exception {
        if (part == null) {
            if (++index >= parts.size()) {
                return false;
            }
            open(parts.get(index));
            return true;
        }
        if (rdbJob != null) {
            if (rdbJob.step()) {
                return true;
            }
            long offset = rdbJob.loadedBytes();
            InputStream rest = rdbJob.input().rest();
            rdbJob = null;
            if (offset < partSize) {
                log.notice("Reading the remaining AOF tail...");
            }
            reader = new RespCommandReader(rest, offset);
            return true;
        }
        byte[][] argv;
        long before = reader.validUpTo();
        try {
            argv = reader.next();
        } catch (RespCommandReader.Truncated e) {
            return truncatedTail(reader.validUpTo());
        } catch (AofFormatException e) {
            fail("Bad file format reading the append only file " + part.name()
                    + ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
            return false;
        }
        if (argv == null) {
            if (client.inMulti()) {
                log.warning("Revert incomplete MULTI/EXEC transaction in AOF file " + part.name());
                return truncatedTail(validBeforeMulti);
            }
            finishPart(false);
            return true;
        }
        if (argv.length == 1 && new String(argv[0], java.nio.charset.StandardCharsets.ISO_8859_1)
                .equalsIgnoreCase("multi")) {
            validBeforeMulti = before;
        }
        client.execute(argv, part.name());
        return true;
    }

    private void open(Part next) throws IOException, AofFormatException {
        part = next;
        partStartedNanos = System.nanoTime();
        partSize = Files.size(next.path());
        if (partSize == 0) {
            // An empty file is skipped (AOF_EMPTY counts as loaded).
            finishPart(false);
            return;
        }
        byte[] signature = new byte[5];
        int read;
        try (InputStream probe = Files.newInputStream(next.path())) {
            read = probe.readNBytes(signature, 0, 5);
        }
        stream = Files.newInputStream(next.path());
        if (read == 5 && new String(signature, java.nio.charset.StandardCharsets.US_ASCII).equals("REDIS")) {
            log.notice(next.base() && !oldStyle ? "Reading RDB base file on AOF loading..."
                    : "Reading RDB preamble from AOF file...");
            rdbJob = rdb.rdbLoadJob(stream, partSize, true, false);
        } else {
            reader = new RespCommandReader(stream, 0);
        }
    }

    private boolean truncatedTail(long validUpTo) throws AofFormatException {
        boolean last = index == parts.size() - 1;
        if (loadTruncated && last) {
            log.warning("!!! Warning: short read while loading the AOF file " + part.name() + "!!!");
            log.warning("!!! Truncating the AOF " + part.name() + " at offset " + validUpTo + " !!!");
            try (FileChannel channel = FileChannel.open(part.path(), StandardOpenOption.WRITE)) {
                channel.truncate(Math.max(validUpTo, 0));
                channel.force(true);
            } catch (IOException e) {
                log.warning("Error truncating the AOF file " + part.name() + ": " + e.getMessage());
                fail("Unexpected end of file reading the append only file " + part.name());
            }
            log.warning("AOF " + part.name() + " loaded anyway because aof-load-truncated is enabled");
            truncatedLast = true;
            finishPart(true);
            return true;
        }
        if (!last) {
            log.warning("Fatal error: the truncated file is not the last file");
            fail("the truncated file " + part.name() + " is not the last file");
        }
        log.warning("Unexpected end of file reading the append only file " + part.name() + ". You can: "
                + "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
                + "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        fail("Unexpected end of file reading the append only file " + part.name());
        return false;
    }

    private void fail(String message) throws AofFormatException {
        throw new AofFormatException(message);
    }

    private void finishPart(boolean truncatedFile) {
        closeStream();
        if (!oldStyle) {
            log.notice(String.format(Locale.ROOT, "DB loaded from %s file %s: %.3f seconds", part.base() ? "base" : "incr",
                    part.name(), (System.nanoTime() - partStartedNanos) / 1e9));
        }
        loadedBefore += partSize;
        part = null;
        reader = null;
        rdbJob = null;
        validBeforeMulti = -1;
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // read-only
            }
            stream = null;
        }
    }

    @Override
    public long loadedBytes() {
        long current = rdbJob != null ? rdbJob.loadedBytes() : reader != null ? reader.offset() : 0;
        return loadedBefore + current;
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public void close() {
        closeStream();
        client.close();
    }
}
