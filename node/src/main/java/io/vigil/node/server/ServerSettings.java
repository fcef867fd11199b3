package io.vigil.node.server;

import java.util.List;

/**
 * How the kernel listens.
 *
 * @param bindAddresses addresses as {@code bind} lists them; a leading '-' marks one that may be
 *                      unavailable (Redis 7), {@code *} and {@code ::*} mean any
 * @param port          TCP port; 0 disables TCP as in Redis
 * @param tcpBacklog    listen backlog
 * @param tcpKeepAliveSeconds SO_KEEPALIVE when above 0

 */
public record ServerSettings(List<String> bindAddresses, int port, int tcpBacklog, int tcpKeepAliveSeconds) {
    public static ServerSettings loopback(int port) {
        return new ServerSettings(List.of("127.0.0.1"), port, 511, 300);
    }
}
