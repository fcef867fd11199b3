package io.vigil.tests.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 connection for the failover and switchover benchmarks. They need exact
 * control of timeouts and reconnects (a client library would retry or queue behind our back and
 * blur the figures), and no dependency, so that their scripts can compile them with javac alone.
 */
public final class BenchResp implements Closeable {
    /** An error reply ({@code -ERR ...}). */
    public record Error(String message) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final int port;

    public BenchResp(String host, int port, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        this.port = port;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        try {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Sends one command and reads its reply. */
    public Object call(String... args) throws IOException {
        send(args);
        return read();
    }

    void send(String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes(new byte[]{'\r', '\n'});
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** Strings for simple and bulk strings, Long for integers, List for arrays, null for nil. */
    Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                if (data.length < n + 2) {
                    throw new EOFException("connection closed");
                }
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply type " + (char) type);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c == '\r') {
                in.read();
                return sb.toString();
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
