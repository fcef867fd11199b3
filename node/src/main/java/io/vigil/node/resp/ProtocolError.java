package io.vigil.node.resp;

/**
 * A malformed request. The server answers {@code -ERR Protocol error: <reason>} and closes the
 * connection after the reply, as Redis does.
 */
public record ProtocolError(String reason) {
}
