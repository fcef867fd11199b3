package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sample configs in conf/examples load without errors. */
class ExamplesTest {
    private static Path examples() {
        Path p = Path.of("examples");
        return Files.isDirectory(p) ? p : Path.of("conf/examples");
    }

    @Test
    void nodeExampleLoads() throws Exception {
        Path f = examples().resolve("node.conf").toAbsolutePath();
        NodeConfig c = ConfigLoader.loadFile(f, LoadOptions.defaults(f.getParent()), false).config();
        assertEquals("127.0.0.1 -::1", c.get("bind"));
        assertEquals("3600 1 300 100 60 10000", c.get("save"));
    }

    @Test
    void sentinelExampleLoadsInSentinelMode() throws Exception {
        Path f = examples().resolve("sentinel.conf").toAbsolutePath();
        LoadResult r = ConfigLoader.loadFile(f, LoadOptions.defaults(f.getParent()), true);
        assertEquals("26379", r.config().get("port"));
        assertEquals(java.util.List.of("monitor", "mymaster", "127.0.0.1", "6379", "2"),
                r.sentinelDirectives().get(0).args());
        assertEquals(5, r.sentinelDirectives().size());
    }
}
