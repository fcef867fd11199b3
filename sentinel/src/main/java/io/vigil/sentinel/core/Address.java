package io.vigil.sentinel.core;

/** An instance address as announced (ip or hostname, port). */
public record Address(String ip, int port) implements Comparable<Address> {
    public Address {
        if (ip == null || ip.isEmpty()) {
            throw new IllegalArgumentException("ip required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port number.");
        }
    }

    /** Replica instance name: {@code ip:port}, {@code [ipv6]:port} for IPv6 (sentinel.c announceSentinelAddr). */
    public String name() {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public int compareTo(Address o) {
        int c = ip.compareTo(o.ip);
        return c != 0 ? c : Integer.compare(port, o.port);
    }
}
