package io.vigil.node.repl;

/**
 * The replication directives with Redis 7.0's defaults. The node's config layer writes them
 * through the setters (CONFIG SET apply listeners); replication reads them on every use, so a
 * change takes effect at once.
 */
public final class ReplicationSettings {
    private volatile String masterAuth;
    private volatile String masterUser;
    private volatile boolean serveStaleData = true;
    private volatile boolean readOnly = true;
    private volatile int priority = 100;
    private volatile boolean announced = true;
    private volatile String announceIp;
    private volatile int announcePort;
    private volatile int pingPeriodSeconds = 10;
    private volatile int timeoutSeconds = 60;
    private volatile long backlogSize = 1024 * 1024;
    private volatile long backlogTtlSeconds = 3600;
    private volatile boolean disklessSync = true;
    private volatile int disklessSyncDelaySeconds = 5;
    private volatile int disklessSyncMaxReplicas;
    private volatile String disklessLoad = "disabled";
    private volatile boolean disableTcpNoDelay;
    private volatile int minReplicasToWrite;
    private volatile int minReplicasMaxLag = 10;
    private volatile long replicaHardLimitBytes = 256L * 1024 * 1024;
    private volatile long replicaSoftLimitBytes = 64L * 1024 * 1024;
    private volatile int replicaSoftLimitSeconds = 60;
    private volatile String dir = ".";

    public String masterAuth() { return masterAuth; }
    public ReplicationSettings masterAuth(String v) { masterAuth = v; return this; }
    public String masterUser() { return masterUser; }
    public ReplicationSettings masterUser(String v) { masterUser = v; return this; }
    public boolean serveStaleData() { return serveStaleData; }
    public ReplicationSettings serveStaleData(boolean v) { serveStaleData = v; return this; }
    public boolean readOnly() { return readOnly; }
    public ReplicationSettings readOnly(boolean v) { readOnly = v; return this; }
    public int priority() { return priority; }
    public ReplicationSettings priority(int v) { priority = v; return this; }
    public boolean announced() { return announced; }
    public ReplicationSettings announced(boolean v) { announced = v; return this; }
    public String announceIp() { return announceIp; }
    public ReplicationSettings announceIp(String v) { announceIp = v == null || v.isEmpty() ? null : v; return this; }
    public int announcePort() { return announcePort; }
    public ReplicationSettings announcePort(int v) { announcePort = v; return this; }
    public int pingPeriodSeconds() { return pingPeriodSeconds; }
    public ReplicationSettings pingPeriodSeconds(int v) { pingPeriodSeconds = Math.max(1, v); return this; }
    public int timeoutSeconds() { return timeoutSeconds; }
    public ReplicationSettings timeoutSeconds(int v) { timeoutSeconds = Math.max(1, v); return this; }
    public long backlogSize() { return backlogSize; }
    public ReplicationSettings backlogSize(long v) { backlogSize = Math.max(ReplicationBacklog.MIN_SIZE, v); return this; }
    public long backlogTtlSeconds() { return backlogTtlSeconds; }
    public ReplicationSettings backlogTtlSeconds(long v) { backlogTtlSeconds = v; return this; }
    public boolean disklessSync() { return disklessSync; }
    public ReplicationSettings disklessSync(boolean v) { disklessSync = v; return this; }
    public int disklessSyncDelaySeconds() { return disklessSyncDelaySeconds; }
    public ReplicationSettings disklessSyncDelaySeconds(int v) { disklessSyncDelaySeconds = v; return this; }
    public int disklessSyncMaxReplicas() { return disklessSyncMaxReplicas; }
    public ReplicationSettings disklessSyncMaxReplicas(int v) { disklessSyncMaxReplicas = v; return this; }
    /** {@code disabled}, {@code on-empty-db} or {@code swapdb}. */
    public String disklessLoad() { return disklessLoad; }
    public ReplicationSettings disklessLoad(String v) { disklessLoad = v; return this; }
    public boolean disableTcpNoDelay() { return disableTcpNoDelay; }
    public ReplicationSettings disableTcpNoDelay(boolean v) { disableTcpNoDelay = v; return this; }
    public int minReplicasToWrite() { return minReplicasToWrite; }
    public ReplicationSettings minReplicasToWrite(int v) { minReplicasToWrite = v; return this; }
    public int minReplicasMaxLag() { return minReplicasMaxLag; }
    public ReplicationSettings minReplicasMaxLag(int v) { minReplicasMaxLag = v; return this; }
    /** client-output-buffer-limit replica hard soft seconds (0 = no limit). */
    public ReplicationSettings replicaOutputLimit(long hardBytes, long softBytes, int softSeconds) {
        replicaHardLimitBytes = hardBytes;
        replicaSoftLimitBytes = softBytes;
        replicaSoftLimitSeconds = softSeconds;
        return this;
    }
    public long replicaHardLimitBytes() { return replicaHardLimitBytes; }
    public long replicaSoftLimitBytes() { return replicaSoftLimitBytes; }
    public int replicaSoftLimitSeconds() { return replicaSoftLimitSeconds; }
    /** The working directory, where disk-based transfers put their temporary RDB files. */
    public String dir() { return dir; }
    public ReplicationSettings dir(String v) { dir = v; return this; }
}
