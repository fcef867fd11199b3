package io.vigil.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands an {@code include} pattern like glob(3) with no flags: wildcards (*, ?, [..]) in any path
 * component, hidden names only matched by an explicit leading dot, results sorted; no match gives an
 * empty list (Redis then silently skips the include).
 */
public final class IncludeGlob {
    private IncludeGlob() {
    }

    /** True when Redis treats the include path as a pattern. */
    public static boolean isPattern(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
    }

    /** Existing paths matching {@code pattern}, resolved against {@code base}, sorted. */
    public static List<Path> expand(String pattern, Path base) {
        boolean absolute = pattern.startsWith("/");
        String[] parts = pattern.split("/+");
        List<Path> current = new ArrayList<>();
        current.add(absolute ? Path.of("/") : base);
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!isPattern(part)) {
                    Path p = dir.resolve(part);
                    if (Files.exists(p)) {
                        next.add(p);
                    }
                    continue;
                }
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                String matcherPattern = part.replace("[!", "[^");
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith(".") || part.startsWith("."))
                            .filter(n -> GlobMatcher.matches(matcherPattern, n, false))
                            .sorted()
                            .forEach(n -> next.add(dir.resolve(n)));
                } catch (IOException e) {
                    // Unreadable directory: glob(3) skips it.
                }
            }
            current = next;
        }
        return current;
    }
}
