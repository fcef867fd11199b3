package io.vigil.sentinel.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vigil.node.metrics.Prometheus;
import io.vigil.sentinel.core.CkQuorum;
import io.vigil.sentinel.core.InfoCacheEntry;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.core.SentinelBrain;
import io.vigil.sentinel.observe.FailoverRecord;
import io.vigil.sentinel.observe.FailoverTracker;
import io.vigil.sentinel.runtime.SentinelDaemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The point-in-time series, built from the brain's views at scrape time on the event loop (the
 * brain is not thread-safe): redis_exporter's sentinel gauges with its names and labels
 * ({@code master_name}, {@code master_address}), then Vigil's per-master gauges labelled by master
 * name only (addresses change at every failover; they appear only in the {@code _info} series).
 */
final class SentinelStateCollector implements MultiCollector {
    private final SentinelDaemon daemon;
    private final FailoverMetrics failovers;

    SentinelStateCollector(SentinelDaemon daemon, FailoverMetrics failovers) {
        this.daemon = daemon;
        this.failovers = failovers;
    }

    @Override
    public MetricSnapshots collect() {
        try {
            return Prometheus.onLoop(daemon.server().eventLoop(), this::build);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private MetricSnapshots build() {
        SentinelBrain brain = daemon.brain();
        if (brain == null) {
            return new MetricSnapshots();
        }
        long now = daemon.now();
        List<InstanceView> masters = brain.masters(now);

        var mastersGauge = new Prometheus.Gauges("redis_sentinel_masters", "The number of masters this sentinel is watching")
                .add(masters.size());
        var tilt = new Prometheus.Gauges("redis_sentinel_tilt", "Sentinel is in TILT mode").add(brain.tilt() ? 1 : 0);
        var running = new Prometheus.Gauges("redis_sentinel_running_scripts", "Number of scripts in execution right now")
                .add(daemon.runningScripts());
        var queue = new Prometheus.Gauges("redis_sentinel_scripts_queue_length", "Queue of user scripts to execute")
                .add(daemon.scriptsQueueLength());
        var simulate = new Prometheus.Gauges("redis_sentinel_simulate_failure_flags", "Failures simulations")
                .add(daemon.simulateFlags());
        var status = new Prometheus.Gauges("redis_sentinel_master_status", "Master status on Sentinel");
        var slaves = new Prometheus.Gauges("redis_sentinel_master_slaves", "The number of slaves of the master");
        var sentinels = new Prometheus.Gauges("redis_sentinel_master_sentinels",
                "The number of sentinels monitoring this master");
        var okSlaves = new Prometheus.Gauges("redis_sentinel_master_ok_slaves", "The number of okay slaves of the master");
        var okSentinels = new Prometheus.Gauges("redis_sentinel_master_ok_sentinels",
                "The number of okay sentinels monitoring this master");
        var ckquorum = new Prometheus.Gauges("redis_sentinel_master_ckquorum_status", "Master ckquorum status");
        var quorum = new Prometheus.Gauges("redis_sentinel_master_setting_ckquorum",
                "Show the current ckquorum config for each master");
        var failoverTimeout = new Prometheus.Gauges("redis_sentinel_master_setting_failover_timeout",
                "Show the current failover-timeout config for each master");
        var parallelSyncs = new Prometheus.Gauges("redis_sentinel_master_setting_parallel_syncs",
                "Show the current parallel-syncs config for each master");
        var downAfter = new Prometheus.Gauges("redis_sentinel_master_setting_down_after_milliseconds",
                "Show the current down-after-milliseconds config for each master");
        var configEpoch = new Prometheus.Gauges("redis_sentinel_master_config_epoch", "Master config epoch");
        var lastOkPing = new Prometheus.Gauges("redis_sentinel_master_last_ok_ping_reply_seconds",
                "Seconds since the master last replied to a PING with a valid reply");

        var sdown = new Prometheus.Gauges("vigil_sentinel_master_sdown", "1 when this sentinel sees the master subjectively down");
        var odown = new Prometheus.Gauges("vigil_sentinel_master_odown", "1 when the master is objectively down (quorum agreed)");
        var inProgress = new Prometheus.Gauges("vigil_sentinel_failover_in_progress",
                "1 while a failover of this master runs on this sentinel");
        var nextAttempt = new Prometheus.Gauges("vigil_sentinel_next_failover_attempt_timestamp_seconds",
                "When this sentinel may start the next failover attempt of the master (0: no attempt pending)");
        var paused = new Prometheus.Gauges("vigil_sentinel_paused",
                "1 while the master is in maintenance mode (no automatic failover)");
        var pausedUntil = new Prometheus.Gauges("vigil_sentinel_paused_until_timestamp_seconds",
                "When the master's maintenance pause ends (0: not paused)");
        var known = new Prometheus.Gauges("vigil_sentinel_known_sentinels",
                "Sentinels known for this master, this one included");
        var reachable = new Prometheus.Gauges("vigil_sentinel_reachable_sentinels",
                "Sentinels not subjectively down for this master, this one included");
        var quorumReachable = new Prometheus.Gauges("vigil_sentinel_quorum_reachable",
                "1 when enough sentinels are reachable for the quorum and a failover majority");
        var replicaLag = new Prometheus.Gauges("vigil_sentinel_replica_lag_bytes",
                "The master's replication offset minus the replica's, as of their last INFO");
        var replicaLinkDown = new Prometheus.Gauges("vigil_sentinel_replica_link_down_seconds",
                "Seconds the replica's link to its master has been down (0 when up)");
        var replicaUp = new Prometheus.Gauges("vigil_sentinel_replica_up", "1 when the replica is not subjectively down");
        InfoSnapshot.Builder masterInfo = InfoSnapshot.builder().name("vigil_sentinel_master")
                .help("The master's current address and run id as this sentinel knows them");
        InfoSnapshot.Builder replicaInfo = InfoSnapshot.builder().name("vigil_sentinel_replica")
                .help("A replica's address and run id");

        for (InstanceView m : masters) {
            String name = m.name();
            String address = m.address().ip() + ":" + m.address().port();
            String[] compat = {"master_name", name, "master_address", address};
            String state = m.hasFlag("o_down") ? "odown" : m.hasFlag("s_down") ? "sdown" : "ok";
            status.add(state.equals("ok") ? 1 : 0, "master_address", address, "master_name", name, "master_status", state);
            List<InstanceView> replicas = brain.replicas(name, now).orElse(List.of());
            List<InstanceView> peers = brain.sentinels(name, now).orElse(List.of());
            slaves.add(m.numSlaves(), compat);
            sentinels.add(m.numOtherSentinels() + 1, compat);
            okSlaves.add(replicas.stream().filter(SentinelStateCollector::up).count(), compat);
            long okPeers = 1 + peers.stream().filter(SentinelStateCollector::up).count();
            okSentinels.add(okPeers, compat);
            Optional<CkQuorum> ck = brain.ckquorum(name);
            if (ck.isPresent()) {
                ckquorum.add(ck.get().ok() ? 1 : 0, "master_name", name, "message", ck.get().replyText());
                quorumReachable.add(ck.get().ok() ? 1 : 0, "master", name);
            }
            quorum.add(m.quorum(), compat);
            failoverTimeout.add(m.failoverTimeoutMillis(), compat);
            parallelSyncs.add(m.parallelSyncs(), compat);
            downAfter.add(m.downAfterMillis(), compat);
            configEpoch.add(m.configEpoch(), compat);
            lastOkPing.add(m.lastOkPingReplyMillis() / 1000.0, compat);

            sdown.add(m.hasFlag("s_down") ? 1 : 0, "master", name);
            odown.add(m.hasFlag("o_down") ? 1 : 0, "master", name);
            boolean running2 = m.hasFlag("failover_in_progress");
            inProgress.add(running2 ? 1 : 0, "master", name);
            // Only a future time is a pending attempt; a past one means "may start whenever needed".
            nextAttempt.add(m.nextFailoverAttemptAtMillis() > now ? wallSeconds(m.nextFailoverAttemptAtMillis()) : 0,
                    "master", name);
            OptionalLong until = brain.pausedUntilMillis(name);
            paused.add(until.isPresent() && until.getAsLong() > now ? 1 : 0, "master", name);
            pausedUntil.add(until.isPresent() && until.getAsLong() > now ? wallSeconds(until.getAsLong()) : 0, "master", name);
            known.add(peers.size() + 1, "master", name);
            reachable.add(okPeers, "master", name);
            masterInfo.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of(
                    "address", address, "master", name, "run_id", m.runId() == null ? "" : m.runId())).build());

            long masterOffset = masterOffset(brain, name, now);
            for (InstanceView r : replicas) {
                String replica = r.address().ip() + ":" + r.address().port();
                if (masterOffset >= 0 && r.infoRefreshMillis() > 0) {
                    replicaLag.add(Math.max(0, masterOffset - r.replOffset()), "master", name, "replica", replica);
                }
                replicaLinkDown.add(r.masterLinkUp() ? 0 : r.masterLinkDownTimeMillis() / 1000.0,
                        "master", name, "replica", replica);
                replicaUp.add(up(r) ? 1 : 0, "master", name, "replica", replica);
                replicaInfo.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of(
                        "address", replica, "master", name, "replica", replica,
                        "run_id", r.runId() == null ? "" : r.runId())).build());
            }
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (Prometheus.Gauges g : List.of(mastersGauge, tilt, running, queue, simulate, status, slaves, sentinels,
                okSlaves, okSentinels, ckquorum, quorum, failoverTimeout, parallelSyncs, downAfter, configEpoch,
                lastOkPing, sdown, odown, inProgress, nextAttempt, paused, pausedUntil, known, reachable,
                quorumReachable, replicaLag, replicaLinkDown, replicaUp)) {
            out.add(g.build());
        }
        out.add(masterInfo.build());
        out.add(replicaInfo.build());
        FailoverTracker tracker = daemon.tracker();
        out.addAll(failovers.stateSnapshots(masters.stream().map(InstanceView::name).toList(), name -> tracker == null
                ? null : tracker.last(name).map(FailoverRecord::writeLossWindowBytes).orElse(null)));
        return new MetricSnapshots(out);
    }

    /** Not subjectively nor objectively down (redis_exporter's "ok" test). */
    private static boolean up(InstanceView v) {
        return !v.hasFlag("s_down") && !v.hasFlag("o_down");
    }

    /** The daemon's clock starts at the wall clock and runs monotonically: close enough to a timestamp. */
    private static double wallSeconds(long daemonMillis) {
        return daemonMillis / 1000.0;
    }

    /** master_repl_offset from the master's last INFO, or -1 when unknown. */
    static long masterOffset(SentinelBrain brain, String master, long now) {
        Map<String, List<InfoCacheEntry>> cache = brain.infoCache(now, List.of(master));
        List<InfoCacheEntry> entries = cache.get(master);
        if (entries == null || entries.isEmpty() || entries.get(0).infoText() == null) {
            return -1;
        }
        return infoLong(entries.get(0).infoText(), "master_repl_offset");
    }

    /** One numeric INFO field, or -1. */
    static long infoLong(String info, String field) {
        String key = field + ":";
        int at = info.startsWith(key) ? 0 : info.indexOf("\n" + key);
        if (at < 0) {
            return -1;
        }
        int start = at == 0 ? key.length() : at + 1 + key.length();
        int end = start;
        while (end < info.length() && Character.isDigit(info.charAt(end))) {
            end++;
        }
        try {
            return Long.parseLong(info.substring(start, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
