package io.vigil.node.aof;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the commands of an AOF as loadSingleAppendOnlyFile does: {@code *argc}, then per argument
 * {@code $len}, the bytes and CRLF; lines starting with '#' are annotations. It tells a tail cut
 * short (truncated: the file ended inside a command) from a malformed one (bad format), and keeps
 * the offset just after the last complete command, where a truncated file is cut.
 */
public final class RespCommandReader {
    /** The file ended in the middle of a command. */
    public static final class Truncated extends Exception {
        Truncated() {
            super("unexpected end of file");
        }
    }

    private static final int LINE_MAX = 1024;
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long consumedBefore;
    private long lastCommandEnd;

    public RespCommandReader(InputStream in, long startOffset) {
        this.in = in;
        this.consumedBefore = startOffset;
        this.lastCommandEnd = startOffset;
    }

    /** Offset just after the last complete command (Redis's valid_up_to). */
    public long validUpTo() {
        return lastCommandEnd;
    }

    public long offset() {
        return consumedBefore + position;
    }

    private boolean fill() throws IOException {
        consumedBefore += position;
        position = 0;
        limit = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** A line up to and including '\n' (at most LINE_MAX bytes, like fgets); null at a clean EOF. */
    private String readLine(boolean atCommandStart) throws IOException, Truncated {
        StringBuilder line = new StringBuilder();
        while (line.length() < LINE_MAX) {
            int c = read();
            if (c < 0) {
                if (line.length() == 0 && atCommandStart) {
                    return null;
                }
                throw new Truncated();
            }
            line.append((char) c);
            if (c == '\n') {
                break;
            }
        }
        return line.toString();
    }

    /** The next command, or null at the end of the file. */
    public byte[][] next() throws IOException, Truncated, AofFormatException {
        while (true) {
            String line = readLine(true);
            if (line == null) {
                return null;
            }
            if (line.charAt(0) == '#') {
                // An annotation: skip the rest of the line if fgets cut it.
                while (!line.endsWith("\n")) {
                    line = readLine(false);
                }
                continue; // valid_up_to only moves after commands, as in Redis

            }
            if (line.charAt(0) != '*') {
                throw new AofFormatException("Bad file format");
            }
            if (line.length() == 1) {
                throw new Truncated();
            }
            long argc = atol(line, 1);
            if (argc < 1 || argc > Integer.MAX_VALUE / 2) {
                throw new AofFormatException("Bad file format");
            }
            byte[][] argv = new byte[(int) Math.min(argc, 1 << 20)][];
            for (int j = 0; j < argc; j++) {
                String header = readLine(false);
                if (header.charAt(0) != '$') {
                    throw new AofFormatException("Bad file format");
                }
                long len = atol(header, 1);
                if (len < 0 || len > Integer.MAX_VALUE - 16) {
                    throw new AofFormatException("Bad file format");
                }
                byte[] arg = new byte[(int) Math.min(len, 1 << 24)];
                int filled = 0;
                while (filled < len) {
                    if (filled == arg.length) {
                        arg = java.util.Arrays.copyOf(arg, (int) Math.min(len, (long) arg.length * 2));
                    }
                    if (position == limit && !fill()) {
                        throw new Truncated();
                    }
                    int n = Math.min(arg.length - filled, limit - position);
                    System.arraycopy(buffer, position, arg, filled, n);
                    position += n;
                    filled += n;
                }
                // Discard CRLF (Redis reads two bytes without checking them).
                if (read() < 0 || read() < 0) {
                    throw new Truncated();
                }
                if (j == argv.length) {
                    argv = java.util.Arrays.copyOf(argv, (int) Math.min(argc, (long) argv.length * 2));
                }
                argv[j] = arg;
            }
            lastCommandEnd = offset();
            return argv;
        }
    }

    /** strtol/atoi: digits after an optional sign, stopping at the first other character. */
    private static long atol(String line, int from) {
        int i = from;
        boolean negative = false;
        if (i < line.length() && (line.charAt(i) == '-' || line.charAt(i) == '+')) {
            negative = line.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < line.length() && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
            v = v * 10 + (line.charAt(i) - '0');
            if (v > Long.MAX_VALUE / 20) {
                return -1;
            }
            i++;
        }
        return negative ? -v : v;
    }
}
