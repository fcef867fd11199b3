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

    @Override
    public String toString() {
        return name;
    }
}
