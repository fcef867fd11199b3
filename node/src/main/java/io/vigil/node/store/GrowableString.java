package io.vigil.node.store;

import java.util.Arrays;

/**
 * A string changed in place by APPEND or SETRANGE: Redis's "raw" encoding with spare capacity, so
 * that repeated appends are amortized O(1) as with sds. Plain strings stay bare {@code byte[]}.
 */
public final class GrowableString extends MutableValue {
    private byte[] buffer;
    private int length;
    /** Created whole by INCRBYFLOAT and never changed: Redis left it "embstr" (not int-encoded). */
    private boolean embedded;

    public GrowableString(byte[] initial) {
        this(initial, 0, initial.length);
    }

    public GrowableString(byte[] source, int offset, int length) {
        this.buffer = Arrays.copyOfRange(source, offset, offset + length);
        this.length = length;
    }

    /**
     * A string Redis would store unencoded (INCRBYFLOAT's result): reported as "embstr" up to 44
     * bytes even when it looks like an integer, "raw" beyond.
     */
    public static GrowableString unencoded(byte[] value) {
        GrowableString s = new GrowableString(value);
        s.embedded = value.length <= 44;
        return s;
    }

    public int length() {
        return length;
    }

    /** The backing array; only the first {@link #length()} bytes are the value. */
    public byte[] buffer() {
        return buffer;
    }

    /** The value as an exact-length array (a copy when there is spare capacity). */
    public byte[] toBytes() {
        return buffer.length == length ? buffer : Arrays.copyOf(buffer, length);
    }

    public void append(byte[] tail) {
        embedded = false;
        ensure((long) length + tail.length);
        System.arraycopy(tail, 0, buffer, length, tail.length);
        length += tail.length;
    }

    /** Overwrites from {@code offset}, zero-padding any gap, as SETRANGE. */
    public void setRange(int offset, byte[] value) {
        embedded = false;
        long end = (long) offset + value.length;
        ensure(end);
        System.arraycopy(value, 0, buffer, offset, value.length);
        if (end > length) {
            length = (int) end;
        }
    }

    private void ensure(long needed) {
        if (needed > buffer.length) {
            // sds's greedy growth: double below 1 MB, then add 1 MB.
            long capacity = needed < 1024 * 1024 ? needed * 2 : needed + 1024 * 1024;
            buffer = Arrays.copyOf(buffer, (int) Math.min(capacity, Integer.MAX_VALUE - 16));
        }
    }

    @Override
    public MutableValue copy() {
        GrowableString copy = new GrowableString(buffer, 0, length);
        copy.embedded = embedded;
        return copy;
    }

    @Override
    public String type() {
        return "string";
    }

    @Override
    public String encoding() {
        return embedded ? "embstr" : "raw";
    }
}
