package io.vigil.node.store;

import java.util.Arrays;

/**
 * Redis 7.0's HyperLogLog string (hyperloglog.c), byte for byte: a 16-byte header ("HYLL", the
 * encoding, three unused bytes, the cached cardinality little-endian with its top bit marking it
 * stale), then 16384 6-bit registers either dense (12288 bytes, packed from the least significant
 * bit) or sparse (ZERO, XZERO and VAL run-length opcodes). Elements hash with MurmurHash64A, seed
 * 0xadc83b19; the cardinality is Ertl's estimator computed with the same floating-point steps, so
 * a string built here is identical to Redis's for the same additions and counts the same.
 *
 * <p>An instance works on one string's bytes: {@link #wrap} uses the array as is (dense updates
 * happen in place); sparse updates may move to a larger array, see {@link #bytes()}.
 */
public final class HyperLogLog {
    public static final int HEADER = 16;
    static final int P = 14;
    static final int Q = 64 - P;
    public static final int REGISTERS = 1 << P;
    static final int P_MASK = REGISTERS - 1;
    static final int REGISTER_MAX = 63;
    public static final int DENSE_SIZE = HEADER + (REGISTERS * 6 + 7) / 8;
    public static final int DENSE = 0;
    public static final int SPARSE = 1;
    static final int SPARSE_VAL_MAX_VALUE = 32;
    static final int SPARSE_VAL_MAX_LEN = 4;
    static final int SPARSE_ZERO_MAX_LEN = 64;
    static final int SPARSE_XZERO_MAX_LEN = 16384;
    static final double ALPHA_INF = 0.721347520444481703680;

    private byte[] b;
    private int len;

    private HyperLogLog(byte[] bytes, int length) {
        this.b = bytes;
        this.len = length;
    }

    /** Works directly on {@code bytes[0, length)}; dense updates change that array. */
    public static HyperLogLog wrap(byte[] bytes, int length) {
        return new HyperLogLog(bytes, length);
    }

    /** createHLLObject: an empty sparse HLL (one XZERO opcode for all registers), cache valid at 0. */
    public static HyperLogLog createSparse() {
        int sparseLength = HEADER + ((REGISTERS + (SPARSE_XZERO_MAX_LEN - 1)) / SPARSE_XZERO_MAX_LEN) * 2;
        byte[] bytes = new byte[sparseLength + 3];
        bytes[0] = 'H';
        bytes[1] = 'Y';
        bytes[2] = 'L';
        bytes[3] = 'L';
        bytes[4] = SPARSE;
        int p = HEADER;
        int remaining = REGISTERS;
        while (remaining > 0) {
            int xzero = Math.min(SPARSE_XZERO_MAX_LEN, remaining);
            xzeroSet(bytes, p, xzero);
            p += 2;
            remaining -= xzero;
        }
        return new HyperLogLog(bytes, sparseLength);
    }

    /** The current array; only the first {@link #length()} bytes are the string. */
    public byte[] buffer() {
        return b;
    }

    public int length() {
        return len;
    }

    /** The string, exactly {@link #length()} bytes (a copy). */
    public byte[] bytes() {
        return Arrays.copyOf(b, len);
    }

    public int encoding() {
        return b[4] & 0xff;
    }

    /** isHLLObjectOrReply's checks on a string's bytes: magic, encoding and, for dense, the exact size. */
    public static boolean isValid(byte[] bytes, int length) {
        if (length < HEADER) {
            return false;
        }
        if (bytes[0] != 'H' || bytes[1] != 'Y' || bytes[2] != 'L' || bytes[3] != 'L') {
            return false;
        }
        int encoding = bytes[4] & 0xff;
        if (encoding > SPARSE) {
            return false;
        }
        return encoding != DENSE || length == DENSE_SIZE;
    }

