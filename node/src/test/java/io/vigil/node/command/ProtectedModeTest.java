package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtectedModeTest {
    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    /** A non-loopback IPv4 address of this machine, or the test is skipped. */
    private static String externalAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        Assumptions.abort("no non-loopback IPv4 address to connect from");
        return null;
    }

    @Test
    void nonLoopbackClientIsDeniedWithRedisTextAndDisconnected() throws Exception {
        String external = externalAddress();
        node = TestNodes.start("bind * -::*");
        try (RawClient client = new RawClient(external, node.port())) {
            client.send("PING");
            assertEquals("-" + AclCommands.DENIED + "\r\n", client.readRaw());
            assertTrue(client.closedByServer());
        }
        try (RawClient local = new RawClient(node.port())) {
            assertEquals("+PONG\r\n", local.callRaw("PING"));
            assertTrue(((String) local.call("INFO", "stats")).contains("rejected_connections:1\r\n"));
        }
    }

    @Test
    void aPasswordOrProtectedModeOffLetsRemoteClientsIn() throws Exception {
        String external = externalAddress();
        node = TestNodes.start("bind * -::*", "requirepass pw");
        try (RawClient client = new RawClient(external, node.port())) {
            assertEquals("-NOAUTH Authentication required.\r\n", client.callRaw("PING"));
        }
        node.close();
        node = TestNodes.start("bind * -::*", "protected-mode no");
        try (RawClient client = new RawClient(external, node.port())) {
            assertEquals("+PONG\r\n", client.callRaw("PING"));
        }
    }

    @Test
    void protectedModeFollowsConfigSet() throws Exception {
        String external = externalAddress();
        node = TestNodes.start("bind * -::*", "protected-mode no");
        try (RawClient local = new RawClient(node.port())) {
            local.call("CONFIG", "SET", "protected-mode", "yes");
        }
        try (RawClient client = new RawClient(external, node.port())) {
            client.send("PING");
            assertTrue(client.readRaw().startsWith("-DENIED Redis is running in protected mode"));
        }
    }
}
