package io.vigil.sentinel.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmallReadBufferAllocatorTest {
    private final SmallReadBufferAllocator allocator = new SmallReadBufferAllocator(UnpooledByteBufAllocator.DEFAULT);

    @Test
    void lettucesReadBufferStartsSmallAndGrowsForLargeReplies() {
        ByteBuf b = allocator.buffer(SmallReadBufferAllocator.LETTUCE_READ_BUFFER);
        try {
            assertEquals(SmallReadBufferAllocator.START, b.capacity());
            b.writeBytes(new byte[100_000]);
            assertEquals(100_000, b.readableBytes());
        } finally {
            b.release();
        }
    }

    @Test
    void otherSizesAreLeftAlone() {
        ByteBuf b = allocator.ioBuffer(4096);
        try {
            assertEquals(4096, b.capacity());
        } finally {
            b.release();
        }
    }
}
