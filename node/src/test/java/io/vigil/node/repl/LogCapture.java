package io.vigil.node.repl;

import io.vigil.node.server.ServerLog;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Collects the process log lines written while a test runs (and still echoes them). */
final class LogCapture implements AutoCloseable {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    LogCapture() {
        ServerLog.get().redirect(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                buffer.write(b);
                System.out.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
                System.out.write(b, off, len);
            }
        });
    }

    synchronized String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    int count(String fragment) {
        String text = text();
        int count = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
            count++;
        }
        return count;
    }

    boolean has(String fragment) {
        return text().contains(fragment);
    }

    @Override
    public void close() {
        ServerLog.get().redirect(System.out);
    }
}
