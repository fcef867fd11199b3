package io.vigil.sentinel.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.sentinel.core.SentinelEvent;
import io.vigil.sentinel.runtime.SentinelEventListener;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The JSON Lines event log ({@code event-log <path>}): one {@link EventJson} object per line for
 * every event. Each line is one {@code write(2)} on a file opened with O_APPEND, so concurrent
 * writers (another process, a second sentinel by mistake) never interleave inside a line; nothing
 * is buffered in the JVM, so every line reaches the OS as the event happens (no fsync: a lost tail
 * on power loss is acceptable for a log). {@link #reopen()} (SIGHUP) follows logrotate's rename.
 * A write failure is logged once per failing streak and never stops the sentinel.
 *
 * <p>The last {@link #RING_CAPACITY} events are also kept in memory, for {@code GET /v1/events}
 * when no file is configured. With no path it is that ring only.
 */
public final class JsonEventLog implements SentinelEventListener, AutoCloseable {
    public static final int RING_CAPACITY = 1000;

    private final Path path;
    private final FailoverTracker tracker;
    private final FailoverProbe probe;
    private final Consumer<String> warn;
    private final ArrayDeque<String> ring = new ArrayDeque<>();
    private FileChannel channel;
    private boolean failing;

    /**
     * @param path    the file, or null for the in-memory ring only
     * @param tracker the tracker registered before this log (failover ids and details), or null
     * @param warn    where to report a write failure (the sentinel's text log)
     */
    public JsonEventLog(Path path, FailoverTracker tracker, FailoverProbe probe, Consumer<String> warn) {
        this.path = path;
        this.tracker = tracker;
        this.probe = probe;
        this.warn = warn;
        if (path != null) {
            synchronized (this) {
                open();
            }
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void onEvent(long atMillis, SentinelEvent e) {
        Optional<FailoverRecord> r = tracker == null ? Optional.empty() : tracker.touchedBy(e);
        ObjectNode o = EventJson.of(atMillis, e, r, probe);
        String line;
        try {
            line = EventJson.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            fail("cannot serialize an event: " + ex.getMessage());
            return;
        }
        append(line);
    }

    /** Appends one already serialized JSON object (no newline inside). */
    public synchronized void append(String jsonLine) {
        ring.addLast(jsonLine);
        while (ring.size() > RING_CAPACITY) {
            ring.removeFirst();
        }
        if (path == null) {
            return;
        }
        if (channel == null && !open()) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            failing = false;
        } catch (IOException ex) {
            fail("cannot write the event log " + path + ": " + ex.getMessage());
            closeQuietly();
        }
    }

    /** Closes and reopens the file (SIGHUP after logrotate renamed it). */
    public synchronized void reopen() {
        if (path == null) {
            return;
        }
        closeQuietly();
        open();
    }

    private boolean open() {
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            failing = false;
            return true;
        } catch (IOException | RuntimeException ex) {
            fail("cannot open the event log " + path + ": " + ex.getMessage());
            channel = null;
            return false;
        }
    }

    private void fail(String message) {
        if (!failing) {
            failing = true;
            try {
                warn.accept(message);
            } catch (RuntimeException ignored) {
                // reporting must not fail the sentinel either
            }
        }
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to lose
            }
            channel = null;
        }
    }

    /**
     * Events at or after {@code sinceMillis}, oldest first, at most {@code limit} (the newest
     * ones): read from the file when there is one (so events before a restart are included),
     * otherwise from the in-memory ring. Unparseable lines are skipped.
     */
    public List<JsonNode> since(long sinceMillis, int limit) {
        ArrayDeque<String> kept = new ArrayDeque<>();
        boolean fromFile = false;
        if (path != null && Files.exists(path)) {
            try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    keep(kept, line, sinceMillis, limit);
                }
                fromFile = true;
            } catch (NoSuchFileException ex) {
                // rotated away between the check and the open: fall back to the ring
            } catch (IOException ex) {
                // unreadable: the ring is better than nothing
            }
        }
        if (!fromFile) {
            List<String> lines;
            synchronized (this) {
                lines = new ArrayList<>(ring);
            }
            kept.clear();
            for (String line : lines) {
                keep(kept, line, sinceMillis, limit);
            }
        }
        // Only the kept lines are parsed: a big file costs one scan, not one parse per line.
        List<JsonNode> out = new ArrayList<>(kept.size());
        for (String line : kept) {
            try {
                JsonNode n = EventJson.MAPPER.readTree(line);
                if (n != null && n.isObject()) {
                    out.add(n);
                }
            } catch (JsonProcessingException ex) {
                // a torn or foreign line: skipped
            }
        }
        return out;
    }

    private static void keep(ArrayDeque<String> out, String line, long sinceMillis, int limit) {
        long ts = tsMillis(line);
        if (ts < 0 || ts < sinceMillis) {
            return;
        }
        out.addLast(line);
        while (out.size() > limit) {
            out.removeFirst();
        }
    }

    /** The {@code ts_ms} value of a line as this log writes it, or -1. */
    static long tsMillis(String line) {
        int i = line.indexOf("\"ts_ms\":");
        if (i < 0) {
            return -1;
        }
        int from = i + 8;
        int to = from;
        while (to < line.length() && Character.isDigit(line.charAt(to))) {
            to++;
        }
        if (to == from || to - from > 18) {
            return -1;
        }
        return Long.parseLong(line, from, to, 10);
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
