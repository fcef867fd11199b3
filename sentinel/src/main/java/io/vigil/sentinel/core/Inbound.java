package io.vigil.sentinel.core;

/**
 * Everything the runtime tells the brain through {@code step(now, input)}. Replies carry the
 * correlation id of the {@link Outbound} they answer; a reply whose id the brain no longer knows
 * (answered already, or its link was closed) is ignored, so duplicates are harmless.
 *
 * <p>Link state is per address: the runtime reports {@link LinkUp} once every connection the
 * brain asked for with {@link Outbound.Connect} is established (command and, when requested,
 * pub/sub), and {@link LinkDown} as soon as any of them is lost. It keeps reconnecting on its own
 * (at most once per ping-period) until {@link Outbound.Disconnect}.
 */
public sealed interface Inbound {
    /** Reply to {@link Outbound.Ping}; errors too (classified with {@link PingReplyKind#classify}). */
    record PingReply(long id, PingReplyKind kind) implements Inbound {
    }

    /** Reply to {@link Outbound.Info}: the parsed report and the raw text (kept for INFO-CACHE). */
    record InfoReply(long id, InfoReport report, String rawText) implements Inbound {
    }

    /** Reply to {@link Outbound.AskMasterDown}; a malformed reply must be sent as {@link CommandFailed}. */
    record AskReply(long id, IsMasterDownReply reply) implements Inbound {
    }

    /** Non-error reply to {@link Outbound.PublishHello}. */
    record PublishOk(long id) implements Inbound {
    }

    /**
     * EXEC reply of {@link Outbound.ReplicaOf}; {@code replicaOfOk} is true when the SLAVEOF element
     * of the EXEC array is {@code +OK}.
     */
    record TransactionReply(long id, boolean replicaOfOk) implements Inbound {
    }

    /** Reply to {@link Outbound.ConfigGetReplicaPriority}: the value of replica-priority. */
    record ReplicaPriorityReply(long id, int priority) implements Inbound {
    }

    /**
     * A non-error reply to a command whose only outcome is success or failure ({@link
     * Outbound.FailoverTo}, {@link Outbound.ClientPause}, {@link Outbound.ClientUnpause}, {@link
     * Outbound.FailoverAbort}, {@link Outbound.ScriptKill}).
     */
    record CommandOk(long id) implements Inbound {
    }

    /** An error reply, timeout or write failure for a command with this id (other than PING). */
    record CommandFailed(long id, String error) implements Inbound {
    }

    /** A hello received on a pub/sub link, or through {@code PUBLISH} sent to us by a peer sentinel. */
    record Hello(HelloMessage message) implements Inbound {
    }

    record LinkUp(Address address) implements Inbound {
    }

    /**
     * The link is no longer complete. {@code commandsLost} is false when only the pub/sub connection
     * went (a {@code CLIENT KILL TYPE pubsub}, as the promotion transaction sends): replies to the
     * commands already sent still arrive on the command connection.
     */
    record LinkDown(Address address, boolean commandsLost) implements Inbound {
        public LinkDown(Address address) {
            this(address, true);
        }
    }
}
