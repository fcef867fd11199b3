package io.vigil.tests.sim;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwarmSimTest {
    @Test
    void fiveHundredSeededSwarmRunsKeepEveryInvariant() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        long bad = SimMain.sweep(1, 500, 2, out);
        assertEquals(0, bad, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSeedReplaysExactly() {
        RunResult a = SwarmRun.run(4242);
        RunResult b = SwarmRun.run(4242);
        assertEquals(a.events(), b.events());
        assertEquals(a.convergedAfterMillis(), b.convergedAfterMillis());
        assertEquals(a.promotions(), b.promotions());
        assertEquals(a.violations(), b.violations());
    }

    @Test
    void invariantCheckerCatchesADoubleVote() {
        // The checker must be able to fail: feed it a forged second vote from one sentinel.
        SimWorld w = new SimWorld(1, SwarmOptions.draw(1).spec());
        w.start();
        w.runFor(1000);
        SimSentinel s = w.sentinels.get(0);
        io.vigil.sentinel.core.SentinelEvent vote = new io.vigil.sentinel.core.SentinelEvent("+vote-for-leader",
                io.vigil.sentinel.core.EventLevel.WARNING, "aaaa 3", "mymaster", true);
        w.invariants.onEvent(s, vote);
        w.invariants.onEvent(s, new io.vigil.sentinel.core.SentinelEvent("+vote-for-leader",
                io.vigil.sentinel.core.EventLevel.WARNING, "bbbb 3", "mymaster", true));
        assertTrue(w.invariants.violations().stream().anyMatch(v -> v.contains("voted twice")));
    }
}
