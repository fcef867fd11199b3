package io.vigil.conf;

/** The master this node replicates from ({@code replicaof <host> <port>}). */
public record ReplicaOf(String host, int port) {
}
