package io.vigil.sentinel.core;

/** Role reported by INFO ({@code role:master} / {@code role:slave}). */
public enum Role {
    MASTER("master"),
    SLAVE("slave");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
