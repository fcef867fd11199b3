package io.vigil.node.repl;

import io.vigil.conf.InvalidValueException;
import io.vigil.conf.NodeConfig;
import io.vigil.conf.OutputBufferLimits;
import io.vigil.conf.ReplicaOf;
import io.vigil.node.server.ServerLog;

import java.util.List;

/**
 * Connects the replication directives of the node's config to {@link ReplicationSettings}: the
 * values at start, then every CONFIG SET through change listeners. REPLICAOF writes back into the
 * config so CONFIG REWRITE persists the role.
 */
final class ReplicationConfig {
    private ReplicationConfig() {
    }

    static void wire(Replication repl, NodeConfig config) {
        ReplicationSettings s = repl.settings();
        Runnable load = () -> {
            s.masterAuth(config.getString("masterauth"));
            s.masterUser(config.getString("masteruser"));
            s.serveStaleData(config.getBool("replica-serve-stale-data"));
            s.readOnly(config.getBool("replica-read-only"));
            s.priority(config.getInt("replica-priority"));
            s.announced(config.getBool("replica-announced"));
            s.announceIp(config.getString("replica-announce-ip"));
            s.announcePort(config.getInt("replica-announce-port"));
            s.pingPeriodSeconds(config.getInt("repl-ping-replica-period"));
            s.timeoutSeconds(config.getInt("repl-timeout"));
            s.backlogTtlSeconds(config.getLong("repl-backlog-ttl"));
            s.disklessSync(config.getBool("repl-diskless-sync"));
            s.disklessSyncDelaySeconds(config.getInt("repl-diskless-sync-delay"));
            s.disklessSyncMaxReplicas(config.getInt("repl-diskless-sync-max-replicas"));
            s.disklessLoad(config.getString("repl-diskless-load"));
            s.disableTcpNoDelay(config.getBool("repl-disable-tcp-nodelay"));
            s.minReplicasToWrite(config.getInt("min-replicas-to-write"));
            s.minReplicasMaxLag(config.getInt("min-replicas-max-lag"));
            OutputBufferLimits.Limit limit = config.outputBufferLimits().replica();
            s.replicaOutputLimit(limit.hardBytes(), limit.softBytes(), (int) limit.softSeconds());
            s.dir(config.dir().toString());
        };
        load.run();
        Runnable loadAof = () -> {
            try {
                repl.aofEnabled(config.getBool("appendonly"));
            } catch (RuntimeException e) {
                repl.aofEnabled(false);
            }
        };
        loadAof.run();
        config.onChange("appendonly", change -> loadAof.run());
        repl.resizeBacklog(config.getMemory("repl-backlog-size"));
        for (String name : List.of("masterauth", "masteruser", "replica-serve-stale-data", "replica-read-only",
                "replica-priority", "replica-announced", "replica-announce-ip", "replica-announce-port",
                "repl-ping-replica-period", "repl-timeout", "repl-backlog-ttl", "repl-diskless-sync",
                "repl-diskless-sync-delay", "repl-diskless-sync-max-replicas", "repl-diskless-load",
                "repl-disable-tcp-nodelay", "min-replicas-to-write", "min-replicas-max-lag",
                "client-output-buffer-limit", "dir")) {
            config.onChange(name, change -> load.run());
        }
        config.onChange("repl-backlog-size", change -> repl.node.server().eventLoop().execute(
                () -> repl.resizeBacklog(config.getMemory("repl-backlog-size"))));
        config.replicaOf().ifPresent(master -> repl.configureMaster(master.host(), master.port()));
        repl.onMasterChanged((host, port) -> {
            try {
                config.setInternal("replicaof", host == null ? List.of("no", "one") : List.of(host, Integer.toString(port)));
            } catch (InvalidValueException e) {
                ServerLog.get().warning("Could not record replicaof in the config: " + e.getMessage());
            }
        });
    }

    static ReplicaOf current(Replication repl) {
        return repl.masterHost == null ? null : new ReplicaOf(repl.masterHost, repl.masterPort);
    }
}
