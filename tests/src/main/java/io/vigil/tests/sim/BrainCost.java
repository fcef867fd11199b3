package io.vigil.tests.sim;

import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.BrainSettings;
import io.vigil.sentinel.core.HelloMessage;
import io.vigil.sentinel.core.Inbound;
import io.vigil.sentinel.core.InfoReport;
import io.vigil.sentinel.core.KnownSentinel;
import io.vigil.sentinel.core.MasterConfig;
import io.vigil.sentinel.core.Outbound;
import io.vigil.sentinel.core.PersistedMaster;
import io.vigil.sentinel.core.PersistedState;
import io.vigil.sentinel.core.PingReplyKind;
import io.vigil.sentinel.core.Ready;
import io.vigil.sentinel.core.SentinelBrain;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Timed sweep of the brain alone in steady state: one sentinel watching M masters (2 replicas and
 * 4 peer sentinels each), ticked at 10 Hz, every command answered at once with pre-parsed replies,
 * peers' hellos arriving every 2 s per master. Reports the brain's CPU per master per second of
 * monitored time (no parsing, no I/O: the cost of the decisions and bookkeeping only).
 */
public final class BrainCost {
    private BrainCost() {
    }

    public static void run(int masters, int seconds, PrintStream out) {
        // warm-up run for the JIT, then the measured one
        measure(masters, Math.min(seconds, 20));
        double nanosPerMasterSecond = measure(masters, seconds);
        out.printf("brain cost: %d masters, %d s monitored: %.1f us CPU per master per second (%.3f%% of one core"
                + " for 1000 masters)%n", masters, seconds, nanosPerMasterSecond / 1000.0,
                nanosPerMasterSecond * 1000 / 1e9 * 100);
    }

    static double measure(int masters, int seconds) {
        List<PersistedMaster> pms = new ArrayList<>();
        Map<Address, InfoReport> infos = new HashMap<>();
        List<HelloMessage> hellos = new ArrayList<>();
        String[] peers = new String[4];
        SplittableRandom r = new SplittableRandom(42);
        for (int p = 0; p < 4; p++) {
            peers[p] = String.format("%040x", r.nextLong() & Long.MAX_VALUE);
        }
        for (int g = 0; g < masters; g++) {
            Address m = SimWorld.nodeAddress(g, 0);
            Address r1 = SimWorld.nodeAddress(g, 1);
            Address r2 = SimWorld.nodeAddress(g, 2);
            List<KnownSentinel> ks = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                ks.add(new KnownSentinel(new Address("10.255.255." + (p + 2), 26379), peers[p]));
                hellos.add(new HelloMessage("10.255.255." + (p + 2), 26379, peers[p], 0, "m" + g, m.ip(), m.port(), 0));
            }
            pms.add(new PersistedMaster(new MasterConfig("m" + g, m, 3, 30_000, 180_000, 1, 0), 0, 0, List.of(r1, r2), ks));
            infos.put(m, InfoReport.master(String.format("%040x", g), List.of(r1, r2)));
            infos.put(r1, InfoReport.replica(String.format("%040x", g + 1_000_000L), m, true, null, 100, 1000));
            infos.put(r2, InfoReport.replica(String.format("%040x", g + 2_000_000L), m, true, null, 100, 1000));
        }
        long now = 1_000_000;
        SentinelBrain b = new SentinelBrain(BrainSettings.builder().build(), new PersistedState(null, 0, pms),
                new SplittableRandom(1), now);
        long t0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        List<Inbound> replies = new ArrayList<>();
        answer(b, b.ready(), infos, replies, true);
        int ticks = seconds * 10;
        int helloIndex = 0;
        for (int t = 0; t < ticks; t++) {
            now += 100;
            b.tick(now);
            answer(b, b.ready(), infos, replies, false);
            for (Inbound in : replies) {
                b.step(now, in);
            }
            replies.clear();
            answer(b, b.ready(), infos, replies, false);
            for (Inbound in : replies) {
                b.step(now, in);
            }
            replies.clear();
            // peers' hellos: 4 per master every 2 s, spread over the ticks
            int perTick = hellos.size() / 20;
            for (int h = 0; h < perTick; h++) {
                b.step(now, new Inbound.Hello(hellos.get(helloIndex++ % hellos.size())));
            }
            b.ready();
        }
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0;
        return (double) cpu / masters / seconds;
    }

    private static void answer(SentinelBrain b, Ready ready, Map<Address, InfoReport> infos, List<Inbound> replies,
                               boolean connect) {
        for (Outbound o : ready.commands()) {
            if (o instanceof Outbound.Connect c) {
                replies.add(new Inbound.LinkUp(c.target()));
            } else if (o instanceof Outbound.Ping p) {
                replies.add(new Inbound.PingReply(p.id(), PingReplyKind.PONG));
            } else if (o instanceof Outbound.Info i) {
                replies.add(new Inbound.InfoReply(i.id(), infos.get(i.target()), null));
            } else if (o instanceof Outbound.PublishHello h) {
                replies.add(new Inbound.PublishOk(h.id()));
            }
        }
    }
}
