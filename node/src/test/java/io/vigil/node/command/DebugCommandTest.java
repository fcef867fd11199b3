package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebugCommandTest {
    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void debugIsRefusedByDefaultWithRedisText() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you "
                    + "can run it from a local connection, otherwise you need to set this option in the configuration "
                    + "file, and then restart the server.\r\n", client.callRaw("DEBUG", "SLEEP", "0"));
        }
    }

    @Test
    void localModeAllowsLoopbackClients() {
        node = TestNodes.start("enable-debug-command local");
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("+OK\r\n", client.callRaw("DEBUG", "SLEEP", "0"));
        }
    }

    @Test
    void populateCreatesKeysLikeRedis() {
        node = TestNodes.start("enable-debug-command yes");
        try (RawClient client = new RawClient(node.port())) {
            client.call("SET", "key:1", "kept");
            assertEquals("+OK\r\n", client.callRaw("DEBUG", "POPULATE", "3"));
            assertEquals("value:0", client.call("GET", "key:0"));
            assertEquals("kept", client.call("GET", "key:1"), "existing keys are left alone");
            assertEquals("value:2", client.call("GET", "key:2"));
            client.call("DEBUG", "POPULATE", "2", "p", "10");
            assertEquals("value:1\0\0\0", client.call("GET", "p:1"));
            client.call("DEBUG", "POPULATE", "1", "q", "3");
            assertEquals("val", client.call("GET", "q:0"));
            assertEquals("-ERR value is out of range, must be positive\r\n", client.callRaw("DEBUG", "POPULATE", "-1"));
        }
    }

    @Test
    void sleepBlocksTheServer() throws Exception {
        node = TestNodes.start("enable-debug-command yes");
        try (RawClient sleeper = new RawClient(node.port()); RawClient other = new RawClient(node.port())) {
            sleeper.send("DEBUG", "SLEEP", "0.5");
            Thread.sleep(50);
            long started = System.nanoTime();
            assertEquals("+PONG\r\n", other.callRaw("PING"));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(300));
            assertEquals("+OK\r\n", sleeper.readRaw());
        }
    }

    @Test
    void unknownSubcommandAndHelp() {
        node = TestNodes.start("enable-debug-command yes");
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'nope'. Try DEBUG HELP.\r\n", client.callRaw("DEBUG", "nope"));
            assertTrue(client.callRaw("DEBUG", "HELP").startsWith("*"));
            assertEquals("+OK\r\n", client.callRaw("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            assertEquals(false, node.activeExpire());
        }
    }
}
