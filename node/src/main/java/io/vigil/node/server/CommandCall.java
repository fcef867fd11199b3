package io.vigil.node.server;

import io.vigil.node.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution of a command: the arguments, the caller, the reply channel, and what the command
 * changed. Propagation to replicas and the AOF is decided from it after the command ran: by
 * default a write that made the dataset dirty propagates its own arguments; a command that must
 * be replicated differently (relative expiry, INCRBYFLOAT, SPOP, blocking pops) says so with
 * {@link #propagate(byte[][])}.
 */
public final class CommandCall {
    private final ClientSession session;
    private final CommandSpec spec;
    private final byte[][] argv;
    private final long nowMillis;
    private final RespWriter reply;
    private long dirty;
    private List<byte[][]> propagation;
    private boolean suppressPropagation;
    private boolean deferred;
    private boolean inTransaction;

    public CommandCall(ClientSession session, CommandSpec spec, byte[][] argv, long nowMillis, RespWriter reply) {
        this.session = session;
        this.spec = spec;
        this.argv = argv;
        this.nowMillis = nowMillis;
        this.reply = reply;
    }

    public ClientSession session() {
        return session;
    }

    public CommandSpec spec() {
        return spec;
    }

    public RespServer server() {
        return session.server();
    }

    public byte[][] argv() {
        return argv;
    }

    public int argc() {
        return argv.length;
    }

    public byte[] arg(int index) {
        return argv[index];
    }

    /** The argument as ISO-8859-1 text: byte-faithful, for option names and numbers. */
    public String text(int index) {
        return new String(argv[index], StandardCharsets.ISO_8859_1);
    }

    /** True when argument {@code index} equals {@code option}, ignoring ASCII case. */
    public boolean is(int index, String option) {
        byte[] a = argv[index];
        if (a.length != option.length()) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            int c = a[i] & 0xff;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            int o = Character.toLowerCase(option.charAt(i));
            if (c != o) {
                return false;
            }
        }
        return true;
    }

    /** The command's time, fixed for the whole call as Redis caches it per command. */
    public long nowMillis() {
        return nowMillis;
    }

    public RespWriter reply() {
        return reply;
    }

    /** Counts changes to the dataset (INFO's rdb_changes_since_last_save, propagation). */
    public void dirty(long changes) {
        dirty += changes;
    }

    public long dirty() {
        return dirty;
    }

    /** Replicates these commands instead of the call's own arguments; may be called several times. */
    public void propagate(byte[]... replacement) {
        if (propagation == null) {
            propagation = new ArrayList<>(2);
        }
        propagation.add(replacement);
    }

    /** Replicates nothing even though the call changed the dataset (e.g. a write on a writable replica). */
    public void suppressPropagation() {
        suppressPropagation = true;
    }

    /**
     * What goes to replicas and the AOF: the explicit replacement if any, else the call's own
     * arguments when it is a write that made the dataset dirty, else nothing.
     */
    public List<byte[][]> propagation() {
        if (suppressPropagation) {
            return List.of();
        }
        if (propagation != null) {
            return propagation;
        }
        if (dirty > 0 && spec.isWrite()) {
            return List.<byte[][]>of(argv);
        }
        return List.of();
    }

    /**
     * Put the request back at the head of the client's queue and run it again after the client is
     * unblocked (CLIENT PAUSE holds commands this way). The caller blocks the session.
     */
    public void defer() {
        deferred = true;
    }

    boolean deferred() {
        return deferred;
    }

    /**
     * True when EXEC runs this command from a transaction: blocking commands must not block then
     * (they answer as on timeout, as Redis's CLIENT_DENY_BLOCKING makes them).
     */
    public boolean inTransaction() {
        return inTransaction;
    }

    void markInTransaction() {
        inTransaction = true;
    }
}
