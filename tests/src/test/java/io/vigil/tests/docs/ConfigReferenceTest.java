package io.vigil.tests.docs;

import io.vigil.conf.DirectiveFlag;
import io.vigil.conf.DirectiveSpec;
import io.vigil.conf.NodeDirectives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md against the node's directive registry: every directive the node knows has
 * a row with its aliases, Redis's default, whether CONFIG SET may change it and whether Vigil acts
 * on it; the generated table names no directive the node does not know. Failure messages carry the
 * expected row so the fix is a paste.
 */
class ConfigReferenceTest {
    private static final String BEGIN = "<!-- node-directives:begin";
    private static final String END = "<!-- node-directives:end";
    private static final Pattern FIRST_NAME = Pattern.compile("^`([^`]+)`");
    private static final Pattern ALIAS = Pattern.compile("\\(alias `([^`]+)`\\)");

    /** One table row: the cells between the pipes, trimmed. */
    private record Row(List<String> cells, boolean inRedisTable) {
        String cell(int i) {
            return i < cells.size() ? cells.get(i) : "";
        }
    }

    private static final Map<String, Row> ROWS = new LinkedHashMap<>();
    private static final List<String> DUPLICATES = new ArrayList<>();

    @BeforeAll
    static void readDoc() throws IOException {
        Path doc = locate("docs/configuration.md");
        boolean inRedisTable = false;
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            if (line.startsWith(BEGIN)) {
                inRedisTable = true;
            } else if (line.startsWith(END)) {
                inRedisTable = false;
            }
            if (!line.startsWith("| `")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String c : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
                cells.add(c.strip());
            }
            Matcher m = FIRST_NAME.matcher(cells.get(0));
            if (m.find()) {
                // "include <glob>" rows of the file-only table are keyed by their first word.
                String name = m.group(1).split(" ")[0];
                if (ROWS.put(name, new Row(cells, inRedisTable)) != null) {
                    DUPLICATES.add(name);
                }
            }
        }
    }

    /** Tests run in the tests module; the docs live at the repository root. */
    private static Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(relative);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    private static String expectedDefault(DirectiveSpec s) {
        String rendered = s.render(s.defaultValue());
        return rendered.isEmpty() ? "`\"\"`" : "`" + rendered + "`";
    }

    private static String expectedSet(DirectiveSpec s) {
        return !s.mutable() ? "no" : s.has(DirectiveFlag.PROTECTED) ? "protected" : "yes";
    }

    private static String expectedVigil(DirectiveSpec s) {
        return s.actedOn() ? "acts on" : "ignored";
    }

    private static String expectedRow(DirectiveSpec s) {
        StringBuilder name = new StringBuilder("`" + s.name() + "`");
        for (String a : s.aliases()) {
            name.append(" (alias `").append(a).append("`)");
        }
        if (s.has(DirectiveFlag.HIDDEN)) {
            name.append(" (hidden)");
        }
        return "| " + name + " | " + expectedDefault(s) + " | <values> | " + expectedSet(s) + " | "
                + expectedVigil(s) + " | <notes> |";
    }

    @Test
    void everyNodeDirectiveHasARow() {
        List<String> missing = new ArrayList<>();
        for (DirectiveSpec s : NodeDirectives.registry().specs()) {
            if (!ROWS.containsKey(s.name())) {
                missing.add(expectedRow(s));
            }
        }
        assertTrue(missing.isEmpty(), "docs/configuration.md lacks these directives:\n" + String.join("\n", missing));
    }

    @Test
    void rowsShowTheRegistrysDefaultsAliasesAndStatus() {
        List<String> wrong = new ArrayList<>();
        for (DirectiveSpec s : NodeDirectives.registry().specs()) {
            Row row = ROWS.get(s.name());
            if (row == null) {
                continue; // reported by everyNodeDirectiveHasARow
            }
            List<String> aliases = new ArrayList<>();
            Matcher m = ALIAS.matcher(row.cell(0));
            while (m.find()) {
                aliases.add(m.group(1));
            }
            boolean ok = aliases.equals(s.aliases())
                    && row.cell(1).equals(expectedDefault(s))
                    && row.cell(3).equals(expectedSet(s))
                    && row.cell(4).equals(expectedVigil(s))
                    && row.cell(0).contains("(hidden)") == s.has(DirectiveFlag.HIDDEN);
            if (!ok) {
                wrong.add("has:    |" + String.join(" | ", row.cells()) + "|\nwanted: " + expectedRow(s));
            }
        }
        assertTrue(wrong.isEmpty(), "docs/configuration.md rows disagree with the registry:\n"
                + String.join("\n", wrong));
    }

    @Test
    void redisTableNamesOnlyDirectivesTheNodeKnows() {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Row> e : ROWS.entrySet()) {
            if (e.getValue().inRedisTable() && NodeDirectives.registry().lookup(e.getKey()).isEmpty()) {
                unknown.add(e.getKey());
            }
        }
        assertEquals(List.of(), unknown, "rows for directives the node does not know");
    }

    @Test
    void eachDirectiveHasOneRow() {
        assertEquals(List.of(), DUPLICATES, "directives with more than one row");
    }
}
