package io.vigil.node.command;

import io.vigil.node.server.ClientSession;

/**
 * A feature that blocks clients (BLPOP and friends, WAIT) and can release one early for CLIENT
 * UNBLOCK: with a timeout-like reply, or with the UNBLOCKED error when {@code error} is true.
 */
public interface Unblockable {
    /** Returns true when the client was blocked by this feature and has been released. */
    boolean unblock(ClientSession session, boolean error);
}
