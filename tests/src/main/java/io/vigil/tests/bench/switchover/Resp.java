package io.vigil.tests.bench.switchover;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 connection (the tests module ships no client library at runtime).
 * Replies: String for +simple and bulk (null for nil), Long for integers, List for arrays, and
 * {@link Error} for -errors.
 */
final class Resp implements Closeable {
    /** An error reply. */
    record Error(String text) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Resp(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    Object call(String... argv) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : argv) {
            byte[] x = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + x.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(x);
            b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(b.toByteArray());
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int t = in.read();
        if (t < 0) {
            throw new IOException("connection closed");
        }
        String line = line();
        switch (t) {
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
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(read());
                }
                return l;
            }
            default:
                throw new IOException("bad reply type " + (char) t);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            sb.append((char) c);
        }
        in.read(); // \n
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
