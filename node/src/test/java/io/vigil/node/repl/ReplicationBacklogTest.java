package io.vigil.node.repl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicationBacklogTest {
    @Test
    void newBacklogIsEmptyAndStartsAfterTheCurrentOffset() {
        ReplicationBacklog backlog = new ReplicationBacklog(1024 * 1024, 68);
        assertEquals(69, backlog.firstByteOffset());
        assertEquals(0, backlog.histlen());
        assertTrue(backlog.covers(69));
        assertFalse(backlog.covers(68));
        assertEquals(0, backlog.copyFrom(69).length);
    }

    @Test
    void sizeBelowTheMinimumIsRaisedToIt() {
        assertEquals(ReplicationBacklog.MIN_SIZE, new ReplicationBacklog(100, 0).size());
    }

    @Test
    void wrappedRingReturnsExactlyTheRequestedTail() {
        SplittableRandom random = new SplittableRandom(42);
        ReplicationBacklog backlog = new ReplicationBacklog(ReplicationBacklog.MIN_SIZE, 0);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            byte[] chunk = new byte[1 + random.nextInt(100)];
            random.nextBytes(chunk);
            backlog.append(chunk);
            all.writeBytes(chunk);
            long total = all.size();
            assertEquals(total, backlog.lastOffset());
            long from = Math.max(backlog.firstByteOffset(), total - random.nextInt(ReplicationBacklog.MIN_SIZE));
            byte[] expected = java.util.Arrays.copyOfRange(all.toByteArray(), (int) from - 1, (int) total);
            assertArrayEquals(expected, backlog.copyFrom(from));
            io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
            out.writeByte('+');
            backlog.copyTo(from, out);
            assertEquals('+', out.readByte());
            byte[] copied = new byte[out.readableBytes()];
            out.readBytes(copied);
            assertArrayEquals(expected, copied);
        }
        assertEquals(ReplicationBacklog.MIN_SIZE, backlog.histlen());
        assertFalse(backlog.covers(backlog.firstByteOffset() - 1));
        assertTrue(backlog.covers(backlog.lastOffset() + 1));
    }

    @Test
    void appendLargerThanTheRingKeepsOnlyItsTail() {
        ReplicationBacklog backlog = new ReplicationBacklog(ReplicationBacklog.MIN_SIZE, 10);
        byte[] big = new byte[ReplicationBacklog.MIN_SIZE * 2 + 5];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        backlog.append(big);
        assertEquals(10 + big.length, backlog.lastOffset());
        assertArrayEquals(java.util.Arrays.copyOfRange(big, big.length - ReplicationBacklog.MIN_SIZE, big.length),
                backlog.copyFrom(backlog.firstByteOffset()));
    }

    @Test
    void resizeKeepsTheNewestHistory() {
        ReplicationBacklog backlog = new ReplicationBacklog(64 * 1024, 0);
        byte[] data = "0123456789".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        backlog.append(data);
        backlog.resize(ReplicationBacklog.MIN_SIZE);
        assertEquals(ReplicationBacklog.MIN_SIZE, backlog.histlen());
        assertEquals(data.length, backlog.lastOffset());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, data.length - 100, data.length),
                backlog.copyFrom(data.length - 99));
    }
}
