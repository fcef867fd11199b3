package io.vigil.node.resp;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class RespDecoderTest {
    private static List<Object> feedOneByteAtATime(String input) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(RespLimits.DEFAULT));
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        List<Object> out = new ArrayList<>();
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
            Object message;
            while ((message = channel.readInbound()) != null) {
                out.add(message);
            }
        }
        channel.finishAndReleaseAll();
        return out;
    }

    private static List<String> args(Object request) {
        List<String> list = new ArrayList<>();
        for (byte[] arg : ((Request) request).argv()) {
            list.add(new String(arg, StandardCharsets.ISO_8859_1));
        }
        return list;
    }

    @Test
    void multibulkAndInlineDecodeTheSameWhenFedByteByByte() {
        List<Object> decoded = feedOneByteAtATime("*2\r\n$4\r\nECHO\r\n$3\r\na\r\n\r\nSET k \"v w\"\r\nPING\n");
        assertEquals(3, decoded.size());
        assertEquals(List.of("ECHO", "a\r\n"), args(decoded.get(0)));
        assertEquals(List.of("SET", "k", "v w"), args(decoded.get(1)));
        assertEquals(List.of("PING"), args(decoded.get(2)));
        assertEquals(23, ((Request) decoded.get(0)).wireBytes(), "the replication offset counts every byte");
    }

    @Test
    void typeByteIsCheckedOnlyOnceTheLineIsComplete() {
        assertEquals(List.of(), feedOneByteAtATime("*1\r\nx"));
        List<Object> decoded = feedOneByteAtATime("*1\r\nx\r\n");
        assertEquals(1, decoded.size());
        assertEquals("expected '$', got 'x'", ((ProtocolError) decoded.get(0)).reason());
    }

    @Test
    void nothingAfterAnErrorIsDecoded() {
        List<Object> decoded = feedOneByteAtATime("*x\r\nPING\r\n");
        assertEquals(1, decoded.size());
        assertInstanceOf(ProtocolError.class, decoded.get(0));
    }

    @Test
    void randomSplitsOfAPipelineGiveTheSameRequests() {
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            pipeline.append("*3\r\n$3\r\nSET\r\n$").append(Integer.toString(i).length() + 4).append("\r\nkey:")
                    .append(i).append("\r\n$1\r\nv\r\n");
        }
        byte[] bytes = pipeline.toString().getBytes(StandardCharsets.ISO_8859_1);
        SplittableRandom random = new SplittableRandom(42);
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(RespLimits.DEFAULT));
        int position = 0;
        List<Object> out = new ArrayList<>();
        while (position < bytes.length) {
            int length = Math.min(bytes.length - position, 1 + random.nextInt(40));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, position, length));
            position += length;
            Object message;
            while ((message = channel.readInbound()) != null) {
                out.add(message);
            }
        }
        assertEquals(200, out.size());
        assertEquals(List.of("SET", "key:199", "v"), args(out.get(199)));
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }
}
