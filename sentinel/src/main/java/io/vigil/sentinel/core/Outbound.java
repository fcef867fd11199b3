package io.vigil.sentinel.core;

import java.util.List;

/**
 * A command for the runtime to send, expressed as the exact argv the wire needs (before
 * rename-command mapping, which the runtime applies per master). Commands that expect a reply carry
 * a correlation {@code id}; the reply comes back as an {@link Inbound} with the same id.
 */
public sealed interface Outbound {
    String HELLO_CHANNEL = "__sentinel__:hello";

    /** Target address. */
    Address target();

    /** Correlation id, 0 for link management commands. */
    long id();

    /** The commands to write, in order, on the command connection (empty for link management). */
    List<List<String>> argv();

    /**
     * Open (and keep open, reconnecting at most once per ping-period) the links to this address:
     * the command connection, and the pub/sub connection subscribed to {@code __sentinel__:hello}
     * when {@code pubsub} is true (masters and replicas; not sentinels).
     */
    record Connect(Address target, boolean pubsub) implements Outbound {
        public long id() { return 0; }
        public List<List<String>> argv() { return List.of(); }
    }

    /** Close the links to this address; nothing here refers to it any more. */
    record Disconnect(Address target) implements Outbound {
        public long id() { return 0; }
        public List<List<String>> argv() { return List.of(); }
    }

    /** Close the command connection (it looks stuck) and reconnect; report LinkDown/LinkUp. */
    record Reconnect(Address target) implements Outbound {
        public long id() { return 0; }
        public List<List<String>> argv() { return List.of(); }
    }

    record Ping(long id, Address target) implements Outbound {
        public List<List<String>> argv() { return List.of(List.of("PING")); }
    }

    record Info(long id, Address target) implements Outbound {
        public List<List<String>> argv() { return List.of(List.of("INFO")); }
    }

    /**
     * {@code PUBLISH __sentinel__:hello <payload>}. When {@code ipFromLink} is true (no announce-ip),
     * the runtime replaces the sentinel ip with the local address of the command connection
     * ({@link HelloMessage#withSentinelIp}).
     */
    record PublishHello(long id, Address target, HelloMessage hello, boolean ipFromLink) implements Outbound {
        public List<List<String>> argv() { return List.of(List.of("PUBLISH", HELLO_CHANNEL, hello.payload())); }
    }

    /** {@code SENTINEL is-master-down-by-addr <ip> <port> <epoch> <runid|*>}; runId null means "*". */
    record AskMasterDown(long id, Address target, Address master, long epoch, String runId) implements Outbound {
        public List<List<String>> argv() {
            return List.of(List.of("SENTINEL", "is-master-down-by-addr", master.ip(), Integer.toString(master.port()),
                    Long.toString(epoch), runId == null ? "*" : runId));
        }
    }

    /**
     * The reconfiguration transaction (spec 4.12): MULTI, SLAVEOF NO ONE (when {@code newMaster} is
     * null) or SLAVEOF ip port, CONFIG REWRITE, CLIENT KILL TYPE normal, CLIENT KILL TYPE pubsub,
     * EXEC. The reply of interest is EXEC's ({@link Inbound.TransactionReply}).
     */
    record ReplicaOf(long id, Address target, Address newMaster) implements Outbound {
        public List<List<String>> argv() {
            List<String> slaveof = newMaster == null ? List.of("SLAVEOF", "NO", "ONE")
                    : List.of("SLAVEOF", newMaster.ip(), Integer.toString(newMaster.port()));
            return List.of(List.of("MULTI"), slaveof, List.of("CONFIG", "REWRITE"),
                    List.of("CLIENT", "KILL", "TYPE", "normal"), List.of("CLIENT", "KILL", "TYPE", "pubsub"),
                    List.of("EXEC"));
        }
    }

    /**
     * {@code CONFIG GET replica-priority} (not sent by Redis): asked of a replica that reports
     * role:master, whose INFO therefore carries no slave_priority; answered with
     * {@link Inbound.ReplicaPriorityReply}, or {@link Inbound.CommandFailed} (e.g. CONFIG renamed).
     */
    record ConfigGetReplicaPriority(long id, Address target) implements Outbound {
        public List<List<String>> argv() { return List.of(List.of("CONFIG", "GET", "replica-priority")); }
    }

    /** {@code SCRIPT KILL}, sent once to a SDOWN instance answering -BUSY. */
    record ScriptKill(long id, Address target) implements Outbound {
        public List<List<String>> argv() { return List.of(List.of("SCRIPT", "KILL")); }
    }

    /**
     * {@code FAILOVER TO <ip> <port> TIMEOUT <ms>} to a master (Redis 6.2+, vigil-node): it pauses
     * writes, waits until that replica has its offset, then hands over with PSYNC FAILOVER; it
     * aborts by itself after the timeout. Answered with {@link Inbound.CommandOk} (accepted, runs
     * asynchronously) or {@link Inbound.CommandFailed} (refused, unknown or renamed away).
     */
    record FailoverTo(long id, Address target, Address replica, long timeoutMillis) implements Outbound {
        public List<List<String>> argv() {
            return List.of(List.of("FAILOVER", "TO", replica.ip(), Integer.toString(replica.port()), "TIMEOUT",
                    Long.toString(timeoutMillis)));
        }
    }

    /** {@code FAILOVER ABORT}: stop a handover that timed out on our side (an error reply is fine). */
    record FailoverAbort(long id, Address target) implements Outbound {
        public List<List<String>> argv() { return List.of(List.of("FAILOVER", "ABORT")); }
    }

    /**
     * {@code CLIENT PAUSE <ms> WRITE}: the switchover's fallback when FAILOVER is refused; the
     * timeout bounds the pause even if this sentinel dies. Answered with {@link Inbound.CommandOk}
     * or {@link Inbound.CommandFailed}.
     */
    record ClientPause(long id, Address target, long timeoutMillis) implements Outbound {
        public List<List<String>> argv() {
            return List.of(List.of("CLIENT", "PAUSE", Long.toString(timeoutMillis), "WRITE"));
        }
    }

    /** {@code CLIENT UNPAUSE}: writes resume (switchover done or aborted). */
    record ClientUnpause(long id, Address target) implements Outbound {
        public List<List<String>> argv() { return List.of(List.of("CLIENT", "UNPAUSE")); }
    }

    /**
     * {@code CONFIG REWRITE} alone: makes a node that became master through FAILOVER TO (which
     * rewrites no config) keep that role across a restart.
     */
    record ConfigRewrite(long id, Address target) implements Outbound {
        public List<List<String>> argv() { return List.of(List.of("CONFIG", "REWRITE")); }
    }
}
