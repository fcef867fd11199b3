package io.vigil.node.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What Redis 7.0.15 itself says about its commands, captured from a real server's {@code COMMAND}
 * and {@code COMMAND DOCS} replies (RESP3, gzipped resources): key specs, tips, the
 * "movablekeys" flag and the documentation redis-cli uses for hints. Loaded on first use, so a
 * node that is never asked pays nothing at start.
 */
final class CommandCatalog {
    private static volatile CommandCatalog instance;

    /** COMMAND INFO entries by full name ("get", "config|get"). */
    private final Map<String, List<Object>> info = new HashMap<>();
    /** COMMAND DOCS entries by top-level name. */
    private final Map<String, Map<Object, Object>> docs = new HashMap<>();

    static CommandCatalog get() {
        CommandCatalog catalog = instance;
        if (catalog == null) {
            synchronized (CommandCatalog.class) {
                catalog = instance;
                if (catalog == null) {
                    catalog = new CommandCatalog();
                    instance = catalog;
                }
            }
        }
        return catalog;
    }

    @SuppressWarnings("unchecked")
    private CommandCatalog() {
        List<Object> commands = (List<Object>) RespTree.parse(resource("redis-7.0.15-command-info.resp3.gz"));
        for (Object entry : commands) {
            index((List<Object>) entry);
        }
        Map<Object, Object> all = (Map<Object, Object>) RespTree.parse(resource("redis-7.0.15-command-docs.resp3.gz"));
        for (Map.Entry<Object, Object> entry : all.entrySet()) {
            docs.put((String) entry.getKey(), (Map<Object, Object>) entry.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private void index(List<Object> entry) {
        info.put((String) entry.get(0), entry);
        for (Object sub : items(entry.get(9))) {
            index((List<Object>) sub);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = CommandCatalog.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            try (GZIPInputStream gzip = new GZIPInputStream(in)) {
                return gzip.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Redis's COMMAND INFO entry for a full name, or null. */
    List<Object> info(String fullName) {
        return info.get(fullName);
    }

    /** The tips set of a command (field 8), or null when Redis does not know it. */
    Object tips(String fullName) {
        List<Object> entry = info.get(fullName);
        return entry == null ? null : entry.get(7);
    }

    /** The key specs array (field 9), or null when Redis does not know it. */
    @SuppressWarnings("unchecked")
    List<Object> keySpecs(String fullName) {
        List<Object> entry = info.get(fullName);
        return entry == null ? null : items(entry.get(8));
    }

    /** The elements of an array or a set (Redis 7.0 sends tips, key specs and subcommands as sets). */
    @SuppressWarnings("unchecked")
    static List<Object> items(Object node) {
        return node instanceof RespTree.SetOf set ? set.items() : (List<Object>) node;
    }

    /** Whether Redis flags the command "movablekeys" (computed from its key specs). */
    boolean movableKeys(String fullName) {
        List<Object> entry = info.get(fullName);
        if (entry == null) {
            return false;
        }
        for (Object flag : ((RespTree.SetOf) entry.get(2)).items()) {
            if (flag instanceof RespTree.Status status && status.text().equals("movablekeys")) {
                return true;
            }
        }
        return false;
    }

    /** COMMAND DOCS entry of a top-level command, or null. */
    Map<Object, Object> docs(String name) {
        return docs.get(name);
    }
}
