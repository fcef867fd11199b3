package io.vigil.sentinel.core;

/**
 * A client-reconfig-script call: {@code <master-name> <leader|observer> start <from-ip> <from-port>
 * <to-ip> <to-port>}. The runtime runs the master's script if one is configured.
 */
public record ClientReconfig(String masterName, String role, String state, Address from, Address to) {
    public java.util.List<String> args() {
        return java.util.List.of(masterName, role, state, from.ip(), Integer.toString(from.port()), to.ip(),
                Integer.toString(to.port()));
    }
}
