package io.vigil.node.rdb;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes RDB primitives with Redis's exact encodings (rdbSaveLen, rdbSaveRawString with its
 * integer and LZF rules, rdbSaveMillisecondTime, rdbSaveBinaryDoubleValue) while keeping the
 * running CRC-64 of everything written, which is the file's trailing checksum.
 */
public final class RdbOutput {
    private final OutputStream out;
    private final boolean compression;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private final long[] parsed = new long[1];
    private long crc;
    private long written;

    /**
     * @param compression {@code rdbcompression}: LZF for strings longer than 20 bytes
     */
    public RdbOutput(OutputStream out, boolean compression) {
        this.out = out;
        this.compression = compression;
    }

    /** Bytes written so far (flushed or buffered). */
    public long written() {
        return written + position;
    }

    /** The CRC-64 of every byte written so far. */
    public long crc() {
        return Crc64.update(crc, buffer, 0, position);
    }

    public void flush() throws IOException {
        if (position > 0) {
            crc = Crc64.update(crc, buffer, 0, position);
            out.write(buffer, 0, position);
            written += position;
            position = 0;
        }
        out.flush();
    }

    private void drain() throws IOException {
        crc = Crc64.update(crc, buffer, 0, position);
        out.write(buffer, 0, position);
        written += position;
        position = 0;
    }

    public void writeByte(int b) throws IOException {
        if (position == buffer.length) {
            drain();
        }
        buffer[position++] = (byte) b;
    }

    public void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    public void write(byte[] data, int offset, int length) throws IOException {
        if (length >= buffer.length) {
            drain();
            crc = Crc64.update(crc, data, offset, length);
            out.write(data, offset, length);
            written += length;
            return;
        }
        if (buffer.length - position < length) {
            drain();
        }
        System.arraycopy(data, offset, buffer, position, length);
        position += length;
    }

    /** rdbSaveLen: 6-bit, 14-bit, 32-bit big-endian or 64-bit big-endian lengths. */
    public void writeLength(long length) throws IOException {
        if (length < (1 << 6)) {
            writeByte((int) length);
        } else if (length < (1 << 14)) {
            writeByte((int) ((length >>> 8) | 0x40));
            writeByte((int) (length & 0xff));
        } else if (length <= 0xffffffffL) {
            writeByte(0x80);
            writeByte((int) (length >>> 24));
            writeByte((int) (length >>> 16));
            writeByte((int) (length >>> 8));
            writeByte((int) length);
        } else {
            writeByte(0x81);
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (length >>> shift));
            }
        }
    }

    /**
     * rdbSaveRawString: a canonical integer of at most 11 characters that fits in 32 bits uses the
     * int8/16/32 encodings; longer than 20 bytes is LZF-compressed when enabled and it saves space;
     * otherwise length and raw bytes.
     */
    public void writeString(byte[] value) throws IOException {
        writeString(value, 0, value.length);
    }

    public void writeString(byte[] value, int offset, int length) throws IOException {
        if (length <= 11 && length > 0) {
            if (RdbNumbers.parseLong(value, offset, length, parsed) && writeEncodedInteger(parsed[0])) {
                return;
            }
        }
        if (compression && length > 20 && writeLzf(value, offset, length)) {
            return;
        }
        writeLength(length);
        write(value, offset, length);
    }

    /** A string holding the decimal form of {@code value} (rdbSaveLongLongAsStringObject). */
    public void writeIntegerString(long value) throws IOException {
        if (!writeEncodedInteger(value)) {
            byte[] text = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            writeLength(text.length);
            write(text);
        }
    }

    private boolean writeEncodedInteger(long value) throws IOException {
        if (value >= -(1 << 7) && value <= (1 << 7) - 1) {
            writeByte(0xC0 | RdbOpcodes.ENC_INT8);
            writeByte((int) value);
        } else if (value >= -(1 << 15) && value <= (1 << 15) - 1) {
            writeByte(0xC0 | RdbOpcodes.ENC_INT16);
            writeByte((int) value);
            writeByte((int) (value >>> 8));
        } else if (value >= -(1L << 31) && value <= (1L << 31) - 1) {
            writeByte(0xC0 | RdbOpcodes.ENC_INT32);
            writeByte((int) value);
            writeByte((int) (value >>> 8));
            writeByte((int) (value >>> 16));
            writeByte((int) (value >>> 24));
        } else {
            return false;
        }
        return true;
    }

    private byte[] lzfScratch = new byte[0];
    private byte[] lzfInput = new byte[0];

    private boolean writeLzf(byte[] value, int offset, int length) throws IOException {
        // rdbSaveLzfStringObject: the output must fit in length - 4 bytes or the string stays raw.
        int outLength = length - 4;
        if (lzfScratch.length < outLength + 1) {
            lzfScratch = new byte[Math.max(outLength + 1, Math.min(lzfScratch.length * 2, 1 << 20))];
        }
        byte[] input = value;
        if (offset != 0) {
            if (lzfInput.length < length) {
                lzfInput = new byte[length];
            }
            System.arraycopy(value, offset, lzfInput, 0, length);
            input = lzfInput;
        }
        int compressed = Lzf.compress(input, length, lzfScratch, outLength);
        if (compressed == 0) {
            return false;
        }
        writeByte(0xC0 | RdbOpcodes.ENC_LZF);
        writeLength(compressed);
        writeLength(length);
        write(lzfScratch, 0, compressed);
        return true;
    }

    /** 8-byte little-endian Unix milliseconds (EXPIRETIME_MS). */
    public void writeMillis(long millis) throws IOException {
        writeLongLE(millis);
    }

    public void writeLongLE(long value) throws IOException {
        for (int shift = 0; shift < 64; shift += 8) {
            writeByte((int) (value >>> shift));
        }
    }

    /** IEEE-754 little-endian (ZSET_2 scores). */
    public void writeBinaryDouble(double value) throws IOException {
        writeLongLE(Double.doubleToRawLongBits(value));
    }

    public void writeType(int type) throws IOException {
        writeByte(type);
    }

    /** An AUX field with a string value. */
    public void writeAux(String key, String value) throws IOException {
        writeByte(RdbOpcodes.OPCODE_AUX);
        writeString(key.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An AUX field with an integer value (rdbSaveAuxFieldStrInt). */
    public void writeAux(String key, long value) throws IOException {
        writeByte(RdbOpcodes.OPCODE_AUX);
        writeString(key.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeIntegerString(value);
    }
}
