package io.vigil.node.server;

import io.vigil.node.NodeFeatures;
import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BindTest {
    @Test
    void severalAddressesAreAllBound() throws Exception {
        int port = TestNodes.freePort();
        VigilNode node = VigilNode.create(new ServerSettings(List.of("127.0.0.1", "127.0.0.2"), port, 511, 0), 16,
                10, NodeFeatures.standard()).start();
        try {
            assertEquals(2, node.boundAddresses().size());
            try (RawClient a = new RawClient("127.0.0.1", port); RawClient b = new RawClient("127.0.0.2", port)) {
                assertEquals("+PONG\r\n", a.callRaw("PING"));
                assertEquals("+PONG\r\n", b.callRaw("PING"));
                assertTrue(((String) b.call("CLIENT", "INFO")).contains("laddr=127.0.0.2:" + port));
            }
        } finally {
            node.close();
        }
    }

    @Test
    void optionalAddressesMayBeMissingButOthersMayNot() throws Exception {
        VigilNode node = VigilNode.create(new ServerSettings(List.of("-192.0.2.254", "127.0.0.1"), 0, 511, 0), 16, 10,
                NodeFeatures.standard()).start();
        try {
            assertEquals(1, node.boundAddresses().size());
        } finally {
            node.close();
        }
        VigilNode strict = VigilNode.create(new ServerSettings(List.of("192.0.2.254"), 0, 511, 0), 16, 10,
                NodeFeatures.standard());
        try {
            RespServer.BindFailure failure = assertThrows(RespServer.BindFailure.class, strict::start);
            assertTrue(failure.getMessage().startsWith("Could not create server TCP listening socket 192.0.2.254:0: "
                    + "bind: "), failure.getMessage());
        } finally {
            strict.server().closeAsync();
        }
    }

    @Test
    void configSetBindMovesTheListener() throws Exception {
        VigilNode node = TestNodes.start();
        int port = node.port();
        try {
            try (RawClient client = new RawClient(port)) {
                assertEquals("+OK\r\n", client.callRaw("CONFIG", "SET", "bind", "127.0.0.3", "port",
                        Integer.toString(port)));
            }
            try (RawClient moved = new RawClient("127.0.0.3", port)) {
                assertEquals("+PONG\r\n", moved.callRaw("PING"));
                assertTrue(moved.callRaw("CONFIG", "SET", "bind", "192.0.2.254")
                        .startsWith("-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to "
                                + "specified addresses."));
            }
            try (RawClient still = new RawClient("127.0.0.3", port)) {
                assertEquals("+PONG\r\n", still.callRaw("PING"), "the old listener is back after a failed rebind");
            }
        } finally {
            node.close();
        }
    }
}
