package io.vigil.sentinel.core;

/**
 * A {@code __sentinel__:hello} payload: {@code <sentinel-ip>,<sentinel-port>,<sentinel-myid>,
 * <current-epoch>,<master-name>,<master-ip>,<master-port>,<master-config-epoch>}.
 */
public record HelloMessage(String sentinelIp, int sentinelPort, String runId, long currentEpoch, String masterName,
                           String masterIp, int masterPort, long masterConfigEpoch) {
    public String payload() {
        return sentinelIp + "," + sentinelPort + "," + runId + "," + currentEpoch + "," + masterName + ","
                + masterIp + "," + masterPort + "," + masterConfigEpoch;
    }

    public HelloMessage withSentinelIp(String ip) {
        return new HelloMessage(ip, sentinelPort, runId, currentEpoch, masterName, masterIp, masterPort,
                masterConfigEpoch);
    }

    public Address sentinelAddress() {
        return new Address(sentinelIp, sentinelPort);
    }

    public Address masterAddress() {
        return new Address(masterIp, masterPort);
    }
}
