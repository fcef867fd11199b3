package io.vigil.node.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients in MONITOR mode and Redis's replicationFeedMonitors: after a command runs (each of
 * EXEC's commands, then EXEC itself), every monitor receives
 * {@code +<seconds>.<micros> [<db> <ip:port>] "arg" ...} with sdscatrepr quoting. Admin and
 * skip-monitor commands are not shown, and passwords (AUTH, HELLO ... AUTH, MIGRATE ... AUTH/AUTH2)
 * are shown as {@code (redacted)}, as in Redis 7.0. The kernel looks at a single boolean before
 * calling in here, so nothing is paid while no monitor is attached.
 */
public final class Monitors {
    static final String REPLICA_REFUSAL = "ERR Replica can't interact with the keyspace";
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private final RespServer server;
    private final List<ClientSession> sessions = new ArrayList<>();

    Monitors(RespServer server) {
        this.server = server;
    }

    /** MONITOR: the client receives every command from now on. False when it already did. */
    public boolean add(ClientSession session) {
        if (sessions.contains(session)) {
            return false;
        }
        sessions.add(session);
        server.monitoring(true);
        return true;
    }

    /** RESET or disconnection: the client leaves monitor mode. */
    public void remove(ClientSession session) {
        if (sessions.remove(session) && sessions.isEmpty()) {
            server.monitoring(false);
        }
    }

    public boolean contains(ClientSession session) {
        return !sessions.isEmpty() && sessions.contains(session);
    }

    public int size() {
        return sessions.size();
    }

    /**
     * A monitor is a replica to Redis (CLIENT_SLAVE): commands that read, write or may replicate
     * are refused to it.
     */
    boolean refuses(ClientSession session, CommandSpec spec) {
        return (spec.isWrite() || spec.has(CommandFlag.READONLY) || spec.has(CommandFlag.MAY_REPLICATE))
                && contains(session);
    }

    /** Shows a command that just ran to every monitor. */
    void feed(ClientSession source, CommandSpec spec, byte[][] argv) {
        if (sessions.isEmpty() || spec.has(CommandFlag.ADMIN) || spec.has(CommandFlag.SKIP_MONITOR)) {
            return;
        }
        byte[] line = line(Instant.now(), source.db(), source.addr(), redacted(spec.fullName(), argv));
        ClientOutputLimits limits = server.outputLimits();
        boolean limited = limits.normalEnabled();
        for (ClientSession monitor : new ArrayList<>(sessions)) {
            if (monitor.isClosing()) {
                continue;
            }
            monitor.writer().raw(line);
            monitor.flushSoon();
            if (limited) {
                limits.enforce(monitor, server.nowMillis());
            }
        }
    }

    static byte[] line(Instant now, int db, String addr, byte[][] argv) {
        StringBuilder text = new StringBuilder(64 + argv.length * 16);
        long micros = now.getNano() / 1000;
        text.append('+').append(now.getEpochSecond()).append('.');
        String fraction = Long.toString(micros);
        text.append("000000", 0, 6 - fraction.length()).append(fraction);
        text.append(" [").append(db).append(' ').append(addr).append("] ");
        for (int i = 0; i < argv.length; i++) {
            if (i > 0) {
                text.append(' ');
            }
            Repr.append(text, argv[i], 0, argv[i].length);
        }
        text.append("\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The arguments as Redis shows them once its commands have redacted their secrets. */
    static byte[][] redacted(String command, byte[][] argv) {
        switch (command) {
            case "auth" -> {
                byte[][] copy = argv.clone();
                for (int i = 1; i < copy.length && i <= 2; i++) {
                    copy[i] = REDACTED;
                }
                return copy;
            }
            case "hello" -> {
                byte[][] copy = null;
                for (int j = 2; j < argv.length; j++) {
                    int more = argv.length - 1 - j;
                    if (is(argv[j], "auth") && more >= 2) {
                        copy = copy == null ? argv.clone() : copy;
                        copy[j + 1] = REDACTED;
                        copy[j + 2] = REDACTED;
                        j += 2;
                    } else if (is(argv[j], "setname") && more >= 1) {
                        j++;
                    } else {
                        break;
                    }
                }
                return copy == null ? argv : copy;
            }
            case "migrate" -> {
                byte[][] copy = null;
                for (int j = 6; j < argv.length; j++) {
                    int more = argv.length - 1 - j;
                    if (is(argv[j], "auth") && more >= 1) {
                        copy = copy == null ? argv.clone() : copy;
                        copy[++j] = REDACTED;
                    } else if (is(argv[j], "auth2") && more >= 2) {
                        copy = copy == null ? argv.clone() : copy;
                        copy[++j] = REDACTED;
                        copy[++j] = REDACTED;
                    } else if (is(argv[j], "keys")) {
                        break;
                    }
                }
                return copy == null ? argv : copy;
            }
            default -> {
                return argv;
            }
        }
    }

    private static boolean is(byte[] arg, String word) {
        return new String(arg, StandardCharsets.ISO_8859_1).equalsIgnoreCase(word);
    }
}
