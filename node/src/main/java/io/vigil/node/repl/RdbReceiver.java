package io.vigil.node.repl;

import io.vigil.node.server.ServerLog;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes the snapshot bytes from the master link and loads them on a background thread as they
 * arrive, also writing them to a temporary file with {@code repl-diskless-load disabled}. The loaded
 * dataset is handed back to the event loop whole; a truncated or corrupt transfer is refused and
 * the old dataset is kept.
 */
final class RdbReceiver {
    private static final byte[] END = new byte[0];
    private static final byte[] ABORT = new byte[0];
    private static final long PAUSE_ABOVE = 32L * 1024 * 1024;
    private static final long RESUME_BELOW = 8L * 1024 * 1024;

    private final Replication repl;
    private final MasterLink link;
    private final boolean toDisk;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile boolean paused;
    private volatile boolean aborted;

    RdbReceiver(Replication repl, MasterLink link, boolean toDisk) {
        this.repl = repl;
        this.link = link;
        this.toDisk = toDisk;
        Thread thread = new Thread(this::run, "vigil-repl-load");
        thread.setDaemon(true);
        thread.start();
    }

    void accept(byte[] chunk) {
        if (chunk.length == 0 || aborted) {
            return;
        }
        queue.add(chunk);
        if (queuedBytes.addAndGet(chunk.length) > PAUSE_ABOVE && !paused) {
            paused = true;
            link.pauseReading(true);
        }
    }

    void finish() {
        queue.add(END);
    }

    void abort() {
        aborted = true;
        queue.add(ABORT);
    }

    private byte[] take() throws IOException {
        try {
            byte[] chunk = queue.take();
            if (chunk == ABORT) {
                throw new IOException("transfer aborted");
            }
            long left = queuedBytes.addAndGet(-chunk.length);
            if (paused && left < RESUME_BELOW) {
                paused = false;
                repl.eventLoop().execute(() -> link.pauseReading(false));
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private void run() {
        File file = null;
        try {
            RdbSupport.Loaded loaded;
            if (toDisk) {
                // The file is written as the bytes arrive and the parser reads the same bytes at
                // once: waiting for the whole file first made the load a second, serial pass
                // (the old dataset is kept until the new one is whole either way).
                file = new File(repl.settings().dir(), "temp-" + System.currentTimeMillis() / 1000 + "."
                        + ProcessHandle.current().pid() + ".rdb");
                try (OutputStream copy = new BufferedOutputStream(new FileOutputStream(file), 64 * 1024);
                     InputStream in = new BufferedInputStream(new QueueStream(copy), 64 * 1024)) {
                    loaded = repl.rdb().load(in);
                    drain(in);
                }
            } else {
                try (InputStream in = new BufferedInputStream(new QueueStream(null), 64 * 1024)) {
                    loaded = repl.rdb().load(in);
                    drain(in);
                }
            }
            RdbSupport.Loaded result = loaded;
            repl.eventLoop().execute(() -> link.loaded(result));
        } catch (Exception | OutOfMemoryError e) {
            if (!aborted) {
                Exception error = e instanceof Exception ex ? ex : new IOException(e.toString());
                repl.eventLoop().execute(() -> link.loadFailed(error, toDisk));
            } else {
                ServerLog.get().verbose("Replication transfer aborted: " + e.getMessage());
            }
        } finally {
            if (file != null) {
                file.delete();
            }
        }
    }

    /** Drains what is left after the RDB's end so the link's flow control settles. */
    private static void drain(InputStream in) throws IOException {
        while (in.read() >= 0) {
            // nothing: trailing bytes after the RDB end are ignored
        }
    }

    /** The queued chunks as one input stream, each also written to {@code copy} when there is one. */
    private final class QueueStream extends InputStream {
        private final OutputStream copy;
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        QueueStream(OutputStream copy) {
            this.copy = copy;
        }

        private boolean fill() throws IOException {
            while (position == current.length) {
                if (ended) {
                    return false;
                }
                byte[] next = take();
                if (next == END) {
                    ended = true;
                    return false;
                }
                if (copy != null) {
                    copy.write(next);
                }
                current = next;
                position = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? current[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }
}
