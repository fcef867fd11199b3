package io.vigil.sentinel.core;

import io.vigil.failover.ReconfStatus;
import io.vigil.quorum.Ballot;

/** Mutable state of one master, replica or sentinel under one monitored master (brain-internal). */
class Instance {
    final InstanceKind kind;
    /** The master this instance belongs to; this for a master. */
    MonitoredMaster master;
    Address address;
    Link link;
    String runId;
    boolean removed;

    long downAfterMillis;
    boolean sdown;
    boolean odown;
    long sdownSinceMillis;
    long odownSinceMillis;
    boolean scriptKillSent;
    boolean masterReboot;
    long masterRebootSinceMillis;

    long infoRefreshMillis;
    String infoText;
    long infoPendingId;
    long infoSentAtMillis;
    Role roleReported = Role.MASTER;
    long roleReportedTimeMillis;
    long lastPubTimeMillis;
    long helloPendingId;
    long helloSentAtMillis;

    // replica fields (INFO)
    String replMasterHost;
    int replMasterPort;
    boolean replMasterLinkUp;
    long masterLinkDownTimeMillis;
    int replicaPriority = 100;
    boolean priorityKnown;
    long priorityPendingId;
    long replOffset;
    /** master_repl_offset from the last INFO (-1 if absent). */
    long masterReplOffset = -1;
    boolean replicaAnnounced = true;
    long slaveConfChangeTimeMillis;
    // failover flags
    boolean promoted;
    ReconfStatus reconf = ReconfStatus.NONE;
    long reconfSentAtMillis;

    // sentinel fields
    boolean masterDown;
    long lastMasterDownReplyMillis;
    long lastAskSentMillis;
    long askPendingId;
    Ballot vote = Ballot.NONE;
    long lastHelloMillis;

    Instance(InstanceKind kind, Address address, long nowMillis) {
        this.kind = kind;
        this.address = address;
        this.roleReportedTimeMillis = nowMillis;
        this.slaveConfChangeTimeMillis = nowMillis;
        this.roleReported = kind == InstanceKind.REPLICA ? Role.SLAVE : Role.MASTER;
    }

    String name() {
        return switch (kind) {
            case MASTER -> ((MonitoredMaster) this).config.name();
            case REPLICA -> address.name();
            case SENTINEL -> runId;
        };
    }

    /** Instance details ({@code %@}): {@code <kind> <name> <ip> <port>[ @ <master> <ip> <port>]}. */
    String details() {
        StringBuilder sb = new StringBuilder(64);
        sb.append(kind.wireName()).append(' ').append(name()).append(' ').append(address.ip()).append(' ')
                .append(address.port());
        if (kind != InstanceKind.MASTER) {
            sb.append(" @ ").append(master.config.name()).append(' ').append(master.address.ip()).append(' ')
                    .append(master.address.port());
        }
        return sb.toString();
    }

    boolean disconnected() {
        return link == null || !link.connected;
    }
}
