package io.vigil.node.server;

import io.vigil.node.resp.RespWriter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channel and pattern subscriptions. Messages go out as RESP2 arrays or RESP3 push frames,
 * depending on each subscriber's protocol, and are flushed after the publishing command.
 */
public final class PubSub {
    private final Map<ByteBuffer, LinkedHashSet<ClientSession>> channels = new LinkedHashMap<>();
    private final Map<ByteBuffer, LinkedHashSet<ClientSession>> patterns = new LinkedHashMap<>();
    private final Map<ClientSession, Subscriptions> bySession = new HashMap<>();

    /** One client's subscriptions, in subscription order. */
    private static final class Subscriptions {
        final LinkedHashSet<ByteBuffer> channels = new LinkedHashSet<>();
        final LinkedHashSet<ByteBuffer> patterns = new LinkedHashSet<>();

        int count() {
            return channels.size() + patterns.size();
        }
    }

    public int subscriptions(ClientSession session) {
        if (bySession.isEmpty()) {
            return 0; // every command asks (the RESP2 subscribed-context rule)
        }
        Subscriptions subs = bySession.get(session);
        return subs == null ? 0 : subs.count();
    }

    public int channelCount(ClientSession session) {
        Subscriptions subs = bySession.get(session);
        return subs == null ? 0 : subs.channels.size();
    }

    public int patternCount(ClientSession session) {
        Subscriptions subs = bySession.get(session);
        return subs == null ? 0 : subs.patterns.size();
    }

    /** The channels a client is subscribed to, in subscription order. */
    public List<byte[]> channelsOf(ClientSession session) {
        Subscriptions subs = bySession.get(session);
        List<byte[]> result = new ArrayList<>();
        if (subs != null) {
            for (ByteBuffer channel : subs.channels) {
                result.add(bytes(channel));
            }
        }
        return result;
    }

    /** The patterns a client is subscribed to, in subscription order. */
    public List<byte[]> patternsOf(ClientSession session) {
        Subscriptions subs = bySession.get(session);
        List<byte[]> result = new ArrayList<>();
        if (subs != null) {
            for (ByteBuffer pattern : subs.patterns) {
                result.add(bytes(pattern));
            }
        }
        return result;
    }

    public void subscribe(ClientSession session, byte[] channel) {
        ByteBuffer key = ByteBuffer.wrap(channel);
        Subscriptions subs = bySession.computeIfAbsent(session, s -> new Subscriptions());
        if (subs.channels.add(key)) {
            channels.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(session);
        }
        confirm(session.writer(), "subscribe", channel, subs.count());
        markPubSub(session);
    }

    public void psubscribe(ClientSession session, byte[] pattern) {
        ByteBuffer key = ByteBuffer.wrap(pattern);
        Subscriptions subs = bySession.computeIfAbsent(session, s -> new Subscriptions());
        if (subs.patterns.add(key)) {
            patterns.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(session);
        }
        confirm(session.writer(), "psubscribe", pattern, subs.count());
        markPubSub(session);
    }

    /** UNSUBSCRIBE with the given channels, or every channel when none are given. */
    public void unsubscribe(ClientSession session, List<byte[]> names, boolean reply) {
        Subscriptions subs = bySession.get(session);
        List<byte[]> targets = names;
        if (targets.isEmpty()) {
            targets = new ArrayList<>();
            if (subs != null) {
                for (ByteBuffer b : subs.channels) {
                    targets.add(bytes(b));
                }
            }
            if (targets.isEmpty()) {
                if (reply) {
                    confirm(session.writer(), "unsubscribe", null, subscriptions(session));
                }
                return;
            }
        }
        for (byte[] name : targets) {
            ByteBuffer key = ByteBuffer.wrap(name);
            if (subs != null && subs.channels.remove(key)) {
                removeFrom(channels, key, session);
            }
            if (reply) {
                confirm(session.writer(), "unsubscribe", name, subscriptions(session));
            }
        }
        cleanup(session);
    }

