package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper around the installed real redis-server 7.0.15: runs it (foreground, loopback, free
 * port) and talks RESP2 to it. Skips when the binary is absent, unless CI=true, where it fails.
 */
final class RealRedis implements AutoCloseable {
    private final Process process;
    final int port;

    private RealRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, "redis-server");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** Skips the calling test when redis-server is missing, except in CI where it must be there. */
    static String requireBinary() {
        String b = binary();
        if (b == null && "true".equals(System.getenv("CI"))) {
            fail("CI=true but redis-server is not installed");
        }
        Assumptions.assumeTrue(b != null, "redis-server not installed");
        return b;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Result of running redis-server to completion (config errors). */
    record Exit(int code, String stdout, String stderr) {
    }

    /** Runs redis-server with args expecting it to exit (bad config); bounded to 10 s. */
    static Exit runToExit(Path cwd, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(requireBinary());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("redis-server did not exit: " + cmd);
        }
        return new Exit(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    /** Starts redis-server on a free loopback port; extra args follow the optional config file. */
    static RealRedis start(Path cwd, String configFile, String... extra) throws Exception {
        String bin = requireBinary();
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(bin);
        if (configFile != null) {
            cmd.add(configFile);
        }
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--daemonize", "no",
                "--logfile", "", "--save", ""));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RealRedis r = new RealRedis(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                Object pong = r.call("PING");
                if ("PONG".equals(pong) || pong instanceof RespError) {
                    return r;
                }
            } catch (IOException e) {
                assertTrue(p.isAlive(), "redis-server exited early");
                p.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        r.close();
        throw new IllegalStateException("redis-server did not answer PING");
    }

    /** Sends one command; returns String (simple/bulk), Long, List, or a RespError. */
    Object call(String... args) throws IOException {
        return callAuthed(null, args);
    }

    /** Like {@link #call} on a connection that first runs AUTH {@code password} (when not null). */
    Object callAuthed(String password, String... args) throws IOException {
        try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            BufferedInputStream in = new BufferedInputStream(s.getInputStream());
            if (password != null) {
                send(s.getOutputStream(), "AUTH", password);
                read(in);
            }
            send(s.getOutputStream(), args);
            return read(in);
        }
    }

    private static void send(OutputStream out, String... args) throws IOException {
        {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String a : args) {
                byte[] bytes = a.getBytes(StandardCharsets.ISO_8859_1);
                b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                b.writeBytes(bytes);
                b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write(b.toByteArray());
            out.flush();
        }
    }

    /** A RESP error reply. */
    record RespError(String message) {
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
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
                byte[] data = in.readNBytes(len + 2);
                return new String(data, 0, len, StandardCharsets.ISO_8859_1);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            default:
                throw new IOException("bad reply type " + type);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
