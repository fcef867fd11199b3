package io.vigil.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RespWriterTest {
    private static String drained(RespWriter writer) {
        ByteBuf buf = writer.drain();
        try {
            return buf.toString(StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    @Test
    void integersAndHeadersKeepEveryDigitAndSign() {
        RespWriter writer = new RespWriter(UnpooledByteBufAllocator.DEFAULT);
        long[] values = {0, 7, 1024, 1025, -1, -10, 123456789012L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        StringBuilder expected = new StringBuilder();
        for (long v : values) {
            writer.integer(v);
            expected.append(':').append(v).append("\r\n");
        }
        long p = 1;
        for (int i = 0; i < 19; i++, p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, -p, 7 * p + 3}) {
                writer.integer(v);
                expected.append(':').append(v).append("\r\n");
            }
        }
        writer.array(-1);
        writer.array(Integer.MAX_VALUE);
        writer.map(Integer.MAX_VALUE);
        expected.append("*-1\r\n*2147483647\r\n*4294967294\r\n");
        assertEquals(expected.toString(), drained(writer));
    }

    @Test
    void integerFromDigitsAndBulkLengthsMatchTheFormattedForm() {
        RespWriter writer = new RespWriter(UnpooledByteBufAllocator.DEFAULT);
        writer.integerDigits("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
        writer.integerDigits("42".getBytes(StandardCharsets.US_ASCII));
        writer.bulk(new byte[0]);
        writer.bulk("x".repeat(1234));
        assertEquals(":-9223372036854775808\r\n:42\r\n$0\r\n\r\n$1234\r\n" + "x".repeat(1234) + "\r\n", drained(writer));
        assertEquals(23 + 5 + 6 + 7 + 1234 + 2, writer.writtenBytes());
    }

    @Test
    void bulkRepliesOfEveryLengthAroundTheSmallPathAreFramedExactly() {
        RespWriter writer = new RespWriter(UnpooledByteBufAllocator.DEFAULT);
        StringBuilder expected = new StringBuilder();
        long bytes = 0;
        for (int length = 0; length <= 300; length++) {
            StringBuilder value = new StringBuilder();
            for (int i = 0; i < length; i++) {
                value.append((char) ('a' + (i + length) % 26));
            }
            byte[] framed = ("xy" + value + "z").getBytes(StandardCharsets.US_ASCII);
            writer.bulk(framed, 2, length);
            String reply = "$" + length + "\r\n" + value + "\r\n";
            expected.append(reply);
            bytes += reply.length();
        }
        assertEquals(bytes, writer.writtenBytes());
        assertEquals(expected.toString(), drained(writer));
    }
}
