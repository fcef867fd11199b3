package io.vigil.node.aof;

import java.nio.charset.StandardCharsets;

/** catAppendOnlyGenericCommand: a command as a RESP multibulk, the AOF's record format. */
final class RespEncoding {
    private RespEncoding() {
    }

    /** Appends {@code *argc\r\n} and {@code $len\r\n<arg>\r\n} per argument to {@code out}. */
    static void encode(AofBuffer out, byte[][] argv) {
        out.writeByte('*');
        out.writeAscii(Integer.toString(argv.length));
        out.writeByte('\r');
        out.writeByte('\n');
        for (byte[] arg : argv) {
            out.writeByte('$');
            out.writeAscii(Integer.toString(arg.length));
            out.writeByte('\r');
            out.writeByte('\n');
            out.write(arg, 0, arg.length);
            out.writeByte('\r');
            out.writeByte('\n');
        }
    }

    static byte[] encode(byte[][] argv) {
        AofBuffer buffer = new AofBuffer();
        encode(buffer, argv);
        return buffer.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
