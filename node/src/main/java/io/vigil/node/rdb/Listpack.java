package io.vigil.node.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's listpack (listpack.c): the blob of HASH_LISTPACK, ZSET_LISTPACK, SET_LISTPACK and of
 * quicklist 2 nodes. Decoding checks every bound (a corrupt file fails with an error, never
 * with an out-of-bounds read); encoding stores a string that is a canonical integer as the
 * smallest integer encoding, exactly as lpAppend does, so the bytes match Redis's.
 */
public final class Listpack {
    private static final int HEADER_SIZE = 6;
    private static final int EOF = 0xFF;

    private Listpack() {
    }

    /** Every entry as bytes (integers as their decimal text). */
    public static List<byte[]> decode(byte[] lp) throws RdbFormatException {
        if (lp.length < HEADER_SIZE + 1) {
            throw new RdbFormatException("Listpack too short (" + lp.length + " bytes)");
        }
        long total = u32(lp, 0);
        if (total != lp.length) {
            throw new RdbFormatException("Listpack header length " + total + " does not match blob size " + lp.length);
        }
        int declared = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
        if ((lp[lp.length - 1] & 0xff) != EOF) {
            throw new RdbFormatException("Listpack does not end with 0xFF");
        }
        List<byte[]> entries = new ArrayList<>(declared == 65535 ? 16 : declared);
        int p = HEADER_SIZE;
        int end = lp.length - 1;
        while (p < end) {
            int start = p;
            int b = lp[p] & 0xff;
            byte[] value;
            if ((b & 0x80) == 0) { // 7-bit uint
                value = ascii(b);
                p += 1;
            } else if ((b & 0xC0) == 0x80) { // 6-bit string length
                int len = b & 0x3F;
                check(p + 1 + len <= end, "string");
                value = java.util.Arrays.copyOfRange(lp, p + 1, p + 1 + len);
                p += 1 + len;
            } else if ((b & 0xE0) == 0xC0) { // 13-bit int
                check(p + 2 <= end, "int13");
                int v = ((b & 0x1F) << 8) | (lp[p + 1] & 0xff);
                if (v >= 1 << 12) {
                    v -= 1 << 13;
                }
                value = ascii(v);
                p += 2;
            } else if ((b & 0xF0) == 0xE0) { // 12-bit string length
                check(p + 2 <= end, "string12");
                int len = ((b & 0x0F) << 8) | (lp[p + 1] & 0xff);
                check(p + 2 + len <= end, "string12");
                value = java.util.Arrays.copyOfRange(lp, p + 2, p + 2 + len);
                p += 2 + len;
            } else {
                switch (b) {
                    case 0xF0: {
                        check(p + 5 <= end, "string32");
                        long len = u32(lp, p + 1);
                        check(len <= end - p - 5, "string32");
                        value = java.util.Arrays.copyOfRange(lp, p + 5, p + 5 + (int) len);
                        p += 5 + (int) len;
                        break;
                    }
                    case 0xF1:
                        check(p + 3 <= end, "int16");
                        value = ascii((short) ((lp[p + 1] & 0xff) | (lp[p + 2] & 0xff) << 8));
                        p += 3;
                        break;
                    case 0xF2: {
                        check(p + 4 <= end, "int24");
                        int v = (lp[p + 1] & 0xff) | (lp[p + 2] & 0xff) << 8 | (lp[p + 3] & 0xff) << 16;
                        value = ascii((v << 8) >> 8);
                        p += 4;
                        break;
                    }
                    case 0xF3:
                        check(p + 5 <= end, "int32");
                        value = ascii((int) u32(lp, p + 1));
                        p += 5;
                        break;
                    case 0xF4: {
                        check(p + 9 <= end, "int64");
                        long v = 0;
                        for (int i = 7; i >= 0; i--) {
                            v = (v << 8) | (lp[p + 1 + i] & 0xff);
                        }
                        value = ascii(v);
                        p += 9;
                        break;
                    }
                    default:
                        throw new RdbFormatException("Invalid listpack entry encoding 0x" + Integer.toHexString(b));
                }
            }
            int entryLength = p - start;
            int backlenSize = backlenSize(entryLength);
            check(p + backlenSize <= end, "back-length");
            if (decodeBacklen(lp, p + backlenSize - 1) != entryLength) {
                throw new RdbFormatException("Listpack entry back-length mismatch");
            }
            p += backlenSize;
            entries.add(value);
        }
        if (declared != 65535 && declared != entries.size()) {
            throw new RdbFormatException("Listpack declares " + declared + " entries but holds " + entries.size());
        }
        return entries;
    }

