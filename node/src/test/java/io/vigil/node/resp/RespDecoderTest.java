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

    @Test
    void directBuffersInRandomSplitsGiveTheSameArguments() {
        SplittableRandom random = new SplittableRandom(7);
        List<List<byte[]>> expected = new ArrayList<>();
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 300; i++) {
            List<byte[]> command = new ArrayList<>();
            int argc = 1 + random.nextInt(4);
            wire.writeBytes(("*" + argc + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int a = 0; a < argc; a++) {
                int length = i == 150 && a == 0 ? 70_000 : random.nextInt(80);
                byte[] arg = new byte[length];
                for (int b = 0; b < length; b++) {
                    arg[b] = (byte) random.nextInt(256);
                }
                command.add(arg);
                wire.writeBytes(("$" + length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                wire.writeBytes(arg);
                wire.writeBytes(new byte[]{'\r', '\n'});
            }
            expected.add(command);
        }
        byte[] bytes = wire.toByteArray();
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(RespLimits.DEFAULT));
        List<Object> out = new ArrayList<>();
        int position = 0;
        while (position < bytes.length) {
            int length = Math.min(bytes.length - position, 1 + random.nextInt(3000));
            channel.writeInbound(Unpooled.directBuffer(length).writeBytes(bytes, position, length));
            position += length;
            Object message;
            while ((message = channel.readInbound()) != null) {
                out.add(message);
            }
        }
        assertEquals(expected.size(), out.size());
        for (int i = 0; i < expected.size(); i++) {
            byte[][] argv = ((Request) out.get(i)).argv();
            assertEquals(expected.get(i).size(), argv.length, "request " + i);
            for (int a = 0; a < argv.length; a++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected.get(i).get(a), argv[a], "request " + i + " arg " + a);
            }
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void bulksPastSixteenKilobytesAreRefusedBeforeAuthentication() {
        RespLimits pending = new RespLimits() {
            @Override
            public long maxBulkBytes() {
                return 512L * 1024 * 1024;
            }

            @Override
            public boolean authenticationPending() {
                return true;
            }
        };
        EmbeddedChannel accepted = new EmbeddedChannel(new RespDecoder(pending));
        accepted.writeInbound(Unpooled.copiedBuffer("*1\r\n$16384\r\n", StandardCharsets.US_ASCII));
        assertNull(accepted.readInbound(), "waits for the body");
        accepted.finishAndReleaseAll();
        EmbeddedChannel refused = new EmbeddedChannel(new RespDecoder(pending));
        refused.writeInbound(Unpooled.copiedBuffer("*1\r\n$16385\r\n", StandardCharsets.US_ASCII));
        assertEquals("invalid bulk length", ((ProtocolError) refused.readInbound()).reason());
        refused.finishAndReleaseAll();
    }
}
