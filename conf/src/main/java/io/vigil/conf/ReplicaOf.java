package io.vigil.conf;

import java.util.Objects;

/** The master this node replicates from ({@code replicaof <host> <port>}). */
public record ReplicaOf(String host, int port) {
    // equals and hashCode by hand: the generated ones bootstrap method handles on first use (about
    // 60 ms cold), and the first use is REPLICAOF NO ONE inside a sentinel's promotion transaction.

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicaOf r && port == r.port && Objects.equals(host, r.host);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(host) + port;
    }

    @Override
    public String toString() {
        return "ReplicaOf[host=" + host + ", port=" + port + "]";
    }
}
