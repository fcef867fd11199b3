package io.vigil.node.server;

/** Client types as CLIENT KILL TYPE and client-output-buffer-limit name them. */
public enum ClientKind {
    NORMAL("normal"), REPLICA("slave"), MASTER("master"), PUBSUB("pubsub");

    private final String redisName;

    ClientKind(String redisName) {
        this.redisName = redisName;
    }

    /** Redis's spelling (CLIENT LIST shows {@code slave} for replicas). */
    public String redisName() {
        return redisName;
    }

    /** Parses the names CLIENT KILL TYPE accepts: normal, master, replica/slave, pubsub. */
    public static ClientKind parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "replica", "slave" -> REPLICA;
            case "master" -> MASTER;
            case "pubsub" -> PUBSUB;
            default -> null;
        };
    }
}
