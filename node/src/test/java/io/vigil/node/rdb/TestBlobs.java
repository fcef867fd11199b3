package io.vigil.node.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Encoders for the legacy blobs Redis 7.0 no longer writes (ziplist, zipmap), to test our decoders. */
final class TestBlobs {
    private TestBlobs() {
    }

    /** A ziplist as ziplist.c would build it (integer encodings for integer strings). */
    static byte[] ziplist(String... values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int prevlen = 0;
        long[] parsed = new long[1];
        for (String value : values) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            if (prevlen < 254) {
                entry.write(prevlen);
            } else {
                entry.write(0xFE);
                le(entry, prevlen, 4);
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (RdbNumbers.parseLong(bytes, 0, bytes.length, parsed)) {
                long v = parsed[0];
                if (v >= 0 && v <= 12) {
                    entry.write(0xF1 + (int) v);
                } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    entry.write(0xFE);
                    le(entry, v, 1);
                } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    entry.write(0xC0);
                    le(entry, v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    entry.write(0xF0);
                    le(entry, v, 3);
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    entry.write(0xD0);
                    le(entry, v, 4);
                } else {
                    entry.write(0xE0);
                    le(entry, v, 8);
                }
            } else if (bytes.length <= 63) {
                entry.write(bytes.length);
                entry.writeBytes(bytes);
            } else if (bytes.length <= 16383) {
                entry.write(0x40 | (bytes.length >>> 8));
                entry.write(bytes.length & 0xff);
                entry.writeBytes(bytes);
            } else {
                entry.write(0x80);
                entry.write(bytes.length >>> 24);
                entry.write(bytes.length >>> 16);
                entry.write(bytes.length >>> 8);
                entry.write(bytes.length);
                entry.writeBytes(bytes);
            }
            byte[] e = entry.toByteArray();
            body.writeBytes(e);
            prevlen = e.length;
        }
        byte[] b = body.toByteArray();
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        int total = 10 + b.length + 1;
        le(zl, total, 4);
        le(zl, 10 + b.length - prevlen, 4);
        le(zl, Math.min(values.length, 65535), 2);
        zl.writeBytes(b);
        zl.write(0xFF);
        return zl.toByteArray();
    }

    static byte[] zipmap(String... fieldsAndValues) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(fieldsAndValues.length / 2);
        for (int i = 0; i < fieldsAndValues.length; i++) {
            byte[] bytes = fieldsAndValues[i].getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 254) {
                zm.write(bytes.length);
            } else {
                zm.write(254);
                le(zm, bytes.length, 4);
            }
            if (i % 2 == 1) {
                zm.write(1); // one free byte after the value
            }
            zm.writeBytes(bytes);
            if (i % 2 == 1) {
                zm.write(0);
            }
        }
        zm.write(255);
        return zm.toByteArray();
    }

    static void le(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
