package io.vigil.tests.sim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The brain must stay pure: no clocks, threads, sockets, unseeded randomness or Netty. */
class PurityGuardTest {
    private static final List<String> FORBIDDEN = List.of("System.currentTimeMillis", "System.nanoTime", "Instant.now",
            "Thread.sleep", "new Thread", "Executor", "Math.random", "ThreadLocalRandom", "new Random(", "io.netty",
            "io.lettuce", "java.net.", "java.nio.channels", "LocalDateTime.now", "Clock.");

    @Test
    void brainPackagesUseNoClockThreadSocketOrUnseededRandomness() throws IOException {
        Path root = Files.isDirectory(Path.of("..", "quorum")) ? Path.of("..") : Path.of(".");
        List<String> bad = new ArrayList<>();
        for (String dir : List.of("quorum/src/main/java", "failover/src/main/java",
                "sentinel/src/main/java/io/vigil/sentinel/core")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(p);
                    for (String f : FORBIDDEN) {
                        if (text.contains(f)) {
                            bad.add(p + ": " + f);
                        }
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }
}
