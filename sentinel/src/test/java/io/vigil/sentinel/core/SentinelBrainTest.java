package io.vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentinelBrainTest {
    private static final String MASTER = "master mymaster 127.0.0.1 16379";
    private static final String R0 = "slave 127.0.0.1:16380 127.0.0.1 16380 @ mymaster 127.0.0.1 16379";
    private static final String R1 = "slave 127.0.0.1:16381 127.0.0.1 16381 @ mymaster 127.0.0.1 16379";

    // ---------------------------------------------------------------- detection

    @Test
    void startupAnnouncesMonitoredMastersAndConnects() {
        BrainFixture f = BrainFixture.standard();
        assertTrue(f.emitted("+monitor " + MASTER + " quorum 2"));
        assertEquals(5, f.sentOf(Outbound.Connect.class).size(), "master, 2 replicas, 2 sentinels");
        assertTrue(f.sentOf(Outbound.Connect.class).stream().filter(c -> c.target().port() >= 26380)
                .noneMatch(Outbound.Connect::pubsub), "sentinel links have no pub/sub connection");
    }

    @Test
    void masterIsSubjectivelyDownOnlyAfterDownAfter() {
        BrainFixture f = BrainFixture.standard();
        f.peerAnswer = (p, r) -> new IsMasterDownReply(false, null, 0);
        f.advance(2000);
        f.node(16379).alive = false;
        f.advance(4900);
        assertFalse(f.emitted("+sdown " + MASTER), "not before down-after");
        f.advance(1500);
        assertTrue(f.emitted("+sdown " + MASTER));
        assertTrue(f.master().hasFlag("s_down"));
    }

    @Test
    void downAfterCountsFromTheLinkDropWhenNoPingWasPending() {
        BrainFixture f = BrainFixture.standard();
        f.peerAnswer = (p, r) -> new IsMasterDownReply(false, null, 0);
        f.advance(2000);
        // the last PING was answered 900 ms ago (pings every second); now the connection drops
        f.advance(900);
        f.node(16379).alive = false;
        f.step(new Inbound.LinkDown(BrainFixture.M));
        f.advance(4800);
        assertFalse(f.emitted("+sdown " + MASTER), "down-after counts from the drop, as Redis's reconnect PING does");
        f.advance(400);
        assertTrue(f.emitted("+sdown " + MASTER));
    }

    @Test
    void loadingAndMasterdownRepliesKeepTheMasterUp() {
        BrainFixture f = BrainFixture.standard();
        f.node(16379).pingReply = PingReplyKind.LOADING;
        f.advance(20_000);
        f.node(16379).pingReply = PingReplyKind.MASTERDOWN;
        f.advance(20_000);
        assertEquals(0, f.count("+sdown"));
        f.node(16379).pingReply = PingReplyKind.OTHER;
        f.advance(7000);
        assertTrue(f.emitted("+sdown " + MASTER), "an error other than LOADING/MASTERDOWN is not a valid reply");
    }

    @Test
    void masterReportingReplicaForTooLongIsSubjectivelyDown() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        f.node(16379).master = false;
        f.node(16379).upstream = new Address("127.0.0.1", 16380);
        f.advance(11_000); // next INFO sees role:slave
        assertTrue(f.emitted("-role-change " + MASTER + " new reported role is slave"));
        assertFalse(f.emitted("+sdown " + MASTER));
        f.advance(5000 + 20_000 + 500);
        assertTrue(f.emitted("+sdown " + MASTER), "down after down-after + 2 x info-period reporting slave");
    }

    @Test
    void runIdChangeEmitsRebootAndRebootPeriodIsHonoured() {
        BrainFixture f = new BrainFixture(1, 2, 2, BrainFixture.defaultSettings(),
                BrainFixture.defaultConfig().withMasterRebootDownAfterPeriodMillis(2000));
        f.advance(1000);
        f.node(16379).runId = "ffffffffffffffffffffffffffffffffffffffff";
        f.node(16379).pingReply = PingReplyKind.LOADING;
        f.advance(11_000);
        assertTrue(f.emitted("+reboot " + MASTER));
        f.advance(3000);
        assertTrue(f.emitted("+sdown " + MASTER), "-LOADING after a reboot counts as down after the period");
    }

    @Test
    void odownNeedsQuorumReports() {
        BrainFixture f = new BrainFixture(1, 2, 3, BrainFixture.defaultSettings(), BrainFixture.defaultConfig());
        f.peerAnswer = (p, r) -> new IsMasterDownReply(p.equals(f.peers.get(0)), null, 0);
        f.advance(1000);
        f.node(16379).alive = false;
        f.advance(8000);
        assertTrue(f.emitted("+sdown " + MASTER));
        assertEquals(0, f.count("+odown"), "2 of 3 is below quorum");
        f.peerAnswer = (p, r) -> new IsMasterDownReply(true, null, 0);
        f.advance(500);
        assertTrue(f.emitted("+odown " + MASTER + " #quorum 3/3"));
    }

    @Test
    void peersAreAskedAtOnceOnSdownAndEvery100MillisUntilOdown() {
        BrainFixture f = BrainFixture.standard();
        f.peerAnswer = (p, r) -> new IsMasterDownReply(false, null, 0);
        f.advance(1000);
        f.node(16379).alive = false;
        f.advance(6000);
        int sdownAt = f.eventTypes().indexOf("+sdown");
        assertTrue(sdownAt >= 0);
        int before = f.sentOf(Outbound.AskMasterDown.class).size();
        assertTrue(before >= 2, "asked in the same tick SDOWN began");
        f.advance(1000);
        int perPeer = (f.sentOf(Outbound.AskMasterDown.class).size() - before) / 2;
        assertTrue(perPeer >= 9 && perPeer <= 11, "about every 100 ms, got " + perPeer);
        Outbound.AskMasterDown a = f.sentOf(Outbound.AskMasterDown.class).get(0);
        assertEquals(List.of(List.of("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "16379", "0", "*")), a.argv());
    }

    // ---------------------------------------------------------------- votes

    @Test
    void voteIsPersistedBeforeTheReplyLeaves() {
        BrainFixture f = BrainFixture.standard();
        f.persisted.clear();
        VoteAnswer v = f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 7, f.peers.get(0));
        Ready r = f.brain.ready();
        assertEquals(f.peers.get(0), v.leader());
        assertEquals(7, v.leaderEpoch());
        PersistedState p = r.persist().orElseThrow();
        assertEquals(7, p.currentEpoch());
        assertEquals(7, p.master("mymaster").leaderEpoch());
        assertTrue(r.events().stream().anyMatch(e -> e.message().equals("+vote-for-leader " + f.peers.get(0) + " 7")));
        assertTrue(r.events().stream().anyMatch(e -> e.message().equals("+new-epoch 7")));
    }

    @Test
    void voteIsNotGrantedTwiceInOneEpoch() {
        BrainFixture f = BrainFixture.standard();
        f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 3, f.peers.get(0));
        f.drain();
        VoteAnswer second = f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 3, f.peers.get(1));
        assertEquals(f.peers.get(0), second.leader());
        assertEquals(0, f.brain.ready().events().stream().filter(e -> e.type().equals("+vote-for-leader")).count());
    }

    @Test
    void restartedSentinelDoesNotVoteAgainInTheSameEpoch() {
        BrainFixture f = BrainFixture.standard();
        f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 4, f.peers.get(0));
        PersistedState disk = f.brain.ready().persist().orElseThrow();
        SentinelBrain restarted = new SentinelBrain(BrainFixture.defaultSettings(), disk, new SplittableRandom(9), f.now);
        restarted.ready();
        VoteAnswer v = restarted.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 4, f.peers.get(1));
        assertNull(v.leader(), "the leader's id is not persisted, but no new vote is cast");
        assertEquals(4, v.leaderEpoch());
        assertTrue(restarted.ready().events().stream().noneMatch(e -> e.type().equals("+vote-for-leader")));
    }

    @Test
    void tiltAnswersNotDownButStillVotes() {
        BrainFixture f = BrainFixture.standard();
        f.peerAnswer = (p, r) -> new IsMasterDownReply(false, null, 0);
        f.advance(1000);
        f.node(16379).alive = false;
        f.advance(7000);
        assertTrue(f.master().hasFlag("s_down"));
        f.now += 3000; // a pause
        f.brain.tick(f.now);
        f.drain();
        assertTrue(f.emitted("+tilt #tilt mode entered"));
        VoteAnswer v = f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 10, f.peers.get(0));
        assertFalse(v.down());
        assertEquals(f.peers.get(0), v.leader());
    }

    @Test
    void votingForAPeerHoldsOffOwnAttemptForTwiceTheFailoverTimeout() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        f.brain.isMasterDownByAddr(f.now, "127.0.0.1", 16379, 1, f.peers.get(0));
        f.drain();
        long votedAt = f.now;
        f.node(16379).alive = false;
        f.advance(10_000);
        assertTrue(f.master().hasFlag("o_down"));
        assertEquals(0, f.count("+try-failover"));
        long next = f.master().nextFailoverAttemptAtMillis();
        assertTrue(next >= votedAt + 120_000 && next < votedAt + 121_000, "next attempt queryable: " + (next - votedAt));
        f.advance(121_000);
        assertEquals(1, f.count("+try-failover"));
    }

    // ---------------------------------------------------------------- failover

    @Test
    void fullFailoverEmitsRedisEventsInOrderWithExactPayloads() {
        BrainFixture f = BrainFixture.standard();
        f.node(16380).offset = 500; // the best replica
        f.advance(2000);
        f.node(16379).alive = false;
        f.advance(8000);
        List<String> ev = f.eventMessages();
        List<String> expected = List.of(
                "+sdown " + MASTER,
                "+odown " + MASTER + " #quorum 2/2", // ODOWN as soon as the quorum is reached
                "+new-epoch 1",
                "+try-failover " + MASTER,
                "+vote-for-leader " + BrainFixture.MY_ID + " 1",
                "+elected-leader " + MASTER,
                "+failover-state-select-slave " + MASTER,
                "+selected-slave " + R0,
                "+failover-state-send-slaveof-noone " + R0,
                "+failover-state-wait-promotion " + R0,
                "+promoted-slave " + R0,
                "+failover-state-reconf-slaves " + MASTER,
                "+slave-reconf-sent " + R1,
                "+slave-reconf-inprog " + R1,
                "+slave-reconf-done " + R1,
                "+failover-end " + MASTER,
                "+switch-master mymaster 127.0.0.1 16379 127.0.0.1 16380",
                "+slave slave 127.0.0.1:16381 127.0.0.1 16381 @ mymaster 127.0.0.1 16380",
                "+slave slave 127.0.0.1:16379 127.0.0.1 16379 @ mymaster 127.0.0.1 16380");
        int at = 0;
        for (String e : ev) {
            if (at < expected.size() && e.equals(expected.get(at))) {
                at++;
            }
        }
        assertEquals(expected.size(), at, "missing " + (at < expected.size() ? expected.get(at) : "") + " in " + ev);
        assertEquals(new Address("127.0.0.1", 16380), f.brain.masterAddress("mymaster").orElseThrow());
        assertEquals(1, f.master().configEpoch());
        PersistedMaster pm = f.persisted.get(f.persisted.size() - 1).master("mymaster");
        assertEquals(new Address("127.0.0.1", 16380), pm.config().address());
        assertEquals(1, pm.configEpoch());
        assertTrue(pm.knownReplicas().contains(BrainFixture.M));
        assertTrue(f.node(16380).master);
        assertEquals(new Address("127.0.0.1", 16380), f.node(16381).upstream);
    }

    @Test
    void promotionIsTheRedisTransactionFollowedAtOnceByInfo() {
        BrainFixture f = BrainFixture.standard();
        f.advance(2000);
        f.node(16379).alive = false;
        f.advance(8000);
        Outbound.ReplicaOf promote = f.sentOf(Outbound.ReplicaOf.class).stream().filter(r -> r.newMaster() == null)
                .findFirst().orElseThrow();
        assertEquals(List.of(List.of("MULTI"), List.of("SLAVEOF", "NO", "ONE"), List.of("CONFIG", "REWRITE"),
                List.of("CLIENT", "KILL", "TYPE", "normal"), List.of("CLIENT", "KILL", "TYPE", "pubsub"),
                List.of("EXEC")), promote.argv());
        Outbound next = f.sent.get(f.sent.indexOf(promote) + 1);
        assertTrue(next instanceof Outbound.Info && next.target().equals(promote.target()));
        int promotedAt = f.eventTypes().indexOf("+promoted-slave");
        int sentAt = f.eventTypes().indexOf("+failover-state-wait-promotion");
        assertTrue(promotedAt > sentAt);
        // repointed at once: the SLAVEOF for the other replica follows in the same step
        assertEquals("+failover-state-reconf-slaves", f.eventTypes().get(promotedAt + 1));
        assertEquals("+slave-reconf-sent", f.eventTypes().get(promotedAt + 2));
    }

    @Test
    void leaderNeedsAMajorityOfEveryKnownSentinel() {
        BrainFixture f = new BrainFixture(1, 4, 2, BrainFixture.defaultSettings(), BrainFixture.defaultConfig());
        // two peers are dead: they still count as voters (5), quorum 2 is reached but majority 3 is not
        f.deadPeers.add(f.peers.get(2));
        f.deadPeers.add(f.peers.get(3));
        f.peerAnswer = (p, r) -> new IsMasterDownReply(true, p.equals(f.peers.get(0)) ? r.runId() : null,
                p.equals(f.peers.get(0)) ? r.epoch() : 0);
        f.advance(1000);
        f.node(16379).alive = false;
        f.advance(20_000);
        assertTrue(f.emitted("+try-failover " + MASTER));
        assertEquals(0, f.count("+elected-leader"));
        assertTrue(f.emitted("-failover-abort-not-elected " + MASTER));
    }

    @Test
    void noGoodReplicaAbortsTheFailover() {
        BrainFixture f = BrainFixture.standard();
        f.node(16380).priority = 0;
        f.node(16381).priority = 0;
        f.advance(12_000);
        f.node(16379).alive = false;
        f.advance(8000);
        assertTrue(f.emitted("-failover-abort-no-good-slave " + MASTER));
        assertEquals("replica-priority is 0",
                f.brain.ranking("mymaster", f.now).orElseThrow().excluded().get("127.0.0.1:16380").text());
        assertFalse(f.master().hasFlag("failover_in_progress"));
    }

    @Test
    void replicaThatNeverReportsMasterAbortsWithSlaveTimeout() {
        BrainFixture f = new BrainFixture(1, 2, 2, BrainFixture.defaultSettings(),
                BrainFixture.defaultConfig().withFailoverTimeoutMillis(10_000));
        f.node(16380).ignoresReplicaOf = true;
        f.advance(2000);
        f.node(16379).alive = false;
        f.advance(7000);
        assertTrue(f.emitted("+failover-state-wait-promotion " + R0));
        assertFalse(f.emitted("-failover-abort-slave-timeout " + MASTER));
        f.advance(11_000);
        assertTrue(f.emitted("-failover-abort-slave-timeout " + MASTER));
        assertFalse(f.master().hasFlag("failover_in_progress"));
        assertFalse(f.brain.replicas("mymaster", f.now).orElseThrow().get(0).hasFlag("promoted"));
    }

    @Test
    void parallelSyncsLimitsReplicasReconfiguredAtOnce() {
        BrainFixture f = new BrainFixture(4, 2, 2, BrainFixture.defaultSettings(), BrainFixture.defaultConfig());
        f.autoRespond = true;
        f.advance(2000);
        f.node(16379).alive = false;
        // replicas accept SLAVEOF but take a while to report the new master
        f.advance(6000);
        long sentBeforeDone = f.events.stream().takeWhile(e -> !e.type().equals("+slave-reconf-done"))
                .filter(e -> e.type().equals("+slave-reconf-sent")).count();
        assertEquals(1, sentBeforeDone, "parallel-syncs 1");
        assertEquals(3, f.count("+slave-reconf-sent"));
        assertTrue(f.emitted("+failover-end " + MASTER));
    }

    @Test
    void observerSwitchesOnHigherConfigEpochFromHello() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        f.step(new Inbound.Hello(new HelloMessage("127.0.0.1", 26380, f.peers.get(0), 5, "mymaster", "127.0.0.1",
                16381, 5)));
        assertTrue(f.emitted("+new-epoch 5"));
        assertTrue(f.emitted("+config-update-from sentinel " + f.peers.get(0) + " 127.0.0.1 26380 @ mymaster 127.0.0.1 16379"));
        assertTrue(f.emitted("+switch-master mymaster 127.0.0.1 16379 127.0.0.1 16381"));
        assertEquals(5, f.master().configEpoch());
        assertEquals(new Address("127.0.0.1", 16381), f.brain.masterAddress("mymaster").orElseThrow());
        Ready r = f.brain.ready();
        assertTrue(f.persisted.get(f.persisted.size() - 1).master("mymaster").configEpoch() == 5);
        assertTrue(r.events().isEmpty());
        // an older or equal epoch changes nothing
        f.step(new Inbound.Hello(new HelloMessage("127.0.0.1", 26381, f.peers.get(1), 5, "mymaster", "127.0.0.1",
                16379, 4)));
        assertEquals(new Address("127.0.0.1", 16381), f.brain.masterAddress("mymaster").orElseThrow());
    }

    @Test
    void helloFromAnUnknownSentinelAddsIt() {
        BrainFixture f = BrainFixture.standard();
        String id = "cccccccccccccccccccccccccccccccccccccccc";
        f.step(new Inbound.Hello(new HelloMessage("127.0.0.1", 26390, id, 0, "mymaster", "127.0.0.1", 16379, 0)));
        assertTrue(f.emitted("+sentinel sentinel " + id + " 127.0.0.1 26390 @ mymaster 127.0.0.1 16379"));
        assertEquals(3, f.master().numOtherSentinels());
        assertTrue(f.persisted.get(f.persisted.size() - 1).master("mymaster").knownSentinels()
                .contains(new KnownSentinel(new Address("127.0.0.1", 26390), id)));
    }

    @Test
    void returningOldMasterIsConvertedToAReplica() {
        BrainFixture f = BrainFixture.standard();
        f.advance(2000);
        f.node(16379).alive = false;
        f.advance(8000);
        assertTrue(f.emitted("+switch-master mymaster 127.0.0.1 16379 127.0.0.1 16380"));
        f.node(16379).alive = true; // comes back, still configured as master
        f.node(16379).master = true;
        f.node(16379).runId = "dddddddddddddddddddddddddddddddddddddddd";
        f.advance(30_000);
        assertTrue(f.emitted("+convert-to-slave slave 127.0.0.1:16379 127.0.0.1 16379 @ mymaster 127.0.0.1 16380"));
        assertFalse(f.node(16379).master);
        assertEquals(new Address("127.0.0.1", 16380), f.node(16379).upstream);
    }

    @Test
    void replicaFollowingTheWrongMasterIsFixed() {
        BrainFixture f = BrainFixture.standard();
        f.node(16381).upstream = new Address("127.0.0.1", 16999);
        f.advance(30_000);
        assertFalse(f.emitted("+fix-slave-config " + R1), "waits failover-timeout since the last change");
        f.advance(50_000);
        assertTrue(f.emitted("+fix-slave-config " + R1));
        assertEquals(BrainFixture.M, f.node(16381).upstream);
    }

    @Test
    void tickGapEntersTiltAndNothingActsUntilTheTiltPeriodEnds() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        f.now += 2500;
        f.node(16379).alive = false;
        f.advance(100);
        assertTrue(f.emitted("+tilt #tilt mode entered"));
        f.advance(29_000);
        assertEquals(0, f.count("+sdown"), "no SDOWN evaluation in TILT");
        f.advance(2000);
        assertTrue(f.emitted("-tilt #tilt mode exited"));
        f.advance(500);
        assertTrue(f.emitted("+sdown " + MASTER));
    }

    @Test
    void resetForgetsReplicasAndSentinelsOfMatchingMasters() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        assertEquals(0, f.brain.reset(f.now, "other*"));
        assertEquals(1, f.brain.reset(f.now, "my*"));
        f.drain();
        assertTrue(f.emitted("+reset-master " + MASTER));
        assertEquals(0, f.master().numOtherSentinels());
        f.advance(11_000);
        assertEquals(2, f.master().numSlaves(), "rediscovered from INFO");
    }

    @Test
    void manualFailoverNeedsNoAgreementAndRefusesASecondOne() {
        BrainFixture f = BrainFixture.standard();
        f.peerAnswer = (p, r) -> new IsMasterDownReply(false, null, 0);
        f.advance(12_000);
        assertTrue(f.brain.failover(f.now, "mymaster").ok());
        assertEquals("INPROG Failover already in progress", f.brain.failover(f.now, "mymaster").error());
        assertTrue(f.master().hasFlag("force_failover"));
        f.drain();
        f.advance(3000);
        assertTrue(f.emitted("+elected-leader " + MASTER));
        assertTrue(f.emitted("+switch-master mymaster 127.0.0.1 16379 127.0.0.1 16380"));
        assertEquals("ERR No such master with that name", f.brain.failover(f.now, "nope").error());
    }

    @Test
    void manualFailoverWithoutAGoodReplicaIsRefused() {
        BrainFixture f = BrainFixture.standard();
        f.node(16380).priority = 0;
        f.node(16381).priority = 0;
        f.advance(12_000);
        assertEquals("NOGOODSLAVE No suitable replica to promote", f.brain.failover(f.now, "mymaster").error());
    }

    @Test
    void ckquorumCountsUsableSentinels() {
        BrainFixture f = new BrainFixture(1, 4, 3, BrainFixture.defaultSettings(), BrainFixture.defaultConfig());
        f.advance(2000);
        assertEquals("OK 5 usable Sentinels. Quorum and failover authorization can be reached",
                f.brain.ckquorum("mymaster").orElseThrow().replyText());
        f.deadPeers.addAll(f.peers.subList(0, 3));
        f.advance(8000);
        assertEquals("NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the specified quorum for"
                        + " this master. Not enough available Sentinels to reach the majority and authorize a failover",
                f.brain.ckquorum("mymaster").orElseThrow().replyText());
    }

    @Test
    void instanceMapsHaveRedisFieldOrder() {
        BrainFixture f = BrainFixture.standard();
        f.advance(12_000);
        Map<String, String> m = f.master().fields();
        assertEquals(List.of("name", "ip", "port", "runid", "flags", "link-pending-commands", "link-refcount",
                "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "down-after-milliseconds", "info-refresh",
                "role-reported", "role-reported-time", "config-epoch", "num-slaves", "num-other-sentinels", "quorum",
                "failover-timeout", "parallel-syncs"), List.copyOf(m.keySet()));
        assertEquals("master", m.get("flags"));
        assertEquals("2", m.get("num-slaves"));
        InstanceView r = f.brain.replicas("mymaster", f.now).orElseThrow().get(0);
        assertEquals("slave", r.flags());
        assertEquals("ok", r.fields().get("master-link-status"));
        assertEquals("127.0.0.1:16380", r.fields().get("name"));
        InstanceView s = f.brain.sentinels("mymaster", f.now).orElseThrow().get(0);
        assertEquals("sentinel", s.flags());
        assertNotNull(s.fields().get("voted-leader"));
    }

    @Test
    void monitorSetAndRemoveManageMastersAtRuntime() {
        BrainFixture f = BrainFixture.standard();
        assertEquals("ERR Duplicate master name.", f.brain.monitor(f.now, MasterConfig.of("mymaster", "1.2.3.4", 1, 1)).error());
        assertTrue(f.brain.monitor(f.now, MasterConfig.of("other", "127.0.0.1", 17000, 1)).ok());
        f.drain();
        assertTrue(f.emitted("+monitor master other 127.0.0.1 17000 quorum 1"));
        assertTrue(f.brain.set(f.now, "other", "down-after-milliseconds", "1234").ok());
        assertEquals("ERR Invalid argument 'x' for SENTINEL SET 'quorum'", f.brain.set(f.now, "other", "quorum", "x").error());
        f.drain();
        assertTrue(f.emitted("+set master other 127.0.0.1 17000 down-after-milliseconds 1234"));
        assertEquals(1234, f.brain.master("other", f.now).orElseThrow().downAfterMillis());
        assertTrue(f.brain.remove(f.now, "other").ok());
        f.drain();
        assertTrue(f.emitted("-monitor master other 127.0.0.1 17000"));
        assertTrue(f.sentOf(Outbound.Disconnect.class).stream().anyMatch(d -> d.target().port() == 17000));
        assertTrue(f.brain.master("other", f.now).isEmpty());
        assertNull(f.persisted.get(f.persisted.size() - 1).master("other"));
    }

    @Test
    void pendingCommandsArePerLinkLimited() {
        BrainFixture f = BrainFixture.standard();
        f.advance(1000);
        f.autoRespond = false;
        f.node(16379).alive = false;
        f.advance(60_000);
        assertTrue(f.master().linkPendingCommands() <= 100);
    }

    @Test
    void failoverStartIsStaggeredByTheConfiguredDelay() {
        BrainSettings s = BrainFixture.defaultSettings().toBuilder().startDelayMillis(700, 700).build();
        BrainFixture f = new BrainFixture(2, 2, 2, s, BrainFixture.defaultConfig());
        f.advance(1000);
        f.node(16379).alive = false;
        long odownAt = -1;
        while (odownAt < 0) {
            f.advance(100);
            if (f.count("+odown") > 0) {
                odownAt = f.now;
            }
        }
        f.advance(600);
        assertEquals(0, f.count("+try-failover"));
        f.advance(200);
        assertEquals(1, f.count("+try-failover"));
    }

    @Test
    void myIdIsGeneratedAndPersistedOnFirstStart() {
        SentinelBrain b = new SentinelBrain(BrainSettings.builder().build(), PersistedState.empty(),
                new SplittableRandom(5), 0);
        assertEquals(40, b.myId().length());
        assertEquals(b.myId(), b.ready().persist().orElseThrow().myId());
    }
}
