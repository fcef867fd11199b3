package io.vigil.node.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Redis's aof_buf: RESP bytes waiting to be written to the AOF, written out in one go. */
final class AofBuffer {
    private byte[] bytes = new byte[16 * 1024];
    private int length;

    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    void writeByte(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    void write(byte[] data, int offset, int count) {
        ensure(count);
        System.arraycopy(data, offset, bytes, length, count);
        length += count;
    }

    void writeAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    void clear() {
        length = 0;
        if (bytes.length > 4 * 1024 * 1024) {
            bytes = new byte[16 * 1024];
        }
    }

    /**
     * Writes everything to {@code channel}; on failure the unwritten part stays buffered (Redis
     * keeps aof_buf and retries). Returns bytes written.
     */
    long writeTo(FileChannel channel) throws IOException {
        ByteBuffer view = ByteBuffer.wrap(bytes, 0, length);
        long written = 0;
        try {
            while (view.hasRemaining()) {
                written += channel.write(view);
            }
        } finally {
            int left = view.remaining();
            if (left == 0) {
                clear();
            } else {
                System.arraycopy(bytes, view.position(), bytes, 0, left);
                length = left;
            }
        }
        return written;
    }
}
