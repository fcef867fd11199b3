package io.vigil.node.repl;

/** A replica as its master sees it, with the names INFO's {@code slaveN:state=} uses. */
public enum ReplicaState {
    /** Asked for a full sync; waiting for a snapshot to start. */
    WAIT_BGSAVE_START("wait_bgsave"),
    /** A snapshot for it is being produced; writes are buffered for it meanwhile. */
    WAIT_BGSAVE_END("wait_bgsave"),
    /** The snapshot is being sent. */
    SEND_BULK("send_bulk"),
    /** Receiving the live stream. */
    ONLINE("online");

    private final String infoName;

    ReplicaState(String infoName) {
        this.infoName = infoName;
    }

    public String infoName() {
        return infoName;
    }
}
