package io.vigil.node.aof;

import io.vigil.node.resp.InlineArgs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The AOF manifest ({@code appendonly.aof.manifest}), as aof.c reads and writes it: one line per
 * file, {@code file <name> seq <n> type <b|h|i>}, base first, then history, then incremental files
 * in increasing sequence. Mutations return a copy so that the live manifest only changes once the
 * new one is safely on disk.
 */
public final class AofManifest {
    /** What a listed file is. */
    public enum Type {
        BASE('b'), HISTORY('h'), INCR('i');

        final char code;

        Type(char code) {
            this.code = code;
        }
    }

    /** One listed file. */
    public record Entry(String fileName, long seq, Type type) {
    }

    private Entry base;
    private final List<Entry> history = new ArrayList<>();
    private final List<Entry> incr = new ArrayList<>();
    private long baseSeq;
    private long incrSeq;

    public Entry base() {
        return base;
    }

    public List<Entry> history() {
        return List.copyOf(history);
    }

    public List<Entry> incr() {
        return List.copyOf(incr);
    }

    public boolean isEmpty() {
        return base == null && incr.isEmpty();
    }

    public AofManifest copy() {
        AofManifest copy = new AofManifest();
        copy.base = base;
        copy.history.addAll(history);
        copy.incr.addAll(incr);
        copy.baseSeq = baseSeq;
        copy.incrSeq = incrSeq;
        return copy;
    }

    /** The manifest's file name: {@code <appendfilename>.manifest}. */
    public static String fileName(String appendFilename) {
        return appendFilename + ".manifest";
    }

    /** The temporary incremental file used while AOF is being turned on. */
    public static String tempIncrName(String appendFilename) {
        return "temp-" + appendFilename + ".incr";
    }

    /** getNewBaseFileNameAndMarkPreAsHistory: the next base; the previous one becomes history. */
    public String newBase(String appendFilename, boolean rdbPreamble) {
        String name = appendFilename + "." + (++baseSeq) + ".base." + (rdbPreamble ? "rdb" : "aof");
        if (base != null) {
            history.add(new Entry(base.fileName(), base.seq(), Type.HISTORY));
        }
        base = new Entry(name, baseSeq, Type.BASE);
        return name;
    }

    /** getNewIncrAofName: the next incremental file, appended to the list. */
    public String newIncr(String appendFilename) {
        String name = appendFilename + "." + (++incrSeq) + ".incr.aof";
        incr.add(new Entry(name, incrSeq, Type.INCR));
        return name;
    }

    /** The last incremental file, creating one if there is none (getLastIncrAofName). */
    public String lastIncr(String appendFilename) {
        if (incr.isEmpty()) {
            return newIncr(appendFilename);
        }
        return incr.get(incr.size() - 1).fileName();
    }

    /**
     * markRewrittenIncrAofAsHistory: after a rewrite every incremental file but the one being
     * written (when AOF is on) becomes history.
     */
    public void markRewrittenIncrAsHistory(boolean keepLast) {
        int keep = keepLast && !incr.isEmpty() ? 1 : 0;
        while (incr.size() > keep) {
            Entry e = incr.remove(0);
            history.add(new Entry(e.fileName(), e.seq(), Type.HISTORY));
        }
    }

    /** Adds an old-style appendonly.aof as the base (aofUpgradePrepare). */
    public void upgradeBase(String appendFilename) {
        base = new Entry(appendFilename, 1, Type.BASE);
        baseSeq = 1;
    }

    public void clearHistory() {
        history.clear();
    }

