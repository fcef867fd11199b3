package io.vigil.node.rdb;

/**
 * Redis's CRC-64 (Jones polynomial 0xad93d23594c935a9, reflected in and out, initial value 0, no
 * final xor): the checksum at the end of every RDB file and DUMP payload. Slicing-by-8, like
 * Redis's crcspeed, because it runs over every byte of a snapshot.
 */
public final class Crc64 {
    private static final long POLY_REFLECTED = 0x95AC9329AC4BC9B5L;
    private static final long[][] TABLES = new long[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            TABLES[0][n] = crc;
        }
        for (int n = 0; n < 256; n++) {
            long crc = TABLES[0][n];
            for (int k = 1; k < 8; k++) {
                crc = TABLES[0][(int) (crc & 0xff)] ^ (crc >>> 8);
                TABLES[k][n] = crc;
            }
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code length} bytes of {@code data} from {@code offset}. */
    public static long update(long crc, byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        long[] t0 = TABLES[0];
        while (end - i >= 8) {
            crc ^= (data[i] & 0xffL) | (data[i + 1] & 0xffL) << 8 | (data[i + 2] & 0xffL) << 16
                    | (data[i + 3] & 0xffL) << 24 | (data[i + 4] & 0xffL) << 32 | (data[i + 5] & 0xffL) << 40
                    | (data[i + 6] & 0xffL) << 48 | (data[i + 7] & 0xffL) << 56;
            crc = TABLES[7][(int) (crc & 0xff)] ^ TABLES[6][(int) ((crc >>> 8) & 0xff)]
                    ^ TABLES[5][(int) ((crc >>> 16) & 0xff)] ^ TABLES[4][(int) ((crc >>> 24) & 0xff)]
                    ^ TABLES[3][(int) ((crc >>> 32) & 0xff)] ^ TABLES[2][(int) ((crc >>> 40) & 0xff)]
                    ^ TABLES[1][(int) ((crc >>> 48) & 0xff)] ^ t0[(int) (crc >>> 56)];
            i += 8;
        }
        while (i < end) {
            crc = t0[(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
            i++;
        }
        return crc;
    }

    public static long update(long crc, int b) {
        return TABLES[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    public static long of(byte[] data) {
        return update(0, data, 0, data.length);
    }
}
