package io.vigil.node.command;

import io.vigil.node.server.ClientSession;

/**
 * A feature that keeps per-connection state RESET must clear (MULTI/WATCH, tracking...). RESET
 * calls every feature that implements it.
 */
public interface ConnectionStateOwner {
    void resetConnection(ClientSession session);
}
