package io.vigil.node.repl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamCodecTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void encodesExactlyAsRedisWritesTheStream() {
        assertArrayEquals(ascii("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"), StreamCodec.encode("SELECT", "0"));
        assertArrayEquals(ascii("*1\r\n$4\r\nping\r\n"), StreamCodec.encode("ping"));
        assertEquals(37, StreamCodec.encode("REPLCONF", "GETACK", "*").length);
    }

    @Test
    void parsesCommandsKeepingTheirExactBytesAcrossSplitReads() {
        byte[] stream = ascii("*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n\n*1\r\n$4\r\nping\r\n");
        ByteBuf in = Unpooled.buffer();
        int fed = 0;
        java.util.List<StreamCodec.Frame> frames = new java.util.ArrayList<>();
        while (fed < stream.length) {
            in.writeByte(stream[fed++]);
            StreamCodec.Frame frame;
            while ((frame = StreamCodec.next(in)) != null) {
                frames.add(frame);
            }
        }
        assertEquals(3, frames.size());
        assertEquals(27, frames.get(0).raw().length);
        assertEquals("set", new String(frames.get(0).argv()[0], StandardCharsets.US_ASCII));
        assertEquals(0, frames.get(1).argv().length);
        assertEquals(1, frames.get(1).raw().length);
        assertArrayEquals(ascii("*1\r\n$4\r\nping\r\n"), frames.get(2).raw());
        assertNull(StreamCodec.next(in));
        in.release();
    }

    @Test
    void rejectsBytesThatAreNotAMultibulkStream() {
        ByteBuf in = Unpooled.wrappedBuffer(ascii("SET k v\r\n"));
        assertThrows(StreamCodec.StreamError.class, () -> StreamCodec.next(in));
    }
}
