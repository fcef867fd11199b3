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
        java.util.List<byte[]> raws = new java.util.ArrayList<>();
        while (fed < stream.length) {
            in.writeByte(stream[fed++]);
            StreamCodec.Frame frame;
            while ((frame = StreamCodec.next(in)) != null) {
                frames.add(frame);
                byte[] raw = new byte[frame.length()];
                in.getBytes(in.readerIndex() - frame.length(), raw);
                raws.add(raw);
            }
        }
        assertEquals(3, frames.size());
        assertEquals(27, frames.get(0).length());
        assertEquals("set", new String(frames.get(0).argv()[0], StandardCharsets.US_ASCII));
        assertEquals("v", new String(frames.get(0).argv()[2], StandardCharsets.US_ASCII));
        assertEquals(0, frames.get(1).argv().length);
        assertEquals(1, frames.get(1).length());
        assertArrayEquals(ascii("*1\r\n$4\r\nping\r\n"), raws.get(2));
        assertNull(StreamCodec.next(in));
        in.release();
    }

    @Test
    void encodingIntoAnArrayMatchesTheStandaloneEncodingForEveryLengthClass() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            byte[][] argv = new byte[1 + random.nextInt(12)][];
            for (int i = 0; i < argv.length; i++) {
                int[] lengths = {0, 1, 9, 10, 99, 100, 999, 1000, 1024, 12345};
                argv[i] = new byte[lengths[random.nextInt(lengths.length)]];
                random.nextBytes(argv[i]);
            }
            StringBuilder expected = new StringBuilder("*" + argv.length + "\r\n");
            for (byte[] arg : argv) {
                expected.append('$').append(arg.length).append("\r\n")
                        .append(new String(arg, StandardCharsets.ISO_8859_1)).append("\r\n");
            }
            byte[] out = new byte[StreamCodec.encodedLength(argv) + 5];
            int end = StreamCodec.encode(argv, out, 5);
            assertEquals(out.length, end);
            assertArrayEquals(expected.toString().getBytes(StandardCharsets.ISO_8859_1),
                    java.util.Arrays.copyOfRange(out, 5, end));
            ByteBuf in = Unpooled.wrappedBuffer(out, 5, end - 5);
            StreamCodec.Frame frame = StreamCodec.next(in);
            assertEquals(end - 5, frame.length());
            for (int i = 0; i < argv.length; i++) {
                assertArrayEquals(argv[i], frame.argv()[i]);
            }
        }
    }

    @Test
    void rejectsBytesThatAreNotAMultibulkStream() {
        ByteBuf in = Unpooled.wrappedBuffer(ascii("SET k v\r\n"));
        assertThrows(StreamCodec.StreamError.class, () -> StreamCodec.next(in));
    }
}
