package io.vigil.sentinel.runtime;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vigil.sentinel.core.Address;

/**
 * The connections to one address: a command connection and, for masters and replicas, a pub/sub
 * connection subscribed to {@code __sentinel__:hello}. Event-loop thread only.
 */
final class InstanceLink {
    final Address address;
    boolean pubsubWanted;
    LinkCredentials credentials = LinkCredentials.NONE;
    StatefulRedisConnection<String, String> cmd;
    StatefulRedisPubSubConnection<String, String> pubsub;
    boolean cmdConnecting;
    boolean pubsubConnecting;
    /** Bumped on every close so late connection completions can be recognised and discarded. */
    int generation;
    long lastAttemptMillis = Long.MIN_VALUE / 2;
    boolean reportedUp;
    /** Reported down for the pub/sub connection only: the command connection's loss is still to report. */
    boolean reportedPubsubOnlyDown;
    boolean closed;
    /** Local address of the command connection (hello's sentinel ip when announce-ip is unset). */
    String localIp;

    InstanceLink(Address address) {
        this.address = address;
    }

    boolean complete() {
        return cmd != null && cmd.isOpen() && (!pubsubWanted || (pubsub != null && pubsub.isOpen()));
    }
}
