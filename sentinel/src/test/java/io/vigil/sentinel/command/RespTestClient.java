package io.vigil.sentinel.command;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny blocking RESP2/RESP3 client for tests that must see reply shapes exactly: simple and bulk
 * strings become String, integers Long, arrays/sets/pushes List, maps LinkedHashMap, nulls null,
 * errors {@link Err}. {@link #raw} keeps the reply's first type byte too.
 */
public final class RespTestClient implements AutoCloseable {
    /** An error reply. */
    public record Err(String text) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Type byte of the last top-level reply ('+', '$', '*', '%', ...). */
    public char lastType;

    public RespTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public Object call(String... argv) throws IOException {
        send(argv);
        return read();
    }

    public void send(String... argv) throws IOException {
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
    }

    public Object read() throws IOException {
        int t = in.read();
        lastType = (char) t;
        return value(t);
    }

    private Object value(int t) throws IOException {
        String line = line();
        switch (t) {
            case '+':
                return line;
            case '-':
                return new Err(line);
            case ':':
                return Long.parseLong(line);
            case '_':
                return null;
            case '#':
                return line.equals("t");
            case ',':
                return Double.parseDouble(line);
            case '$':
            case '=': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] x = in.readNBytes(n);
                in.readNBytes(2);
                String s = new String(x, StandardCharsets.UTF_8);
                return t == '=' ? s.substring(4) : s;
            }
            case '*':
            case '~':
            case '>': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(value(in.read()));
                }
                return l;
            }
            case '%': {
                int n = Integer.parseInt(line);
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object k = value(in.read());
                    m.put(k, value(in.read()));
                }
                return m;
            }
            default:
                throw new IOException("unexpected type byte " + t);
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
        in.read();
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
