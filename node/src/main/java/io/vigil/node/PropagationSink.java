package io.vigil.node;

/**
 * A consumer of the write stream: the AOF and the replication backlog. It receives commands
 * already preceded by the SELECT they need, exactly the bytes a replica or the AOF must see.
 */
public interface PropagationSink {
    void append(byte[][] argv);
}
