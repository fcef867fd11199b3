package io.vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parts of the brain that shorten the way from a dead master to an elected leader without
 * changing what is decided: the down-after deadline handed to the driver, the immediate re-ask of
 * peers that said "not down", and the ranked start delay.
 */
class FastFailoverTest {

    private static final String LAST_ID = "ffffffffffffffffffffffffffffffffffffffff";

    @Test
    void theNextDeadlineIsWhenDownAfterRunsOutFromTheLinkDrop() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        assertEquals(Long.MAX_VALUE, f.brain.nextDeadlineMillis(f.now), "no deadline while every instance answers");
        f.node(16379).alive = false;
        f.step(new Inbound.LinkDown(BrainFixture.M));
        long droppedAt = f.now;
        assertEquals(droppedAt + 5000 + 1, f.brain.nextDeadlineMillis(f.now));
        // Ticking exactly at the deadline marks SDOWN then, not at a later timer period.
        f.advance(4900);
        f.now = droppedAt + 5000;
        f.brain.tick(f.now);
        f.drain();
        assertEquals(0, f.count("+sdown"));
        f.now = droppedAt + 5001;
        f.brain.tick(f.now);
        f.drain();
        assertEquals(1, f.count("+sdown"));
        assertTrue(f.brain.nextDeadlineMillis(f.now) > f.now, "a deadline acted on is not reported again");
    }

    @Test
    void aPeerAskingAboutAMasterWeHoldDownIsAskedBackAtOnce() {
        BrainFixture f = BrainFixture.standard();
        boolean[] peersDown = {false};
        f.peerAnswer = (peer, req) -> new IsMasterDownReply(peersDown[0], null, 0);
        f.advance(1000);
        f.node(16379).alive = false;
        f.advance(6000);
        assertEquals(1, f.count("+sdown"));
        assertEquals(0, f.count("+odown"));
        // The peers reach SDOWN too; one of them asks us. Its question is the news: ask back now.
        peersDown[0] = true;
        int asksBefore = f.sentOf(Outbound.AskMasterDown.class).size();
        VoteAnswer a = f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 0, "*");
        assertTrue(a.down());
        f.drain();
        var asks = f.sentOf(Outbound.AskMasterDown.class);
        assertTrue(asks.size() >= asksBefore + 2);
        assertEquals(java.util.Set.of(f.peerAddress.get(f.peers.get(0)), f.peerAddress.get(f.peers.get(1))),
                java.util.Set.of(asks.get(asksBefore).target(), asks.get(asksBefore + 1).target()));
        assertEquals(null, asks.get(asksBefore).runId(), "a question, not a vote request");
        assertEquals(1, f.count("+odown"), "ODOWN without waiting for the next ask period");
    }

    @Test
    void peersThatAlreadySaidDownAreNotAskedBackSoTwoSentinelsShortOfQuorumDoNotBounce() {
        BrainFixture f = new BrainFixture(2, 2, 3, BrainFixture.defaultSettings(), BrainFixture.defaultConfig());
        String agreeing = f.peers.get(0);
        f.peerAnswer = (peer, req) -> new IsMasterDownReply(peer.equals(agreeing), null, 0);
        f.advance(1000);
        f.node(16379).alive = false;
        f.advance(6000);
        assertEquals(1, f.count("+sdown"));
        assertEquals(0, f.count("+odown"));
        int before = f.sent.size();
        f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 0, "*");
        f.drain();
        var asks = f.sent.subList(before, f.sent.size()).stream()
                .filter(o -> o instanceof Outbound.AskMasterDown).toList();
        assertEquals(1, asks.size());
        assertEquals(f.peerAddress.get(f.peers.get(1)), asks.get(0).target());
    }

    private static final BrainSettings RANK_STEP_300 = BrainFixture.defaultSettings().toBuilder()
            .startDelayMillis(0, 0).startDelayRankStepMillis(300).build();

    /** A fixture with the 300 ms rank step whose master dies; runs until ODOWN, returns its time. */
    private static BrainFixture killedMasterUntilOdown(String myId, boolean peersSayDown, long[] odownAt) {
        BrainFixture f = new BrainFixture(2, 2, 2, RANK_STEP_300, BrainFixture.defaultConfig(), myId);
        if (peersSayDown) {
            f.peerAnswer = (peer, req) -> new IsMasterDownReply(true, null, 0);
        }
        f.advance(1000);
        f.node(16379).alive = false;
        while (f.count("+odown") == 0) {
            f.advance(10);
        }
        odownAt[0] = f.now;
        return f;
    }

    @Test
    void aSentinelRankedBehindPeersThatSaidDownWaitsOneStepPerRank() {
        long[] at = new long[1];
        BrainFixture f = killedMasterUntilOdown(LAST_ID, true, at);
        long odownAt = at[0];
        // Both peers rank before us ("000...abc0" and "000...abc1" < "fff..."): 2 x 300 ms.
        // The driver is asked to wake for the first plan (one peer had answered), the plan then
        // moves back as the second peer's answer arrives.
        long wake = f.brain.takeWakeRequest();
        assertTrue(wake > odownAt - 10 + 300 && wake <= odownAt + 300, "first wake " + wake + ", odown " + odownAt);
        f.advance(10);
        wake = f.master().nextFailoverAttemptAtMillis();
        assertTrue(wake > odownAt - 10 + 600 && wake <= odownAt + 600, "planned start " + wake + ", odown " + odownAt);
        f.advance(wake - f.now - 20);
        assertEquals(0, f.count("+try-failover"));
        f.advance(40);
        assertEquals(1, f.count("+try-failover"));
    }

    @Test
    void theFirstRankedSentinelStartsAsSoonAsItSeesOdown() {
        BrainFixture f = killedMasterUntilOdown(BrainFixture.MY_ID, false, new long[1]);
        assertEquals(1, f.count("+try-failover"));
    }

    @Test
    void aVoteForAnEarlierRankedPeerCancelsOurPlannedStart() {
        BrainFixture f = killedMasterUntilOdown(LAST_ID, true, new long[1]);
        // The first-ranked peer starts and asks for our vote before our delay runs out.
        VoteAnswer v = f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 1, f.peers.get(0));
        f.drain();
        assertEquals(f.peers.get(0), v.leaderOrStar());
        f.advance(2000);
        assertEquals(0, f.count("+try-failover"));
    }

    /** Peers that vote for themselves in every epoch they are asked about (a three-way split). */
    private static void peersVoteForThemselves(BrainFixture f) {
        f.peerAnswer = (peer, req) -> new IsMasterDownReply(true, req.runId() == null ? null : peer,
                req.runId() == null ? 0 : req.epoch());
    }

    @Test
    void aProvablySplitVoteIsAbandonedAtOnceAndRetriedInANewEpoch() {
        BrainFixture f = BrainFixture.standard();
        peersVoteForThemselves(f);
        f.advance(1000);
        f.node(16379).alive = false;
        while (f.count("+try-failover") == 0) {
            f.advance(100);
        }
        long triedAt = f.now;
        while (f.count("-failover-abort-not-elected") == 0 && f.now - triedAt < 10_000) {
            f.advance(100);
        }
        assertTrue(f.now - triedAt <= 500, "abandoned " + (f.now - triedAt) + " ms after the start, not at the election timeout");
        // The peers now vote like real ones (first request of an epoch): the retry is elected.
        f.peerVotes.clear();
        f.peerLeader.clear();
        f.peerAnswer = (peer, req) -> {
            if (req.runId() == null) {
                return new IsMasterDownReply(true, null, 0);
            }
            Long last = f.peerVotes.get(peer);
            if (last == null || last < req.epoch()) {
                f.peerVotes.put(peer, req.epoch());
                f.peerLeader.put(peer, req.runId());
            }
            return new IsMasterDownReply(true, f.peerLeader.get(peer), f.peerVotes.get(peer));
        };
        long abortedAt = f.now;
        while (f.count("+elected-leader") == 0 && f.now - abortedAt < 10_000) {
            f.advance(100);
        }
        assertEquals(2, f.count("+try-failover"));
        assertEquals(1, f.count("+elected-leader"));
        assertTrue(f.now - abortedAt <= 500, "retried and elected " + (f.now - abortedAt) + " ms after the abort");
        assertTrue(f.emitted("+new-epoch 2"), "the retry runs in a new epoch");
    }

    @Test
    void repeatedSplitVotesFallBackToRedisHoldOff() {
        BrainFixture f = BrainFixture.standard();
        peersVoteForThemselves(f);
        f.advance(1000);
        f.node(16379).alive = false;
        f.advance(8000);
        // Two quick retries after the first split, then the third attempt waits for the election
        // timeout, and the next one for 2 x failover-timeout.
        assertEquals(SentinelBrain.MAX_SPLIT_VOTE_RETRIES + 1, f.count("+try-failover"));
        f.advance(10_000);
        assertEquals(SentinelBrain.MAX_SPLIT_VOTE_RETRIES + 1, f.count("-failover-abort-not-elected"));
        f.advance(60_000);
        assertEquals(SentinelBrain.MAX_SPLIT_VOTE_RETRIES + 1, f.count("+try-failover"));
        f.advance(60_000);
        assertEquals(SentinelBrain.MAX_SPLIT_VOTE_RETRIES + 2, f.count("+try-failover"));
    }

    private static Outbound.Info unansweredInfoToTheMaster(BrainFixture f) {
        f.advance(1000);
        f.autoRespond = false;
        f.advance(10_500);
        var infos = f.sentOf(Outbound.Info.class).stream().filter(i -> i.target().equals(BrainFixture.M)).toList();
        return infos.get(infos.size() - 1);
    }

    @Test
    void losingOnlyThePubsubConnectionKeepsTheRepliesToCommandsInFlight() {
        // The promotion transaction's CLIENT KILL TYPE pubsub closes our pub/sub connection to the
        // replica; the INFO pipelined behind the transaction must still confirm the promotion.
        BrainFixture f = BrainFixture.standard();
        Outbound.Info info = unansweredInfoToTheMaster(f);
        f.step(new Inbound.LinkDown(BrainFixture.M, false));
        assertTrue(f.master().flags().contains("disconnected"));
        f.step(new Inbound.InfoReply(info.id(), f.info(f.node(16379)), "role:master"));
        assertEquals(0, f.master().infoRefreshMillis(), "the reply was taken");
    }

    @Test
    void losingTheCommandConnectionDropsTheCommandsInFlight() {
        BrainFixture f = BrainFixture.standard();
        Outbound.Info info = unansweredInfoToTheMaster(f);
        long age = f.master().infoRefreshMillis();
        f.step(new Inbound.LinkDown(BrainFixture.M, true));
        f.step(new Inbound.InfoReply(info.id(), f.info(f.node(16379)), "role:master"));
        assertEquals(age, f.master().infoRefreshMillis(), "a reply for a lost connection is ignored");
    }
}
