package io.vigil.node;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A blocking RESP2/RESP3 test client that shows replies exactly: {@link #callRaw} returns the bytes
 * of one reply as text, {@link #call} a parsed value (simple and bulk strings as String, errors as
 * {@link Error}, integers Long, arrays List, maps Map, sets Set, pushes {@link Push}, null).
 */
public final class RawClient implements AutoCloseable {
    /** An error reply; text without the leading '-'. */
    public record Error(String text) {
    }

    /** A RESP3 push frame. */
    public record Push(List<Object> items) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public RawClient(int port) {
        this("127.0.0.1", port);
    }

    public RawClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] b = arg.getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(b);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return buf.toByteArray();
    }

    public void send(String... args) {
        sendRaw(encode(args));
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendRaw(String text) {
        sendRaw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public Object call(String... args) {
        send(args);
        return read();
    }

    public String callRaw(String... args) {
        send(args);
        return readRaw();
    }

    /** The next reply, parsed. */
    public Object read() {
        try {
            return parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next reply exactly as sent, as ISO-8859-1 text. */
    public String readRaw() {
        captured.reset();
        read();
        return captured.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the server closes the connection within the socket timeout (after any pending data). */
    public boolean closedByServer() {
        try {
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    public void timeoutMillis(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int next() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new IOException("connection closed by server");
        }
        captured.write(c);
        return c;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = next()) != '\r') {
            b.write(c);
        }
        next();
        return b.toString(StandardCharsets.UTF_8);
    }

    private Object parse() throws IOException {
        char type = (char) next();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case ',':
                return Double.parseDouble(line);
            case '#':
                return line.equals("t");
            case '_':
                return null;
            case '$':
            case '=': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = new byte[length];
                for (int i = 0; i < length; i++) {
                    data[i] = (byte) next();
                }
                next();
                next();
                String text = new String(data, StandardCharsets.UTF_8);
                return type == '=' ? text.substring(4) : text;
            }
            case '*':
            case '>': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(parse());
                }
                return type == '>' ? new Push(items) : items;
            }
            case '~': {
                int count = Integer.parseInt(line);
                Set<Object> items = new LinkedHashSet<>();
                for (int i = 0; i < count; i++) {
                    items.add(parse());
                }
                return items;
            }
            case '%': {
                int count = Integer.parseInt(line);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    Object key = parse();
                    map.put(key, parse());
                }
                return map;
            }
            default:
                throw new IOException("unexpected reply type '" + type + "' " + line);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
