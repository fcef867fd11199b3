package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionCommandsTest {
    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void helloThreeReturnsTheServerMapWithAnIntegerId() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            long id = (Long) client.call("CLIENT", "ID");
            String raw = client.callRaw("HELLO", "3");
            assertEquals("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
                    + "$2\r\nid\r\n:" + id + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                    + "$7\r\nmodules\r\n*0\r\n", raw);
            // The connection now speaks RESP3: a missing key is the RESP3 null.
            assertEquals("_\r\n", client.callRaw("CLIENT", "GETNAME"));
        }
    }

    @Test
    void helloWithoutVersionKeepsTheProtocolAndAnswersInIt() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertTrue(client.callRaw("HELLO").startsWith("*14\r\n$6\r\nserver\r\n"));
        }
    }

    @Test
    void helloRefusesBadVersionsWithRedisErrors() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-NOPROTO unsupported protocol version\r\n", client.callRaw("HELLO", "4"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", client.callRaw("HELLO", "x"));
            assertEquals("-ERR Syntax error in HELLO option 'SETNAME'\r\n", client.callRaw("HELLO", "3", "SETNAME"));
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                    client.callRaw("HELLO", "3", "SETNAME", "a b"));
        }
    }

    @Test
    void helloAuthLogsInAndSetsTheName() {
        node = TestNodes.start("requirepass secret");
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                    + "<proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                    + "protocol version at the same time\r\n", client.callRaw("HELLO", "3"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    client.callRaw("HELLO", "3", "AUTH", "default", "nope"));
            Object map = client.call("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "app1");
            assertEquals(3L, ((Map<?, ?>) map).get("proto"));
            assertEquals("app1", client.call("CLIENT", "GETNAME"));
        }
    }

    @Test
    void requirepassGivesNoauthUntilAuth() {
        node = TestNodes.start("requirepass secret");
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-NOAUTH Authentication required.\r\n", client.callRaw("PING"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    client.callRaw("AUTH", "wrong"));
            assertEquals("+OK\r\n", client.callRaw("AUTH", "secret"));
            assertEquals("+PONG\r\n", client.callRaw("PING"));
            assertEquals("+OK\r\n", client.callRaw("AUTH", "default", "secret"));
        }
    }

    @Test
    void authWithOneArgumentNeedsAConfiguredPassword() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-ERR AUTH <password> called without any password configured for the default user. Are you "
                    + "sure your configuration is correct?\r\n", client.callRaw("AUTH", "x"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    client.callRaw("AUTH", "a", "b"));
            assertEquals("-ERR syntax error\r\n", client.callRaw("AUTH", "a", "b", "c"));
        }
    }

    @Test
    void failedAuthenticationIsInTheAclLog() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            client.call("AUTH", "someone", "pw");
            List<?> log = (List<?>) client.call("ACL", "LOG", "1");
            List<?> entry = (List<?>) log.get(0);
            assertEquals(List.of("count", 1L, "reason", "auth", "context", "toplevel", "object", "auth", "username",
                    "someone"), entry.subList(0, 10));
            assertEquals("age-seconds", entry.get(10));
            assertEquals("client-info", entry.get(12));
            assertTrue(((String) entry.get(13)).startsWith("id="));
        }
    }

    @Test
    void resetRestoresAFreshConnection() {
        node = TestNodes.start("requirepass secret");
        try (RawClient client = new RawClient(node.port())) {
            client.call("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "x");
            client.call("SELECT", "3");
            client.call("MULTI");
            assertEquals("+RESET\r\n", client.callRaw("RESET"));
            assertEquals("-NOAUTH Authentication required.\r\n", client.callRaw("PING"));
            client.call("AUTH", "secret");
            String info = (String) client.call("CLIENT", "INFO");
            assertTrue(info.contains(" name= "), info);
            assertTrue(info.contains(" db=0 "), info);
            assertTrue(info.contains(" multi=-1 "), info);
            assertTrue(info.contains(" resp=2"), info);
        }
    }

    @Test
    void selectChecksTheIndex() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-ERR DB index is out of range\r\n", client.callRaw("SELECT", "16"));
            assertEquals("-ERR value is not an integer or out of range\r\n", client.callRaw("SELECT", "x"));
            assertEquals("+OK\r\n", client.callRaw("SELECT", "15"));
        }
    }

    @Test
    void pingEchoAndQuit() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("+PONG\r\n", client.callRaw("PING"));
            assertEquals("$2\r\nhi\r\n", client.callRaw("PING", "hi"));
            assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", client.callRaw("PING", "a", "b"));
            assertEquals("$3\r\nabc\r\n", client.callRaw("ECHO", "abc"));
            assertEquals("+OK\r\n", client.callRaw("QUIT"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void timeRepliesWithSecondsAndMicroseconds() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            List<?> time = (List<?>) client.call("TIME");
            long seconds = Long.parseLong((String) time.get(0));
            long micros = Long.parseLong((String) time.get(1));
            assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) <= 2);
            assertTrue(micros >= 0 && micros < 1_000_000);
        }
    }
}