    /** PUNSUBSCRIBE with the given patterns, or every pattern when none are given. */
    public void punsubscribe(ClientSession session, List<byte[]> names, boolean reply) {
        Subscriptions subs = bySession.get(session);
        List<byte[]> targets = names;
        if (targets.isEmpty()) {
            targets = new ArrayList<>();
            if (subs != null) {
                for (ByteBuffer b : subs.patterns) {
                    targets.add(bytes(b));
                }
            }
            if (targets.isEmpty()) {
                if (reply) {
                    confirm(session.writer(), "punsubscribe", null, subscriptions(session));
                }
                return;
            }
        }
        for (byte[] name : targets) {
            ByteBuffer key = ByteBuffer.wrap(name);
            if (subs != null && subs.patterns.remove(key)) {
                removeFrom(patterns, key, session);
            }
            if (reply) {
                confirm(session.writer(), "punsubscribe", name, subscriptions(session));
            }
        }
        cleanup(session);
    }

    /** Drops every subscription silently (disconnect, RESET). */
    public void unsubscribeAll(ClientSession session) {
        Subscriptions subs = bySession.remove(session);
        if (subs == null) {
            return;
        }
        for (ByteBuffer key : subs.channels) {
            removeFrom(channels, key, session);
        }
        for (ByteBuffer key : subs.patterns) {
            removeFrom(patterns, key, session);
        }
        if (session.kind() == ClientKind.PUBSUB) {
            session.kind(ClientKind.NORMAL);
        }
    }

    /** Delivers a message; returns how many clients received it (PUBLISH's reply). */
    public int publish(byte[] channel, byte[] message) {
        int receivers = 0;
        Set<ClientSession> direct = channels.get(ByteBuffer.wrap(channel));
        if (direct != null) {
            for (ClientSession session : direct) {
                RespWriter out = session.writer();
                out.push(3).bulk("message").bulk(channel).bulk(message);
                delivered(session);
                receivers++;
            }
        }
        for (Map.Entry<ByteBuffer, LinkedHashSet<ClientSession>> entry : patterns.entrySet()) {
            byte[] pattern = bytes(entry.getKey());
            if (!Glob.matches(pattern, channel)) {
                continue;
            }
            for (ClientSession session : entry.getValue()) {
                session.writer().push(4).bulk("pmessage").bulk(pattern).bulk(channel).bulk(message);
                delivered(session);
                receivers++;
            }
        }
        return receivers;
    }

    /**
     * A message was queued for a subscriber: flush it soon, and apply the output-buffer limit (a
     * subscriber that does not read is closed rather than buffered without end). A client closed
     * here stays in the subscriber sets until its channel reports inactive, so the loops above
     * are not disturbed.
     */
    private static void delivered(ClientSession session) {
        session.flushSoon();
        RespServer server = session.server();
        server.outputLimits().enforce(session, server.nowMillis());
    }

    /** Channels with at least one subscriber matching {@code pattern} (null for all), PUBSUB CHANNELS. */
    public List<byte[]> activeChannels(byte[] pattern) {
        List<byte[]> result = new ArrayList<>();
        for (ByteBuffer key : channels.keySet()) {
            byte[] name = bytes(key);
            if (pattern == null || Glob.matches(pattern, name)) {
                result.add(name);
            }
        }
        return result;
    }

    public int subscriberCount(byte[] channel) {
        Set<ClientSession> set = channels.get(ByteBuffer.wrap(channel));
        return set == null ? 0 : set.size();
    }

    public int patternTotal() {
        return patterns.size();
    }

    public int channelTotal() {
        return channels.size();
    }

    private void cleanup(ClientSession session) {
        Subscriptions subs = bySession.get(session);
        if (subs != null && subs.count() == 0) {
            bySession.remove(session);
            if (session.kind() == ClientKind.PUBSUB) {
                session.kind(ClientKind.NORMAL);
            }
        }
    }

    private static void markPubSub(ClientSession session) {
        if (session.kind() == ClientKind.NORMAL) {
            session.kind(ClientKind.PUBSUB);
        }
    }

    private static void removeFrom(Map<ByteBuffer, LinkedHashSet<ClientSession>> index, ByteBuffer key, ClientSession session) {
        LinkedHashSet<ClientSession> set = index.get(key);
        if (set != null) {
            set.remove(session);
            if (set.isEmpty()) {
                index.remove(key);
            }
        }
    }

    private static void confirm(RespWriter out, String kind, byte[] name, int count) {
        out.push(3).bulk(kind);
        if (name == null) {
            out.nullBulk();
        } else {
            out.bulk(name);
        }
        out.integer(count);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return buffer.array();
    }
}
