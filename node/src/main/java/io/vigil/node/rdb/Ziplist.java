package io.vigil.node.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoder for the ziplist (ziplist.c), the compact encoding of lists, hashes and sorted sets in
 * RDB files written before Redis 7.0, which a 7.0 server still loads (converting to listpack).
 */
public final class Ziplist {
    private static final int HEADER_SIZE = 10;
    private static final int END = 0xFF;

    private Ziplist() {
    }

    public static List<byte[]> decode(byte[] zl) throws RdbFormatException {
        if (zl.length < HEADER_SIZE + 1) {
            throw new RdbFormatException("Ziplist too short (" + zl.length + " bytes)");
        }
        long total = u32(zl, 0);
        if (total != zl.length) {
            throw new RdbFormatException("Ziplist header length " + total + " does not match blob size " + zl.length);
        }
        if ((zl[zl.length - 1] & 0xff) != END) {
            throw new RdbFormatException("Ziplist does not end with 0xFF");
        }
        int declared = (zl[8] & 0xff) | (zl[9] & 0xff) << 8;
        List<byte[]> entries = new ArrayList<>(declared == 65535 ? 16 : declared);
        int p = HEADER_SIZE;
        int end = zl.length - 1;
        while (p < end) {
            // prevlen: 1 byte, or 0xFE then 4 bytes
            int prev = zl[p] & 0xff;
            p += prev == 254 ? 5 : 1;
            check(p < end, "prevlen");
            int enc = zl[p] & 0xff;
            byte[] value;
            switch (enc >>> 6) {
                case 0: {
                    int len = enc & 0x3F;
                    check(p + 1 + len <= end, "string");
                    value = java.util.Arrays.copyOfRange(zl, p + 1, p + 1 + len);
                    p += 1 + len;
                    break;
                }
                case 1: {
                    check(p + 2 <= end, "string14");
                    int len = ((enc & 0x3F) << 8) | (zl[p + 1] & 0xff);
                    check(p + 2 + len <= end, "string14");
                    value = java.util.Arrays.copyOfRange(zl, p + 2, p + 2 + len);
                    p += 2 + len;
                    break;
                }
                case 2: {
                    check(p + 5 <= end, "string32");
                    long len = (zl[p + 1] & 0xffL) << 24 | (zl[p + 2] & 0xffL) << 16 | (zl[p + 3] & 0xffL) << 8
                            | (zl[p + 4] & 0xffL);
                    check(len <= end - p - 5, "string32");
                    value = java.util.Arrays.copyOfRange(zl, p + 5, p + 5 + (int) len);
                    p += 5 + (int) len;
                    break;
                }
                default:
                    switch (enc) {
                        case 0xC0:
                            check(p + 3 <= end, "int16");
                            value = ascii((short) ((zl[p + 1] & 0xff) | (zl[p + 2] & 0xff) << 8));
                            p += 3;
                            break;
                        case 0xD0:
                            check(p + 5 <= end, "int32");
                            value = ascii((int) u32(zl, p + 1));
                            p += 5;
                            break;
                        case 0xE0: {
                            check(p + 9 <= end, "int64");
                            long v = 0;
                            for (int i = 7; i >= 0; i--) {
                                v = (v << 8) | (zl[p + 1 + i] & 0xff);
                            }
                            value = ascii(v);
                            p += 9;
                            break;
                        }
                        case 0xF0: {
                            check(p + 4 <= end, "int24");
                            int v = (zl[p + 1] & 0xff) | (zl[p + 2] & 0xff) << 8 | (zl[p + 3] & 0xff) << 16;
                            value = ascii((v << 8) >> 8);
                            p += 4;
                            break;
                        }
                        case 0xFE:
                            check(p + 2 <= end, "int8");
                            value = ascii(zl[p + 1]);
                            p += 2;
                            break;
                        default:
                            if (enc >= 0xF1 && enc <= 0xFD) {
                                value = ascii((enc & 0x0F) - 1);
                                p += 1;
                                break;
                            }
                            throw new RdbFormatException("Invalid ziplist entry encoding 0x" + Integer.toHexString(enc));
                    }
            }
            entries.add(value);
        }
        if (declared != 65535 && declared != entries.size()) {
            throw new RdbFormatException("Ziplist declares " + declared + " entries but holds " + entries.size());
        }
        return entries;
    }

    private static void check(boolean ok, String what) throws RdbFormatException {
        if (!ok) {
            throw new RdbFormatException("Ziplist " + what + " entry runs past the end");
        }
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
