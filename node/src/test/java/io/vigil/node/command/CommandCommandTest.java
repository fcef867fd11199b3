package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandCommandTest {
    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void infoHasRedisSevenFormat() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("*1\r\n*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n"
                    + "+@connection\r\n*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n"
                    + "*0\r\n*0\r\n", client.callRaw("COMMAND", "INFO", "ping"));
            assertEquals("*1\r\n$-1\r\n", client.callRaw("COMMAND", "INFO", "nosuch"));
            client.call("HELLO", "3");
            List<?> get = (List<?>) ((List<?>) client.call("COMMAND", "INFO", "get")).get(0);
            assertEquals("get", get.get(0));
            assertEquals(2L, get.get(1));
            assertEquals(Set.of("readonly", "fast"), get.get(2));
            assertEquals(List.of(1L, 1L, 1L), get.subList(3, 6));
            assertEquals(Set.of("@read", "@string", "@fast"), get.get(6));
            Set<?> keySpecs = (Set<?>) get.get(8);
            assertEquals(1, keySpecs.size());
            assertTrue(((Map<?, ?>) keySpecs.iterator().next()).containsKey("begin_search"));
        }
    }

    @Test
    void containerCommandsListTheirSubcommands() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            List<?> config = (List<?>) ((List<?>) client.call("COMMAND", "INFO", "config")).get(0);
            List<?> subs = (List<?>) config.get(9);
            assertTrue(subs.stream().anyMatch(s -> ((List<?>) s).get(0).equals("config|get")), subs.toString());
        }
    }

    @Test
    void countAndListAgree() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            long count = (Long) client.call("COMMAND", "COUNT");
            List<?> all = (List<?>) client.call("COMMAND");
            assertEquals(count, all.size());
            List<?> names = (List<?>) client.call("COMMAND", "LIST");
            assertTrue(names.contains("client|list") && names.contains("ping"), names.toString());
            assertEquals(List.of("acl|whoami"), client.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "acl|who*"));
            assertTrue(((List<?>) client.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "transaction")).contains("multi"));
            assertEquals("-ERR syntax error\r\n", client.callRaw("COMMAND", "LIST", "FILTERBY", "foo", "bar"));
        }
    }

    @Test
    void docsGiveSummariesForRedisCli() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            client.call("HELLO", "3");
            Map<?, ?> docs = (Map<?, ?>) client.call("COMMAND", "DOCS", "get", "client");
            Map<?, ?> get = (Map<?, ?>) docs.get("get");
            assertEquals("Get the value of a key", get.get("summary"));
            assertEquals("1.0.0", get.get("since"));
            assertEquals("string", get.get("group"));
            Map<?, ?> client1 = (Map<?, ?>) docs.get("client");
            assertTrue(((Map<?, ?>) client1.get("subcommands")).containsKey("client|list"));
            Map<?, ?> all = (Map<?, ?>) client.call("COMMAND", "DOCS");
            assertEquals(client.call("COMMAND", "COUNT"), (long) all.size());
        }
    }

    @Test
    void getkeysFollowsKeySpecs() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals(List.of("a", "c"), client.call("COMMAND", "GETKEYS", "mset", "a", "b", "c", "d"));
            assertEquals("*1\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+update\r\n",
                    client.callRaw("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"));
            assertEquals("-ERR The command has no key arguments\r\n", client.callRaw("COMMAND", "GETKEYS", "ping", "x"));
            assertEquals("-ERR Invalid command specified\r\n", client.callRaw("COMMAND", "GETKEYS", "nosuch", "x"));
            assertEquals("-ERR Invalid number of arguments specified for command\r\n",
                    client.callRaw("COMMAND", "GETKEYS", "get", "a", "b"));
        }
    }
}
