package io.vigil.tests.sim;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs every scripted scenario under {@code src/test/resources/scenarios}. With
 * {@code -Dscenario.rewrite=true} the files are rewritten with the actual output instead.
 */
class ScenarioSimTest {
    private static final Path DIR = Path.of("src", "test", "resources", "scenarios");

    @TestFactory
    Stream<DynamicTest> scenariosProduceTheirExpectedOutput() throws IOException {
        Path dir = Files.isDirectory(DIR) ? DIR : Path.of("tests").resolve(DIR);
        boolean rewrite = Boolean.getBoolean("scenario.rewrite");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String expected = Files.readString(p, StandardCharsets.UTF_8);
            String actual = new ScenarioRunner().run(expected);
            if (rewrite) {
                Files.writeString(p, actual, StandardCharsets.UTF_8);
            } else {
                assertEquals(expected, actual, "scenario " + p + " (rerun with -Dscenario.rewrite=true to update)");
            }
        }));
    }
}
