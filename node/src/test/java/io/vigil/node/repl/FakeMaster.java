package io.vigil.node.repl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted master for fault tests: answers the handshake with +OK, PSYNC with +FULLRESYNC, then
 * sends whatever the test's payload says and optionally closes. Counts the connections it got.
 */
final class FakeMaster implements AutoCloseable {
    interface Script {
        void afterFullResync(OutputStream out, Socket socket) throws IOException;
    }

    private final ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;

    FakeMaster(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    serve(socket, script);
                } catch (IOException ignored) {
                    // next connection
                }
            }
        }, "fake-master");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private static void serve(Socket socket, Script script) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        RespReader reader = new RespReader(in);
        while (true) {
            String[] command = reader.command();
            if (command == null) {
                return;
            }
            String name = command[0].toUpperCase();
            if (name.equals("PING")) {
                out.write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (name.equals("PSYNC") || name.equals("SYNC")) {
                out.write("+FULLRESYNC 0123456789012345678901234567890123456789 100\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                script.afterFullResync(out, socket);
                return;
            } else {
                out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        }
    }

    /** Reads multibulk commands from the replica. */
    static final class RespReader {
        private final InputStream in;

        RespReader(InputStream in) {
            this.in = in;
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return null;
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            return s.toString();
        }

        String[] command() throws IOException {
            String header = line();
            if (header == null) {
                return null;
            }
            if (!header.startsWith("*")) {
                return header.isEmpty() ? command() : header.split(" ");
            }
            int n = Integer.parseInt(header.substring(1));
            String[] args = new String[n];
            for (int i = 0; i < n; i++) {
                int len = Integer.parseInt(line().substring(1));
                byte[] data = in.readNBytes(len + 2);
                args[i] = new String(data, 0, len, StandardCharsets.UTF_8);
            }
            return args;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
