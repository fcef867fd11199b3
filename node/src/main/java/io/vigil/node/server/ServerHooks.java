package io.vigil.node.server;

/**
 * What a server built on the kernel decides for itself. The node answers with replication,
 * persistence and memory rules; the sentinel with its own, smaller set. Every method runs on the
 * event-loop thread.
 */
public interface ServerHooks {
    /** A new connection: an error text to send before closing it (protected mode), or null to accept. */
    default String admit(ClientSession session) {
        return null;
    }

    /** Whether this client still has to authenticate before running commands. */
    default boolean authRequired(ClientSession session) {
        return false;
    }

    /** The ACL verdict for this command: a NOPERM error text, or null when allowed. */
    default String authorize(ClientSession session, CommandSpec spec, byte[][] argv) {
        return null;
    }

    /**
     * Refusals that depend on the server's state, in Redis's order (OOM, MISCONF, NOREPLICAS,
     * READONLY, MASTERDOWN, LOADING): an error text, or null to run the command.
     */
    default String refuse(ClientSession session, CommandSpec spec, byte[][] argv) {
        return null;
    }

    /**
     * Whether to hold this command until later (CLIENT PAUSE): when true the kernel parks the client
     * with {@link ClientSession#block} and keeps the request at the head of its queue; the owner
     * calls {@link ClientSession#unblock} to run it. Checked after every refusal, before MULTI
     * queueing, as in Redis's processCommand.
     */
    default boolean postpone(ClientSession session, CommandSpec spec, byte[][] argv) {
        return false;
    }

    /** After a command ran (not when it was queued in MULTI): propagation, notifications, wake-ups. */
    default void afterCommand(CommandCall call) {
    }

    /** The client's connection closed; release what it held (subscriptions, blocked keys). */
    default void closed(ClientSession session) {
    }
}
