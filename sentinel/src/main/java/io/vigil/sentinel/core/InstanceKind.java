package io.vigil.sentinel.core;

/** What an instance is to this sentinel; {@link #wireName()} is the word used in events. */
public enum InstanceKind {
    MASTER("master"),
    REPLICA("slave"),
    SENTINEL("sentinel");

    private final String wireName;

    InstanceKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
