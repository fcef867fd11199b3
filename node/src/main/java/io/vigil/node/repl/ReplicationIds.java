package io.vigil.node.repl;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Replication ids: 40 hex characters naming one history of the stream. */
public final class ReplicationIds {
    /** replid2 when there is no previous history. */
    public static final String NONE = "0000000000000000000000000000000000000000";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReplicationIds() {
    }

    public static String random() {
        byte[] id = new byte[20];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** A 40-byte EOF mark for diskless transfers (Redis uses random hex characters too). */
    public static byte[] eofMark() {
        return random().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
