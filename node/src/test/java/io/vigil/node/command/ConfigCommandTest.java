package io.vigil.node.command;

import io.vigil.conf.CommandLine;
import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.node.NodeFeatures;
import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.server.LogLevel;
import io.vigil.node.server.ServerLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigCommandTest {
    @TempDir
    Path dir;

    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        ServerLog.get().level(LogLevel.NOTICE);
    }

    @Test
    void getReturnsPairsForPatterns() {
        node = TestNodes.start("maxclients 123");
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("*2\r\n$10\r\nmaxclients\r\n$3\r\n123\r\n", client.callRaw("CONFIG", "GET", "maxclients"));
            List<?> reply = (List<?>) client.call("CONFIG", "GET", "maxmemory*", "port");
            assertTrue(reply.contains("maxmemory-policy"), reply.toString());
            assertTrue(reply.contains("port"), reply.toString());
            client.call("HELLO", "3");
            assertEquals(Map.of("timeout", "0"), client.call("CONFIG", "GET", "timeout"));
        }
    }

    @Test
    void setAppliesToTheRunningNode() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port()); RawClient second = new RawClient(node.port())) {
            assertEquals("+OK\r\n", client.callRaw("CONFIG", "SET", "maxclients", "2", "hz", "50"));
            assertEquals(2, node.server().maxClients());
            assertEquals(50, node.hz());
            assertTrue(((String) client.call("INFO", "server")).contains("\r\nhz:50\r\nconfigured_hz:50\r\n"));
            try (RawClient third = new RawClient(node.port())) {
                assertEquals("-ERR max number of clients reached\r\n", third.readRaw());
            }
            client.call("CONFIG", "SET", "loglevel", "warning");
            assertEquals(LogLevel.WARNING, ServerLog.get().level());
            client.call("CONFIG", "SET", "requirepass", "s3cret");
            try (RawClient fourth = new RawClient(node.port())) {
                assertEquals("-ERR max number of clients reached\r\n", fourth.readRaw());
            }
            client.call("CONFIG", "SET", "maxclients", "10");
            try (RawClient fresh = new RawClient(node.port())) {
                assertEquals("-NOAUTH Authentication required.\r\n", fresh.callRaw("PING"));
                assertEquals("+OK\r\n", fresh.callRaw("AUTH", "s3cret"));
            }
            assertEquals("+PONG\r\n", second.callRaw("PING"), "connections made before keep their authentication");
            client.call("CONFIG", "SET", "requirepass", "");
            try (RawClient fresh = new RawClient(node.port())) {
                assertEquals("+PONG\r\n", fresh.callRaw("PING"));
            }
        }
    }

    @Test
    void setErrorsUseRedisTextsAndChangeNothing() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n",
                    client.callRaw("CONFIG", "SET", "nosuch", "1"));
            assertTrue(client.callRaw("CONFIG", "SET", "hz", "20", "maxclients", "x")
                    .startsWith("-ERR CONFIG SET failed (possibly related to argument 'maxclients')"));
            assertEquals(10, node.hz(), "atomic: hz kept its value");
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable "
                    + "config\r\n", client.callRaw("CONFIG", "SET", "databases", "4"));
        }
    }

    @Test
    void setPortRebindsTheListener() throws Exception {
        node = TestNodes.start();
        int newPort = TestNodes.freePort();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("+OK\r\n", client.callRaw("CONFIG", "SET", "port", Integer.toString(newPort)));
        }
        try (RawClient client = new RawClient(newPort)) {
            assertEquals("+PONG\r\n", client.callRaw("PING"));
        }
    }

    @Test
    void protoMaxBulkLenIsEnforcedAfterSet() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            client.call("CONFIG", "SET", "proto-max-bulk-len", "1048576");
            client.sendRaw("*2\r\n$4\r\nECHO\r\n$2000000\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", client.readRaw());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void protoMaxBulkLenBoundsTheStringsCommandsBuildAfterSet() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            client.call("CONFIG", "SET", "proto-max-bulk-len", "1048576");
            assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
                    client.callRaw("SETRANGE", "k", "1048576", "x"));
            assertEquals(":1048576\r\n", client.callRaw("SETRANGE", "k", "1048575", "x"));
            assertEquals("-ERR bit offset is not an integer or out of range\r\n",
                    client.callRaw("SETBIT", "b", "8388608", "1"));
            assertEquals(":0\r\n", client.callRaw("SETBIT", "b", "8388607", "1"));
        }
    }

    @Test
    void rewriteWithoutConfigFileFails() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("-ERR The server is running without a config file\r\n", client.callRaw("CONFIG", "REWRITE"));
        }
    }

    @Test
    void rewriteUpdatesTheStartupFileAndWritesUsers() throws Exception {
        Path file = dir.resolve("node.conf");
        Files.writeString(file, "# my config\nbind 127.0.0.1\nport 0\nsave \"\"\ndir " + dir + "\nmaxclients 100\n");
        var loaded = ConfigLoader.load(CommandLine.parse("vigil-node", List.of(file.toString()), dir),
                LoadOptions.defaults(dir));
        node = VigilNode.create(loaded.config(), NodeFeatures.standard()).start();
        try (RawClient client = new RawClient(node.port())) {
            client.call("CONFIG", "SET", "maxclients", "200", "timeout", "30");
            client.call("ACL", "SETUSER", "ivy", "on", "nopass", "+ping");
            assertEquals("+OK\r\n", client.callRaw("CONFIG", "REWRITE"));
        }
        String text = Files.readString(file);
        assertTrue(text.startsWith("# my config\n"), text);
        assertTrue(text.contains("maxclients 200\n"), text);
        assertTrue(text.contains("timeout 30\n"), text);
        assertTrue(text.contains("user ivy on nopass resetchannels -@all +ping"), text);
        assertNotEquals(-1, text.indexOf("# Generated by CONFIG REWRITE"));
    }

    @Test
    void renameCommandFromConfigHidesTheOldName() {
        node = TestNodes.start("rename-command CONFIG cfg", "rename-command DEBUG \"\"");
        try (RawClient client = new RawClient(node.port())) {
            assertTrue(client.callRaw("CONFIG", "GET", "port").startsWith("-ERR unknown command 'CONFIG'"));
            assertTrue(((List<?>) client.call("cfg", "GET", "port")).contains("port"));
            assertTrue(client.callRaw("DEBUG", "HELP").startsWith("-ERR unknown command 'DEBUG'"));
        }
    }
}
