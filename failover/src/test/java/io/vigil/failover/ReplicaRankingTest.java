package io.vigil.failover;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaRankingTest {
    private static final RankingContext MASTER_DOWN = new RankingContext(true, 3000, 5000, 1000, 10_000);

    private static ReplicaCandidate r(String name, String runId, int prio, long offset) {
        return new ReplicaCandidate(name, runId, prio, offset, false, false, false, 100, 100, 0, false);
    }

    @Test
    void replicaWithPriorityZeroIsNeverPromoted() {
        Ranking k = ReplicaRanking.rank(List.of(r("a:1", "aa", 0, 999)), MASTER_DOWN);
        assertTrue(k.best().isEmpty());
        assertEquals(Exclusion.PRIORITY_ZERO, k.excluded().get("a:1"));
    }

    @Test
    void lowerPriorityWinsThenHigherOffsetThenSmallerRunId() {
        Ranking k = ReplicaRanking.rank(List.of(r("a:1", "bb", 100, 50), r("b:1", "aa", 10, 1), r("c:1", "cc", 100, 90),
                r("d:1", "AB", 100, 90), r("e:1", null, 100, 90)), MASTER_DOWN);
        assertEquals(List.of("b:1", "d:1", "c:1", "e:1", "a:1"), k.candidates().stream().map(ReplicaCandidate::name).toList());
    }

    @Test
    void everyExclusionKeepsItsReason() {
        List<ReplicaCandidate> in = List.of(
                new ReplicaCandidate("sdown:1", "a", 100, 0, true, false, false, 0, 0, 0, false),
                new ReplicaCandidate("odown:1", "a", 100, 0, false, true, false, 0, 0, 0, false),
                new ReplicaCandidate("disc:1", "a", 100, 0, false, false, true, 0, 0, 0, false),
                new ReplicaCandidate("ping:1", "a", 100, 0, false, false, false, 5001, 0, 0, false),
                new ReplicaCandidate("info:1", "a", 100, 0, false, false, false, 0, 5001, 0, false),
                new ReplicaCandidate("link:1", "a", 100, 0, false, false, false, 0, 0, 3000 + 50_001, false),
                new ReplicaCandidate("unknown:1", "a", 100, 0, false, false, false, 0, 0, 0, true),
                new ReplicaCandidate("ok:1", "a", 100, 0, false, false, false, 5000, 5000, 53_000, false));
        Ranking k = ReplicaRanking.rank(in, MASTER_DOWN);
        assertEquals(Exclusion.SUBJECTIVELY_DOWN, k.excluded().get("sdown:1"));
        assertEquals(Exclusion.OBJECTIVELY_DOWN, k.excluded().get("odown:1"));
        assertEquals(Exclusion.DISCONNECTED, k.excluded().get("disc:1"));
        assertEquals(Exclusion.STALE_PING, k.excluded().get("ping:1"));
        assertEquals(Exclusion.STALE_INFO, k.excluded().get("info:1"));
        assertEquals(Exclusion.MASTER_LINK_DOWN_TOO_LONG, k.excluded().get("link:1"));
        assertEquals(Exclusion.UNKNOWN_PRIORITY, k.excluded().get("unknown:1"));
        assertEquals("ok:1", k.best().orElseThrow().name());
    }

    @Test
    void infoMayBeOlderWhileTheMasterIsUp() {
        RankingContext up = new RankingContext(false, 0, 5000, 1000, 10_000);
        ReplicaCandidate c = new ReplicaCandidate("a:1", "a", 100, 0, false, false, false, 0, 29_000, 0, false);
        assertTrue(ReplicaRanking.rank(List.of(c), up).best().isPresent());
        assertTrue(ReplicaRanking.rank(List.of(c), MASTER_DOWN).best().isEmpty());
    }
}
