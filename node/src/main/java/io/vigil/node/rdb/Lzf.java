package io.vigil.node.rdb;

/**
 * LZF as in Redis's bundled liblzf 3.6 (HLOG 16, VERY_FAST): RDB strings longer than 20 bytes are
 * stored compressed when that saves at least 4 bytes. The compressor follows lzf_c.c step by step,
 * so our compressed blobs are the ones Redis would write; the decompressor checks every back
 * reference, since a corrupt file must fail cleanly rather than read out of bounds.
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private Lzf() {
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * Compresses {@code in} into {@code out} (at most {@code out.length} bytes), returning the
     * compressed length, or 0 when it does not fit (the caller then stores the string raw).
     */
    public static int compress(byte[] in, int inLength, byte[] out, int outLength) {
        if (inLength == 0 || outLength == 0) {
            return 0;
        }
        // Slots hold position + 1 so that 0 means "never seen", as the C code's ref > in_data test.
        int[] htab = new int[HSIZE];
        int ip = 0;
        int op = 0;
        int inEnd = inLength;
        int outEnd = outLength;
        int lit = 0;
        op++; // start run
        int hval = ((in[ip] & 0xff) << 8) | (inLength > 1 ? in[ip + 1] & 0xff : 0);
        while (ip < inEnd - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = htab[slot] - 1;
            htab[slot] = ip + 1;
            int off;
            if (ref > 0 && (off = ip - ref - 1) < MAX_OFF && ip + 4 < inEnd
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
                int len = 2;
                int maxlen = inEnd - ip - len;
                if (maxlen > MAX_REF) {
                    maxlen = MAX_REF;
                }
                out[op - lit - 1] = (byte) (lit - 1); // stop run
                op -= lit == 0 ? 1 : 0; // undo run if length is zero
                if (op + 3 + 1 >= outEnd) {
                    return 0;
                }
                // The C code unrolls 16 unbounded steps first when maxlen > 16; keep its exact lengths.
                boolean mismatch = false;
                if (maxlen > 16) {
                    for (int k = 0; k < 16; k++) {
                        len++;
                        if (in[ref + len] != in[ip + len]) {
                            mismatch = true;
                            break;
                        }
                    }
                }
                if (!mismatch) {
                    do {
                        len++;
                    } while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2; // len is now #octets - 1
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >>> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inEnd - 2) {
                    break;
                }
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip + 1;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip + 1;
                ip++;
            } else {
                if (op >= outEnd) {
                    return 0;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1); // stop run
                    lit = 0;
                    op++; // start run
                }
            }
        }
        if (op + 3 > outEnd) {
            return 0;
        }
        while (ip < inEnd) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1); // end run
        op -= lit == 0 ? 1 : 0;
        return op;
    }

    /**
     * Decompresses exactly {@code outLength} bytes, failing on any reference outside the output
     * written so far or on a length mismatch (a corrupt RDB).
     */
    public static byte[] decompress(byte[] in, int inLength, int outLength) throws RdbFormatException {
        byte[] out = new byte[outLength];
        int ip = 0;
        int op = 0;
        while (ip < inLength) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) {
                ctrl++;
                if (op + ctrl > outLength) {
                    throw new RdbFormatException("Invalid LZF compressed string: output overflow");
                }
                if (ip + ctrl > inLength) {
                    throw new RdbFormatException("Invalid LZF compressed string: input overflow");
                }
                System.arraycopy(in, ip, out, op, ctrl);
                ip += ctrl;
                op += ctrl;
            } else {
                int len = ctrl >>> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (ip >= inLength) {
                    throw new RdbFormatException("Invalid LZF compressed string: input overflow");
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inLength) {
                        throw new RdbFormatException("Invalid LZF compressed string: input overflow");
                    }
                }
                ref -= in[ip++] & 0xff;
                len += 2;
                if (op + len > outLength) {
                    throw new RdbFormatException("Invalid LZF compressed string: output overflow");
                }
                if (ref < 0) {
                    throw new RdbFormatException("Invalid LZF compressed string: back reference before start");
                }
                // Overlapping copies repeat the pattern, so copy byte by byte.
                for (int i = 0; i < len; i++) {
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != outLength) {
            throw new RdbFormatException("Invalid LZF compressed string: expected " + outLength + " bytes, got " + op);
        }
        return out;
    }
}