    /** The text of the manifest (getAofManifestAsString). */
    public String render() {
        StringBuilder text = new StringBuilder();
        if (base != null) {
            line(text, base);
        }
        for (Entry e : history) {
            line(text, e);
        }
        for (Entry e : incr) {
            line(text, e);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, Entry e) {
        text.append("file ").append(quoteIfNeeded(e.fileName())).append(" seq ").append(e.seq()).append(" type ")
                .append(e.type().code).append('\n');
    }

    /** sdscatrepr when the name has characters sdssplitargs would not read back as one argument. */
    static String quoteIfNeeded(String name) {
        boolean needs = name.isEmpty();
        for (int i = 0; i < name.length() && !needs; i++) {
            char c = name.charAt(i);
            needs = c <= ' ' || c == '"' || c == '\'' || c == '\\' || c > '~';
        }
        if (!needs) {
            return name;
        }
        StringBuilder out = new StringBuilder("\"");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case 8 -> out.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** aofLoadManifestFromFile; an absent file is an empty manifest. */
    public static AofManifest load(Path file) throws IOException, AofFormatException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new AofManifest();
        }
        return parse(content);
    }

    public static AofManifest parse(byte[] content) throws AofFormatException {
        AofManifest manifest = new AofManifest();
        if (content.length == 0) {
            throw new AofFormatException("Found an empty AOF manifest");
        }
        long maxSeq = 0;
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            if (end == content.length) {
                // fgets without a newline at the end: Redis treats a missing '\n' as a too long line.
                throw new AofFormatException("The AOF manifest file contains too long line");
            }
            if (end - start > 1024) {
                throw new AofFormatException("The AOF manifest file contains too long line");
            }
            int lineStart = start;
            start = end + 1;
            if (content[lineStart] == '#') {
                continue;
            }
            int lineEnd = end;
            while (lineStart < lineEnd && isTrim(content[lineStart])) {
                lineStart++;
            }
            while (lineEnd > lineStart && isTrim(content[lineEnd - 1])) {
                lineEnd--;
            }
            if (lineEnd == lineStart) {
                throw new AofFormatException("Invalid AOF manifest file format");
            }
            byte[][] argv = InlineArgs.split(content, lineStart, lineEnd);
            if (argv == null || argv.length < 6 || argv.length % 2 != 0) {
                throw new AofFormatException("Invalid AOF manifest file format");
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int i = 0; i < argv.length; i += 2) {
                String key = new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                String value = new String(argv[i + 1], StandardCharsets.UTF_8);
                switch (key) {
                    case "file" -> {
                        name = value;
                        if (name.contains("/")) {
                            throw new AofFormatException("File can't be a path, just a filename");
                        }
                    }
                    case "seq" -> seq = atoll(value);
                    case "type" -> type = value.isEmpty() ? 0 : value.charAt(0);
                    default -> {
                        // unknown keys are allowed for forward compatibility
                    }
                }
            }
            if (name == null || seq == 0 || type == 0) {
                throw new AofFormatException("Invalid AOF manifest file format");
            }
            switch (type) {
                case 'b' -> {
                    if (manifest.base != null) {
                        throw new AofFormatException("Found duplicate base file information");
                    }
                    manifest.base = new Entry(name, seq, Type.BASE);
                    manifest.baseSeq = seq;
                }
                case 'h' -> manifest.history.add(new Entry(name, seq, Type.HISTORY));
                case 'i' -> {
                    if (seq <= maxSeq) {
                        throw new AofFormatException("Found a non-monotonic sequence number");
                    }
                    manifest.incr.add(new Entry(name, seq, Type.INCR));
                    manifest.incrSeq = seq;
                    maxSeq = seq;
                }
                default -> throw new AofFormatException("Unknown AOF file type");
            }
        }
        return manifest;
    }

    private static boolean isTrim(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** atoll: leading digits, 0 when none. */
    private static long atoll(String value) {
        int i = 0;
        boolean negative = false;
        if (i < value.length() && (value.charAt(i) == '-' || value.charAt(i) == '+')) {
            negative = value.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < value.length() && Character.isDigit(value.charAt(i))) {
            v = v * 10 + (value.charAt(i) - '0');
            i++;
        }
        return negative ? -v : v;
    }
}