    /** MurmurHash64A as Redis's (endian-neutral: 8-byte blocks read little-endian). */
    public static long murmurHash64A(byte[] key, int seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int length = key.length;
        long h = (seed & 0xffffffffL) ^ (length * m);
        int end = length - (length & 7);
        for (int i = 0; i < end; i += 8) {
            long k = (key[i] & 0xffL) | (key[i + 1] & 0xffL) << 8 | (key[i + 2] & 0xffL) << 16
                    | (key[i + 3] & 0xffL) << 24 | (key[i + 4] & 0xffL) << 32 | (key[i + 5] & 0xffL) << 40
                    | (key[i + 6] & 0xffL) << 48 | (key[i + 7] & 0xffL) << 56;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        switch (length & 7) {
            case 7:
                h ^= (key[end + 6] & 0xffL) << 48;
                // fall through
            case 6:
                h ^= (key[end + 5] & 0xffL) << 40;
                // fall through
            case 5:
                h ^= (key[end + 4] & 0xffL) << 32;
                // fall through
            case 4:
                h ^= (key[end + 3] & 0xffL) << 24;
                // fall through
            case 3:
                h ^= (key[end + 2] & 0xffL) << 16;
                // fall through
            case 2:
                h ^= (key[end + 1] & 0xffL) << 8;
                // fall through
            case 1:
                h ^= key[end] & 0xffL;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /** hllPatLen: the register index (low 32 bits) and the 000..1 run length (high 32 bits). */
    static long patLen(byte[] element) {
        long hash = murmurHash64A(element, 0xadc83b19);
        int index = (int) (hash & P_MASK);
        hash >>>= P;
        hash |= 1L << Q;
        long bit = 1;
        int count = 1;
        while ((hash & bit) == 0) {
            count++;
            bit <<= 1;
        }
        return ((long) count << 32) | index;
    }

    /** hllAdd: 1 when a register grew, 0 when not, -1 when the representation is corrupt. */
    public int add(byte[] element, long sparseMaxBytes) {
        long pat = patLen(element);
        int index = (int) pat;
        int count = (int) (pat >>> 32);
        return switch (encoding()) {
            case DENSE -> denseSet(index, count);
            case SPARSE -> sparseSet(index, count, sparseMaxBytes);
            default -> -1;
        };
    }

    // ---------------------------------------------------------------- dense

    private int denseGet(int regnum) {
        int byteIndex = HEADER + regnum * 6 / 8;
        int fb = regnum * 6 & 7;
        int b0 = b[byteIndex] & 0xff;
        // the last register peeks one byte past the registers: sds's terminator, zero
        int b1 = byteIndex + 1 < len ? b[byteIndex + 1] & 0xff : 0;
        return ((b0 >> fb) | (b1 << (8 - fb))) & REGISTER_MAX;
    }

    private void denseWrite(int regnum, int value) {
        int byteIndex = HEADER + regnum * 6 / 8;
        int fb = regnum * 6 & 7;
        int fb8 = 8 - fb;
        b[byteIndex] = (byte) ((b[byteIndex] & ~(REGISTER_MAX << fb)) | (value << fb));
        if (byteIndex + 1 < len) {
            b[byteIndex + 1] = (byte) ((b[byteIndex + 1] & ~(REGISTER_MAX >> fb8)) | (value >> fb8));
        }
    }

    /** hllDenseSet: raises the register to {@code count}; 1 when it grew. */
    private int denseSet(int index, int count) {
        if (count > denseGet(index)) {
            denseWrite(index, count);
            return 1;
        }
        return 0;
    }

    // ---------------------------------------------------------------- sparse

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    private static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    private int xzeroLen(int p) {
        int second = p + 1 < b.length ? b[p + 1] & 0xff : 0;
        return (((b[p] & 0x3f) << 8) | second) + 1;
    }

    private static int valValue(int op) {
        return ((op >> 2) & 0x1f) + 1;
    }

    private static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    private static void valSet(byte[] bytes, int p, int value, int length) {
        bytes[p] = (byte) (((value - 1) << 2 | (length - 1)) | 0x80);
    }

    private static void zeroSet(byte[] bytes, int p, int length) {
        bytes[p] = (byte) (length - 1);
    }

    private static void xzeroSet(byte[] bytes, int p, int length) {
        int l = length - 1;
        bytes[p] = (byte) ((l >> 8) | 0x40);
        bytes[p + 1] = (byte) (l & 0xff);
    }

    private void ensureRoom(int extra) {
        if (b.length < len + extra) {
            b = Arrays.copyOf(b, len + extra);
        }
    }

    /** hllSparseToDense: false when the sparse opcodes do not cover exactly 16384 registers. */
    public boolean sparseToDense() {
        if (encoding() == DENSE) {
            return true;
        }
        byte[] dense = new byte[DENSE_SIZE];
        System.arraycopy(b, 0, dense, 0, HEADER);
        dense[4] = DENSE;
        byte[] sparse = b;
        int end = len;
        b = dense;
        len = DENSE_SIZE;
        int idx = 0;
        int p = HEADER;
        while (p < end) {
            int op = sparse[p] & 0xff;
            if (isZero(op)) {
                idx += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                int second = p + 1 < sparse.length ? sparse[p + 1] & 0xff : 0;
                idx += (((op & 0x3f) << 8) | second) + 1;
                p += 2;
            } else {
                int runLength = valLen(op);
                int value = valValue(op);
                if (runLength + idx > REGISTERS) {
                    break;
                }
                while (runLength-- > 0) {
                    denseWrite(idx, value);
                    idx++;
                }
                p++;
            }
        }
        if (idx != REGISTERS) {
            b = sparse;
            len = end;
            return false;
        }
        return true;
    }

    /** hllSparseSet, including its in-place splits, the merge of equal VALs and the promotion to dense. */
    int sparseSet(int index, int count, long sparseMaxBytes) {
        if (count > SPARSE_VAL_MAX_VALUE) {
            return promote(index, count);
        }
        // the worst split (XZERO into XZERO-VAL-XZERO) needs 3 more bytes, and memmove reads one past the end
        ensureRoom(4);
        int sparse = HEADER;
        int p = sparse;
        int end = len;
        long first = 0;
        int prev = -1;
        long span = 0;
        while (p < end) {
            int op = b[p] & 0xff;
            int opLength = 1;
            if (isZero(op)) {
                span = zeroLen(op);
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(p);
                opLength = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += opLength;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = b[p] & 0xff;
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean zero = false;
        boolean xzero = false;
        boolean val = false;
        int runLength;
        if (isZero(op)) {
            zero = true;
            runLength = zeroLen(op);
        } else if (isXzero(op)) {
            xzero = true;
            runLength = xzeroLen(p);
        } else {
            val = true;
            runLength = valLen(op);
        }
        boolean updatedInPlace = false;
        if (val) {
            if (valValue(op) >= count) {
                return 0;
            }
            if (runLength == 1) {
                valSet(b, p, count, 1);
                updatedInPlace = true;
            }
        }
        if (!updatedInPlace && zero && runLength == 1) {
            valSet(b, p, count, 1);
            updatedInPlace = true;
        }
        if (!updatedInPlace) {
            byte[] seq = new byte[5];
            int n = 0;
            int last = (int) (first + span - 1);
            if (zero || xzero) {
                if (index != first) {
                    int length = (int) (index - first);
                    if (length > SPARSE_ZERO_MAX_LEN) {
                        xzeroSet(seq, n, length);
                        n += 2;
                    } else {
                        zeroSet(seq, n, length);
                        n++;
                    }
                }
                valSet(seq, n, count, 1);
                n++;
                if (index != last) {
                    int length = last - index;
                    if (length > SPARSE_ZERO_MAX_LEN) {
                        xzeroSet(seq, n, length);
                        n += 2;
                    } else {
                        zeroSet(seq, n, length);
                        n++;
                    }
                }
            } else {
                int current = valValue(op);
                if (index != first) {
                    valSet(seq, n, current, (int) (index - first));
                    n++;
                }
                valSet(seq, n, count, 1);
                n++;
                if (index != last) {
                    valSet(seq, n, current, last - index);
                    n++;
                }
            }
            int oldLength = xzero ? 2 : 1;
            int delta = n - oldLength;
            if (delta > 0 && len + delta > sparseMaxBytes) {
                return promote(index, count);
            }
            if (delta != 0 && next >= 0) {
                System.arraycopy(b, next, b, next + delta, end - next);
            }
            len += delta;
            System.arraycopy(seq, 0, b, p, n);
            end += delta;
        }
        // Step 4: merge adjacent VALs of equal value, looking at up to 5 opcodes from prev
        p = prev >= 0 ? prev : sparse;
        int scan = 5;
        while (p < end && scan-- != 0) {
            int current = b[p] & 0xff;
            if (isXzero(current)) {
                p += 2;
                continue;
            } else if (isZero(current)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(b[p + 1] & 0xff)) {
                int v1 = valValue(current);
                int v2 = valValue(b[p + 1] & 0xff);
                if (v1 == v2) {
                    int length = valLen(current) + valLen(b[p + 1] & 0xff);
                    if (length <= SPARSE_VAL_MAX_LEN) {
                        valSet(b, p + 1, v1, length);
                        // memmove(p, p+1, end-p) also moves sds's terminator
                        System.arraycopy(b, p + 1, b, p, Math.min(end - p, b.length - p - 1));
                        len--;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    private int promote(int index, int count) {
        if (!sparseToDense()) {
            return -1;
        }
        // Redis asserts the register grew: it must, sparse values stop at 32 and count exceeds them
        return denseSet(index, count);
    }

    // ---------------------------------------------------------------- cache and count

    public void invalidateCache() {
        b[15] |= (byte) 0x80;
    }

    public boolean validCache() {
        return (b[15] & 0x80) == 0;
    }

    public long cachedCardinality() {
        long card = 0;
        for (int i = 7; i >= 0; i--) {
            card = (card << 8) | (b[8 + i] & 0xff);
        }
        return card;
    }

    public void cacheCardinality(long card) {
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (card >>> (8 * i));
        }
    }

    /** hllCount; -1 when a sparse representation is corrupt. */
    public long count() {
        int[] histogram = new int[64];
        if (encoding() == DENSE) {
            for (int j = 0; j < REGISTERS; j++) {
                histogram[denseGet(j)]++;
            }
        } else {
            int idx = 0;
            int p = HEADER;
            while (p < len) {
                int op = b[p] & 0xff;
                if (isZero(op)) {
                    int run = zeroLen(op);
                    idx += run;
                    histogram[0] += run;
                    p++;
                } else if (isXzero(op)) {
                    int run = xzeroLen(p);
                    idx += run;
                    histogram[0] += run;
                    p += 2;
                } else {
                    int run = valLen(op);
                    idx += run;
                    histogram[valValue(op)] += run;
                    p++;
                }
            }
            if (idx != REGISTERS) {
                return -1;
            }
        }
        return estimate(histogram);
    }

    /** hllCount over raw registers (one byte each), for PFCOUNT of several keys. */
    public static long countRaw(byte[] registers) {
        int[] histogram = new int[64];
        for (int j = 0; j < REGISTERS; j++) {
            histogram[registers[j]]++;
        }
        return estimate(histogram);
    }

    /** Ertl's estimator ("New cardinality estimation algorithms for HyperLogLog sketches"), as Redis computes it. */
    private static long estimate(int[] histogram) {
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        double e = ALPHA_INF * m * m / z;
        // llroundl: halves away from zero
        double floor = Math.floor(e);
        return (long) (e - floor >= 0.5 ? floor + 1 : floor);
    }

    private static double sigma(double x) {
        if (x == 1.) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0. || x == 1.) {
            return 0.;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            // pow(d, 2) is correctly rounded in glibc, as is d * d
            z -= d * d * y;
        } while (zPrime != z);
        return z / 3;
    }

    /** hllMerge: max[i] = MAX(max[i], register i); false when a sparse representation is corrupt. */
    public boolean mergeInto(byte[] max) {
        if (encoding() == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int value = denseGet(i);
                if (value > max[i]) {
                    max[i] = (byte) value;
                }
            }
            return true;
        }
        int i = 0;
        int p = HEADER;
        while (p < len) {
            int op = b[p] & 0xff;
            if (isZero(op)) {
                i += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(p);
                p += 2;
            } else {
                int run = valLen(op);
                int value = valValue(op);
                if (run + i > REGISTERS) {
                    break;
                }
                while (run-- > 0) {
                    if (value > max[i]) {
                        max[i] = (byte) value;
                    }
                    i++;
                }
                p++;
            }
        }
        return i == REGISTERS;
    }

    /** PFMERGE's write of the merged registers: dense sets, or sparse sets that may promote midway. */
    public void setRegisters(byte[] max, long sparseMaxBytes) {
        for (int j = 0; j < REGISTERS; j++) {
            if (max[j] == 0) {
                continue;
            }
            if (encoding() == DENSE) {
                denseSet(j, max[j]);
            } else if (encoding() == SPARSE) {
                sparseSet(j, max[j], sparseMaxBytes);
            }
        }
    }

    /** Sets register {@code index} of a dense HLL to {@code value} (0..63), whatever it held (PFSELFTEST). */
    public void setRegister(int index, int value) {
        denseWrite(index, value);
    }

    /** The value of register {@code index} (PFDEBUG GETREG, tests); the HLL must be dense. */
    public int register(int index) {
        return denseGet(index);
    }
}
