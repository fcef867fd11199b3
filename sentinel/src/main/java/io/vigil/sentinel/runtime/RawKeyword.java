package io.vigil.sentinel.runtime;

import io.lettuce.core.protocol.ProtocolKeyword;

import java.nio.charset.StandardCharsets;

/** A command name sent as given (after rename-command), so lettuce adds no semantics of its own. */
final class RawKeyword implements ProtocolKeyword {
    private final String name;
    private final byte[] bytes;

    RawKeyword(String name) {
        this.name = name;
        this.bytes = name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getBytes() {
        return bytes;
    }

    /**
     * Lower case on purpose: lettuce recognises MULTI, EXEC, AUTH, SELECT... by comparing this text
     * with its upper-case command names, and in a MULTI it would hand each element of EXEC's reply to
     * the queued commands' outputs (an integer from CLIENT KILL to a status output fails the whole
     * EXEC), so the reconfiguration transaction's reply was never read.
     */
    @Override
    public String toString() {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
