package io.vigil.sentinel.runtime;

import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.core.PersistedMaster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything read from sentinel.conf and the command line: the process directives a sentinel acts
 * on, the global sentinel directives, and the initial brain state (myid, epochs, masters).
 * Mutable only on the daemon's event-loop thread after start.
 */
public final class SentinelSettings {
    /** Absolute path of sentinel.conf (Redis absolutises it before chdir to dir). */
    Path configFile;
    int port = 26379;
    List<String> bind = new ArrayList<>();
    Path dir;
    String logfile = "";
    LogLevel logLevel = LogLevel.NOTICE;
    String requirepass;
    String pidfile;
    boolean daemonize;
    int maxclients = 10000;
    /** JSON Lines event log path (relative to dir), or null: off. */
    String eventLog;
    /** Vigil's HTTP listener (/metrics, /v1 API): 0 = off. */
    int httpPort;
    String httpBind = "127.0.0.1";
    /** Bearer token the HTTP actions need; empty = none (then only a loopback bind is allowed). */
    String httpAuthToken = "";

    String announceIp;
    int announcePort;
    boolean announceHostnames;
    boolean resolveHostnames;
    boolean denyScriptsReconfig = true;
    /** Whether the file had the line (Redis keeps writing a present line even at its default). */
    boolean denyScriptsReconfigSeen;
    boolean resolveHostnamesSeen;
    boolean announceHostnamesSeen;
    String sentinelUser;
    String sentinelPass;

    String myId;
    long currentEpoch;
    final List<PersistedMaster> masters = new ArrayList<>();
    final Map<String, MasterOptions> masterOptions = new LinkedHashMap<>();

    public Path configFile() {
        return configFile;
    }

    public int port() {
        return port;
    }

    public List<String> bind() {
        return bind;
    }

    public String logfile() {
        return logfile;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public String requirepass() {
        return requirepass;
    }

    public String announceIp() {
        return announceIp;
    }

    public int announcePort() {
        return announcePort;
    }

    public boolean announceHostnames() {
        return announceHostnames;
    }

    public boolean resolveHostnames() {
        return resolveHostnames;
    }

    public boolean denyScriptsReconfig() {
        return denyScriptsReconfig;
    }

    public String sentinelUser() {
        return sentinelUser;
    }

    public String sentinelPass() {
        return sentinelPass;
    }

    public String myId() {
        return myId;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public List<PersistedMaster> masters() {
        return masters;
    }

    public Map<String, MasterOptions> masterOptions() {
        return masterOptions;
    }

    public String pidfile() {
        return pidfile;
    }

    public boolean daemonize() {
        return daemonize;
    }

    public Path dir() {
        return dir;
    }

    /** The JSON Lines event log file (resolved against dir), or null when off. */
    public Path eventLogPath() {
        return eventLog == null || eventLog.isEmpty() ? null : dir.resolve(eventLog);
    }

    public void resolveHostnames(boolean v) {
        resolveHostnames = v;
        resolveHostnamesSeen = true;
    }

    public void announceHostnames(boolean v) {
        announceHostnames = v;
        announceHostnamesSeen = true;
    }

    public void announceIp(String v) {
        announceIp = v;
    }

    public void announcePort(int v) {
        announcePort = v;
    }

    public void sentinelUser(String v) {
        sentinelUser = v;
    }

    public void sentinelPass(String v) {
        sentinelPass = v;
    }

    public int httpPort() {
        return httpPort;
    }

    public String httpBind() {
        return httpBind;
    }

    public String httpAuthToken() {
        return httpAuthToken;
    }

    /** Sets the HTTP listener (embedding, tests); port 0 leaves it off at start. */
    public void http(int port, String bind, String authToken) {
        httpPort = port;
        httpBind = bind;
        httpAuthToken = authToken == null ? "" : authToken;
    }
}
