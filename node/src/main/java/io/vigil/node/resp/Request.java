package io.vigil.node.resp;

/**
 * One decoded command: its arguments as raw bytes, and how many bytes it took on the wire (the
 * replication offset of a replica advances by exactly that much).
 */
public record Request(byte[][] argv, int wireBytes, boolean inline) {
    public int argc() {
        return argv.length;
    }
}
