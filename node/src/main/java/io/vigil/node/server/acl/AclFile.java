package io.vigil.node.server.acl;

import io.vigil.node.resp.InlineArgs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code aclfile}: one {@code user <name> <rules...>} per line. Loading is all or nothing and
 * reports every bad line in Redis's words; saving is atomic (temp file, fsync, rename).
 */
public final class AclFile {
    private AclFile() {
    }

    /** A file that could not be loaded; the message is what ACL LOAD replies after "ERR ". */
    public static final class LoadException extends Exception {
        public LoadException(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses the file into users without touching {@code users}; apply with {@link AclUsers#replaceAll}. */
    public static Map<String, AclUser> load(Path file, AclUsers users) throws LoadException {
        String content;
        try {
            content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new LoadException("Error loading ACLs, opening file '" + file + "': " + strerror(e));
        }
        Map<String, AclUser> loaded = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        StringBuilder errors = new StringBuilder();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[] raw = line.getBytes(StandardCharsets.ISO_8859_1);
            byte[][] argv = InlineArgs.split(raw, 0, raw.length);
            if (argv == null) {
                errors.append(file).append(':').append(lineNo).append(": unbalanced quotes in acl line. ");
                continue;
            }
            if (argv.length < 2 || !text(argv[0]).equals("user")) {
                errors.append(file).append(':').append(lineNo)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            String name = text(argv[1]);
            if (name.chars().anyMatch(c -> Character.isWhitespace(c) || c == 0)) {
                errors.append('\'').append(file).append(':').append(lineNo).append(": username '").append(name)
                        .append("' contains invalid characters. ");
                continue;
            }
            if (!seen.add(name)) {
                errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(lineNo)
                        .append(". ");
                continue;
            }
            List<String> rules = Arrays.stream(argv, 2, argv.length).map(AclFile::text).toList();
            try {
                loaded.put(name, users.parseUser(name, rules));
            } catch (AclSetUserException e) {
                errors.append(file).append(':').append(lineNo).append(": Error in applying operation '")
                        .append(e.rule()).append("': ").append(e.reason()).append(". ");
            }
        }
        if (errors.length() > 0) {
            errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was performed");
            throw new LoadException(errors.toString());
        }
        return loaded;
    }

    /** Writes every user as ACL LIST does, replacing the file atomically. */
    public static void save(Path file, AclUsers users) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : users.describeAll()) {
            out.append(line).append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.ISO_8859_1)));
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String strerror(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
