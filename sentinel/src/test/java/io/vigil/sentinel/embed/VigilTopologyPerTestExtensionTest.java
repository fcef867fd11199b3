package io.vigil.sentinel.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@code @RegisterExtension} on an instance field: a fresh topology for each test, closed after it. */
class VigilTopologyPerTestExtensionTest {
    static final List<Path> dirs = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final VigilTopologyExtension vigil = new VigilTopologyExtension(
            VigilTopology.builder().replicas(0).sentinels(1).masterName("solo"));

    @Test
    void firstTestGetsItsOwnTopology(VigilTopology topology) {
        assertSame(vigil.topology(), topology);
        assertEquals(topology.nodes().get(0), topology.master());
        dirs.add(topology.directory());
    }

    @Test
    void secondTestGetsAnotherOne() {
        assertEquals("solo", vigil.topology().masterName());
        dirs.add(vigil.topology().directory());
    }

    @AfterAll
    static void eachTopologyWasClosedAfterItsTest() {
        assertEquals(2, dirs.size());
        assertNotEquals(dirs.get(0), dirs.get(1));
        for (Path d : dirs) {
            assertFalse(Files.exists(d), d + " still exists");
        }
    }
}