    private static void check(boolean ok, String what) throws RdbFormatException {
        if (!ok) {
            throw new RdbFormatException("Listpack " + what + " entry runs past the end");
        }
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    static int backlenSize(int l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    /** Reads a back-length right to left from its last byte (lpDecodeBacklen). */
    private static long decodeBacklen(byte[] lp, int p) {
        long val = 0;
        int shift = 0;
        do {
            val |= (long) (lp[p] & 127) << shift;
            if ((lp[p] & 128) == 0) {
                break;
            }
            shift += 7;
            p--;
            if (shift > 28) {
                return -1;
            }
        } while (true);
        return val;
    }

    /** Builds a listpack entry by entry, as lpAppend would. */
    public static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final long[] parsed = new long[1];
        private final byte[] scratch = new byte[9];
        private int count;

        public Builder() {
            for (int i = 0; i < HEADER_SIZE; i++) {
                out.write(0);
            }
        }

        public int count() {
            return count;
        }

        /** Bytes the finished listpack would take. */
        public int bytes() {
            return out.size() + 1;
        }

        /** The size an element would add (lpAppend's entry plus back-length). */
        public int entrySize(byte[] element) {
            if (element.length <= 20 && RdbNumbers.parseLong(element, 0, element.length, parsed)) {
                int n = intEncodingSize(parsed[0]);
                return n + backlenSize(n);
            }
            int n = stringHeaderSize(element.length) + element.length;
            return n + backlenSize(n);
        }

        public Builder add(byte[] element) {
            if (element.length <= 20 && RdbNumbers.parseLong(element, 0, element.length, parsed)) {
                return addInteger(parsed[0]);
            }
            int len = element.length;
            int header;
            if (len < 64) {
                out.write(0x80 | len);
                header = 1;
            } else if (len < 4096) {
                out.write(0xE0 | (len >>> 8));
                out.write(len & 0xff);
                header = 2;
            } else {
                out.write(0xF0);
                out.write(len & 0xff);
                out.write((len >>> 8) & 0xff);
                out.write((len >>> 16) & 0xff);
                out.write((len >>> 24) & 0xff);
                header = 5;
            }
            out.write(element, 0, len);
            writeBacklen(header + len);
            count++;
            return this;
        }

        public Builder add(String element) {
            return add(element.getBytes(StandardCharsets.UTF_8));
        }

        public Builder addInteger(long v) {
            int n;
            if (v >= 0 && v <= 127) {
                scratch[0] = (byte) v;
                n = 1;
            } else if (v >= -4096 && v <= 4095) {
                long u = v < 0 ? (1 << 13) + v : v;
                scratch[0] = (byte) ((u >>> 8) | 0xC0);
                scratch[1] = (byte) u;
                n = 2;
            } else if (v >= -32768 && v <= 32767) {
                scratch[0] = (byte) 0xF1;
                scratch[1] = (byte) v;
                scratch[2] = (byte) (v >>> 8);
                n = 3;
            } else if (v >= -8388608 && v <= 8388607) {
                scratch[0] = (byte) 0xF2;
                scratch[1] = (byte) v;
                scratch[2] = (byte) (v >>> 8);
                scratch[3] = (byte) (v >>> 16);
                n = 4;
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                scratch[0] = (byte) 0xF3;
                for (int i = 0; i < 4; i++) {
                    scratch[1 + i] = (byte) (v >>> (8 * i));
                }
                n = 5;
            } else {
                scratch[0] = (byte) 0xF4;
                for (int i = 0; i < 8; i++) {
                    scratch[1 + i] = (byte) (v >>> (8 * i));
                }
                n = 9;
            }
            out.write(scratch, 0, n);
            writeBacklen(n);
            count++;
            return this;
        }

        private void writeBacklen(int l) {
            if (l <= 127) {
                out.write(l);
            } else if (l < 16383) {
                out.write(l >>> 7);
                out.write((l & 127) | 128);
            } else if (l < 2097151) {
                out.write(l >>> 14);
                out.write(((l >>> 7) & 127) | 128);
                out.write((l & 127) | 128);
            } else if (l < 268435455) {
                out.write(l >>> 21);
                out.write(((l >>> 14) & 127) | 128);
                out.write(((l >>> 7) & 127) | 128);
                out.write((l & 127) | 128);
            } else {
                out.write(l >>> 28);
                out.write(((l >>> 21) & 127) | 128);
                out.write(((l >>> 14) & 127) | 128);
                out.write(((l >>> 7) & 127) | 128);
                out.write((l & 127) | 128);
            }
        }

        public byte[] build() {
            byte[] lp = out.toByteArray();
            lp = java.util.Arrays.copyOf(lp, lp.length + 1);
            lp[lp.length - 1] = (byte) EOF;
            int total = lp.length;
            lp[0] = (byte) total;
            lp[1] = (byte) (total >>> 8);
            lp[2] = (byte) (total >>> 16);
            lp[3] = (byte) (total >>> 24);
            int declared = Math.min(count, 65535);
            lp[4] = (byte) declared;
            lp[5] = (byte) (declared >>> 8);
            return lp;
        }

        private static int intEncodingSize(long v) {
            if (v >= 0 && v <= 127) {
                return 1;
            } else if (v >= -4096 && v <= 4095) {
                return 2;
            } else if (v >= -32768 && v <= 32767) {
                return 3;
            } else if (v >= -8388608 && v <= 8388607) {
                return 4;
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return 5;
            }
            return 9;
        }

        private static int stringHeaderSize(int len) {
            return len < 64 ? 1 : len < 4096 ? 2 : 5;
        }
    }
}
