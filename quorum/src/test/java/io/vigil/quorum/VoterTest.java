package io.vigil.quorum;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoterTest {
    @Test
    void voteIsNotGrantedTwiceInOneEpoch() {
        VoteDecision first = Voter.vote(0, Ballot.NONE, 5, "a");
        assertTrue(first.granted());
        assertEquals(new Ballot("a", 5), first.ballot());
        VoteDecision second = Voter.vote(first.currentEpoch(), first.ballot(), 5, "b");
        assertFalse(second.granted());
        assertEquals("a", second.ballot().leader(), "the reply carries the vote already cast");
    }

    @Test
    void higherRequestEpochIsAdoptedAndMustBePersisted() {
        VoteDecision d = Voter.vote(3, Ballot.NONE, 9, "a");
        assertTrue(d.epochAdvanced());
        assertEquals(9, d.currentEpoch());
        assertTrue(d.mustPersist());
    }

    @Test
    void olderEpochRequestIsRefusedUnderRedisRuleButNotPerMaster() {
        // current epoch 9 came from another master's election; this master never voted beyond 4
        Ballot stored = new Ballot("x", 4);
        assertFalse(Voter.vote(9, stored, 7, "a").granted());
        VoteDecision perMaster = Voter.vote(9, stored, 7, "a", true);
        assertTrue(perMaster.granted());
        assertEquals(new Ballot("a", 7), perMaster.ballot());
        assertEquals(9, perMaster.currentEpoch(), "the current epoch never goes back");
    }

    @Test
    void voteAfterRestartWithOnlyTheEpochPersistedIsStillRefused() {
        // sentinel.conf keeps leader-epoch, not the leader: the restarted voter must not vote again
        Ballot restored = new Ballot(null, 6);
        assertFalse(Voter.vote(6, restored, 6, "b", true).granted());
        assertFalse(Voter.vote(6, restored, 6, "b", false).granted());
    }

    @Test
    void randomRequestSequencesNeverYieldTwoVotesPerEpoch() {
        SplittableRandom r = new SplittableRandom(1234);
        for (int run = 0; run < 2000; run++) {
            boolean perMaster = r.nextBoolean();
            long current = r.nextInt(5);
            Ballot b = Ballot.NONE;
            java.util.Map<Long, String> granted = new java.util.HashMap<>();
            for (int i = 0; i < 30; i++) {
                long epoch = r.nextInt(12);
                String cand = "s" + r.nextInt(4);
                VoteDecision d = Voter.vote(current, b, epoch, cand, perMaster);
                assertTrue(d.currentEpoch() >= current, "current epoch only grows");
                assertTrue(d.ballot().leaderEpoch() >= b.leaderEpoch(), "ballot epoch only grows");
                if (d.granted()) {
                    assertEquals(null, granted.put(d.ballot().leaderEpoch(), cand), "second vote in one epoch");
                }
                current = d.currentEpoch();
                b = d.ballot();
            }
        }
    }
}
