package io.vigil.sentinel.cli;

import io.vigil.sentinel.embed.RespClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows one sentinel's events with {@code PSUBSCRIBE *}, like {@code tail -F}: when the
 * connection fails or drops it quietly tries again every second until {@link #close()}.
 */
final class EventFollower implements AutoCloseable {
    private final InetSocketAddress sentinel;
    private final Consumer<SentinelEventLine> sink;
    private final Thread thread;
    private volatile boolean closed;
    private volatile RespClient client;
    private volatile boolean subscribed;

    EventFollower(InetSocketAddress sentinel, Consumer<SentinelEventLine> sink) {
        this.sentinel = sentinel;
        this.sink = sink;
        this.thread = new Thread(this::run, "vigil-events-" + sentinel.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the subscription is confirmed (events published from then on are seen). */
    boolean subscribed() {
        return subscribed;
    }

    private void run() {
        String name = sentinel.getHostString() + ":" + sentinel.getPort();
        while (!closed) {
            try (RespClient c = RespClient.connect(sentinel, Duration.ofSeconds(1))) {
                client = c;
                c.send("PSUBSCRIBE", "*");
                c.readTimeout(Duration.ZERO);
                while (!closed) {
                    Object reply = c.read();
                    if (reply instanceof List<?> l && l.size() == 3 && "psubscribe".equals(l.get(0))) {
                        subscribed = true;
                    } else if (reply instanceof List<?> l && l.size() == 4 && "pmessage".equals(l.get(0))) {
                        String channel = String.valueOf(l.get(2));
                        if (!channel.startsWith("__")) {
                            sink.accept(new SentinelEventLine(Instant.now(), name, channel, String.valueOf(l.get(3))));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                subscribed = false;
                if (!closed) {
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        RespClient c = client;
        if (c != null) {
            c.close();
        }
        thread.interrupt();
    }
}
