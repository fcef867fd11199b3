package io.vigil.tests.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documents and the example files agree with each other: relative links point at files that
 * exist, every metric the alert rules and the Grafana dashboard query is in the README's metrics
 * reference, and the dashboard is well-formed JSON with its panels where Grafana expects them.
 */
class DocsConsistencyTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(?:#([^)\\s]*))?\\)");
    private static final Pattern METRIC = Pattern.compile("\\b((?:vigil|redis)_[a-z0-9_]+)");
    private static final List<String> SERIES_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new AssertionError("repository root not found above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(root().resolve("README.md"));
        try (Stream<Path> s = Files.list(root().resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void relativeLinksPointAtExistingFilesAndHeadings() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher m = LINK.matcher(read(doc));
            while (m.find()) {
                String target = m.group(1);
                String anchor = m.group(2);
                if (target.contains("://") || target.startsWith("mailto:")) {
                    continue;
                }
                Path file = target.isEmpty() ? doc : doc.getParent().resolve(target).normalize();
                if (!Files.exists(file)) {
                    broken.add(root().relativize(doc) + " -> " + target);
                } else if (anchor != null && file.toString().endsWith(".md") && !anchors(file).contains(anchor)) {
                    broken.add(root().relativize(doc) + " -> " + target + "#" + anchor);
                }
            }
        }
        assertEquals(List.of(), broken, "links to missing files or headings");
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path markdown) throws IOException {
        Set<String> out = new TreeSet<>();
        boolean fenced = false;
        for (String line : read(markdown).split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (!fenced && line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(java.util.Locale.ROOT);
                out.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    /** The metric names of the README's metrics reference (first column of its tables). */
    static Set<String> documentedMetrics() throws IOException {
        String readme = read(root().resolve("README.md"));
        int start = readme.indexOf("## Metrics reference");
        assertTrue(start >= 0, "README has no '## Metrics reference' section");
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> names = new TreeSet<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher m = METRIC.matcher(line.substring(0, line.indexOf('|', 1)));
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** A series name as queried (histogram parts, too) to the family the README lists. */
    static String family(String series, Set<String> documented) {
        if (documented.contains(series)) {
            return series;
        }
        for (String suffix : SERIES_SUFFIXES) {
            if (series.endsWith(suffix)) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }

    private static Set<String> undocumentedIn(Path file) throws IOException {
        Set<String> documented = documentedMetrics();
        Set<String> missing = new TreeSet<>();
        Matcher m = METRIC.matcher(read(file));
        while (m.find()) {
            String name = m.group(1);
            if (!documented.contains(family(name, documented))) {
                missing.add(name);
            }
        }
        return missing;
    }

    @Test
    void alertRulesQueryOnlyDocumentedMetrics() throws IOException {
        assertEquals(Set.of(), undocumentedIn(root().resolve("conf/examples/vigil-alerts.yml")));
    }

    @Test
    void dashboardQueriesOnlyDocumentedMetrics() throws IOException {
        assertEquals(Set.of(), undocumentedIn(root().resolve("conf/examples/grafana-dashboard.json")));
    }

    @Test
    void dashboardIsAGrafanaDashboard() throws IOException {
        JsonNode d = new ObjectMapper().readTree(read(root().resolve("conf/examples/grafana-dashboard.json")));
        assertTrue(d.path("schemaVersion").asInt() >= 36, "a Grafana 9/10 schema version");
        assertTrue(d.path("uid").isTextual() && d.path("title").isTextual());
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode p : d.path("panels")) {
            assertTrue(ids.add(p.path("id").asInt()), "panel ids are unique: " + p.path("id"));
            JsonNode g = p.path("gridPos");
            assertTrue(g.path("w").asInt() > 0 && g.path("x").asInt() + g.path("w").asInt() <= 24,
                    "panel '" + p.path("title").asText() + "' fits the 24-column grid");
            for (JsonNode t : p.path("targets")) {
                assertTrue(t.path("expr").isTextual() && !t.path("expr").asText().isBlank(),
                        "panel '" + p.path("title").asText() + "' has a query");
            }
        }
        assertTrue(ids.size() >= 10, "the dashboard has panels");
    }

    @Test
    void exampleFilesNamedInTheOperationsGuideExist() throws IOException {
        List<String> missing = new ArrayList<>();
        Matcher m = Pattern.compile("`(conf/examples/[^`\\s]+)`").matcher(read(root().resolve("docs/operations.md")));
        while (m.find()) {
            if (!Files.exists(root().resolve(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        assertEquals(List.of(), missing);
    }
}
