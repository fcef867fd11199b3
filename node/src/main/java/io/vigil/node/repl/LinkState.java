package io.vigil.node.repl;

/** The replica's link to its master, with the names ROLE uses. */
public enum LinkState {
    NONE("none"), CONNECT("connect"), CONNECTING("connecting"), HANDSHAKE("handshake"), TRANSFER("sync"),
    CONNECTED("connected");

    private final String roleName;

    LinkState(String roleName) {
        this.roleName = roleName;
    }

    public String roleName() {
        return roleName;
    }
}
