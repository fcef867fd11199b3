package io.vigil.sentinel.embed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal blocking RESP2 client for the topology's readiness checks and the CLI. It has no
 * threads, no reconnection and no logging, so a dead node costs one bounded connect and nothing
 * reaches stderr. Replies: String for simple and bulk strings, Long, List, null, and
 * {@link RespError} for error replies (returned, not thrown: callers such as the status table show
 * them).
 */
public final class RespClient implements AutoCloseable {
    /** An error reply, e.g. {@code -IDONTKNOW No such master with that name}. */
    public record RespError(String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects within {@code timeout}; reads then wait at most {@code timeout} each. */
    public static RespClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return new RespClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Changes the read timeout; zero waits forever (a subscriber following events). */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Sends one command and reads its reply. */
    public Object call(String... args) throws IOException {
        send(args);
        return read();
    }

    /** Sends one command without reading (SUBSCRIBE-style commands answer with several pushes). */
    public void send(String... args) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append('*').append(args.length).append("\r\n");
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one reply. */
    public Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RespError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(len);
                if (data.length < len || in.read() < 0 || in.read() < 0) {
                    throw new EOFException("connection closed");
                }
                return new String(data, StandardCharsets.UTF_8);
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
                throw new IOException("unexpected reply type '" + (char) type + "'");
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                int n = in.read();
                if (n == '\n') {
                    return b.toString(StandardCharsets.UTF_8);
                }
                b.write(c);
                if (n < 0) {
                    break;
                }
                b.write(n);
            } else {
                b.write(c);
            }
        }
        throw new EOFException("connection closed");
    }

    /** A flat field/value array reply (SENTINEL MASTER) as an ordered map; empty for anything else. */
    public static Map<String, String> pairs(Object reply) {
        Map<String, String> m = new LinkedHashMap<>();
        if (reply instanceof List<?> l) {
            for (int i = 0; i + 1 < l.size(); i += 2) {
                m.put(String.valueOf(l.get(i)), String.valueOf(l.get(i + 1)));
            }
        }
        return m;
    }

    /** INFO text as field/value pairs (section headers and blank lines skipped). */
    public static Map<String, String> infoFields(String info) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                m.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return m;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release beyond the socket
        }
    }
}
