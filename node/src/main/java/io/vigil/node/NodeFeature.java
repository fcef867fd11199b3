package io.vigil.node;

import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;

/**
 * One part of the node (data commands, persistence, replication, server commands...). The node
 * asks every feature in registration order, so each keeps its own rules in its own package.
 */
public interface NodeFeature {
    /** A new connection: an error to send before closing it (protected mode), or null. */
    default String admit(ClientSession session) {
        return null;
    }

    /** Whether this client must authenticate first. */
    default boolean authRequired(ClientSession session) {
        return false;
    }

    /** An ACL refusal (NOPERM ...), or null. */
    default String authorize(ClientSession session, CommandSpec spec, byte[][] argv) {
        return null;
    }

    /** A key was deleted because its TTL ran out (keyspace notifications, WATCH). */
    default void keyExpired(io.vigil.node.store.Database db, byte[] key) {
    }

    /** False on a replica: expired keys wait for the master's DEL. */
    default boolean deletesExpiredKeys() {
        return true;
    }

    /** Adds this feature's commands. */
    default void register(CommandTable table) {
    }

    /** A refusal for this command in the node's current state (LOADING, MISCONF, READONLY...), or null. */
    default String refuse(ClientSession session, CommandSpec spec, byte[][] argv) {
        return null;
    }

    /** After every executed command (not queued ones), in feature order. */
    default void afterCommand(CommandCall call) {
    }

    /** A client disconnected. */
    default void closed(ClientSession session) {
    }

    /** Called {@code hz} times a second on the event loop (Redis's serverCron). */
    default void cron(long nowMillis) {
    }

    /** The node is starting: load data, open files. Runs on the event loop just after the port is bound. */
    default void start() throws Exception {
    }

    /** The node is stopping (SHUTDOWN, SIGTERM): save, flush, close. */
    default void stop() {
    }
}
