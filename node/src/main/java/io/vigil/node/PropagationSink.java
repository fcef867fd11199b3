package io.vigil.node;

/**
 * A consumer of the write stream: the AOF and the replication backlog. It receives commands
 * already preceded by the SELECT they need, exactly the bytes a replica or the AOF must see.
 */
public interface PropagationSink {
    void append(byte[][] argv);

    /**
     * Whether this sink takes commands Redis sends to replicas only (PROPAGATE_REPL), such as
     * PUBLISH. The replication stream does; the AOF must override this to return false.
     */
    default boolean takesReplicationOnly() {
        return true;
    }
}
