package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AclCommandsTest {
    @TempDir
    Path dir;

    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void setuserAuthAndNopermForCommandsKeysAndChannels() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port()); RawClient bob = new RawClient(node.port())) {
            assertEquals("+OK\r\n", admin.callRaw("ACL", "SETUSER", "bob", "on", ">pw", "~k*", "&ch", "+get", "+set",
                    "+publish", "+ping"));
            assertEquals("+OK\r\n", bob.callRaw("AUTH", "bob", "pw"));
            assertEquals("-NOPERM this user has no permissions to run the 'acl|whoami' command\r\n",
                    bob.callRaw("ACL", "WHOAMI"));
            assertEquals("+OK\r\n", bob.callRaw("SET", "k1", "v"));
            assertEquals("-NOPERM this user has no permissions to access one of the keys used as arguments\r\n",
                    bob.callRaw("SET", "x", "v"));
            assertEquals("-NOPERM this user has no permissions to run the 'del' command\r\n", bob.callRaw("DEL", "k1"));
            assertEquals("-NOPERM this user has no permissions to run the 'client|list' command\r\n",
                    bob.callRaw("CLIENT", "LIST"));
            assertEquals(":0\r\n", bob.callRaw("PUBLISH", "ch", "m"));
            assertEquals("-NOPERM this user has no permissions to access one of the channels used as arguments\r\n",
                    bob.callRaw("PUBLISH", "other", "m"));
            String client = ((String) admin.call("CLIENT", "LIST")).split("\n")[1];
            assertTrue(client.contains(" user=bob "), client);
            List<?> log = (List<?>) admin.call("ACL", "LOG");
            assertEquals(List.of("count", 1L, "reason", "channel", "context", "toplevel", "object", "other",
                    "username", "bob"), ((List<?>) log.get(0)).subList(0, 10));
            assertEquals(List.of("count", 1L, "reason", "command", "context", "toplevel", "object", "client|list",
                    "username", "bob"), ((List<?>) log.get(1)).subList(0, 10));
            assertEquals("+OK\r\n", admin.callRaw("ACL", "LOG", "RESET"));
            assertEquals("*0\r\n", admin.callRaw("ACL", "LOG"));
        }
    }

    @Test
    void getuserListUsersInRedisFormats() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port())) {
            admin.call("ACL", "SETUSER", "alice", "on", "nopass", "%R~r*", "allchannels", "+@all", "-@dangerous");
            List<?> list = (List<?>) admin.call("ACL", "LIST");
            assertEquals("user alice on nopass %R~r* &* +@all -@dangerous", list.get(0));
            assertEquals("user default on nopass ~* &* +@all", list.get(1));
            assertEquals(List.of("alice", "default"), admin.call("ACL", "USERS"));
            admin.call("HELLO", "3");
            Map<?, ?> user = (Map<?, ?>) admin.call("ACL", "GETUSER", "alice");
            assertEquals(Set.of("on", "nopass"), user.get("flags"));
            assertEquals(List.of(), user.get("passwords"));
            assertEquals("+@all -@dangerous", user.get("commands"));
            assertEquals("%R~r*", user.get("keys"));
            assertEquals("&*", user.get("channels"));
            assertEquals(List.of(), user.get("selectors"));
            assertEquals("_\r\n", admin.callRaw("ACL", "GETUSER", "nobody"));
        }
    }

    @Test
    void deleteUserDisconnectsItsClients() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port()); RawClient carl = new RawClient(node.port())) {
            admin.call("ACL", "SETUSER", "carl", "on", "nopass", "+@all");
            carl.call("AUTH", "carl", "x");
            assertEquals("-ERR The 'default' user cannot be removed\r\n", admin.callRaw("ACL", "DELUSER", "default"));
            assertEquals(":1\r\n", admin.callRaw("ACL", "DELUSER", "carl", "nobody"));
            assertTrue(carl.closedByServer());
        }
    }

    @Test
    void dryrunReportsWithoutRunning() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port())) {
            admin.call("ACL", "SETUSER", "u1", "on", ">p", "~k*", "+get");
            assertEquals("+OK\r\n", admin.callRaw("ACL", "DRYRUN", "u1", "get", "k1"));
            assertEquals("$50\r\nThis user has no permissions to access the 'x' key\r\n",
                    admin.callRaw("ACL", "DRYRUN", "u1", "get", "x"));
            assertEquals("$53\r\nThis user has no permissions to run the 'set' command\r\n",
                    admin.callRaw("ACL", "DRYRUN", "u1", "set", "k1", "v"));
            assertEquals("-ERR User 'nobody' not found\r\n", admin.callRaw("ACL", "DRYRUN", "nobody", "get", "x"));
            assertEquals("-ERR Command 'nosuch' not found\r\n", admin.callRaw("ACL", "DRYRUN", "u1", "nosuch"));
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n",
                    admin.callRaw("ACL", "DRYRUN", "u1", "get"));
        }
    }

    @Test
    void keyFlagsFollowRedisKeySpecs() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port())) {
            admin.call("ACL", "SETUSER", "w", "on", "nopass", "+@all", "%W~w*", "%R~r*");
            // SET without GET only writes; with GET it also reads.
            assertEquals("+OK\r\n", admin.callRaw("ACL", "DRYRUN", "w", "set", "w1", "v"));
            assertTrue(((String) admin.call("ACL", "DRYRUN", "w", "set", "w1", "v", "GET")).contains("'w1' key"));
            assertEquals("+OK\r\n", admin.callRaw("ACL", "DRYRUN", "w", "get", "r1"));
            assertTrue(((String) admin.call("ACL", "DRYRUN", "w", "incr", "w1")).contains("'w1' key"),
                    "INCR reads and writes");
        }
    }

    @Test
    void genpassAndCat() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port())) {
            assertEquals(64, ((String) admin.call("ACL", "GENPASS")).length());
            assertEquals(2, ((String) admin.call("ACL", "GENPASS", "7")).length());
            assertEquals("-ERR ACL GENPASS argument must be the number of bits for the output password, a positive "
                    + "number up to 4096\r\n", admin.callRaw("ACL", "GENPASS", "0"));
            List<?> categories = (List<?>) admin.call("ACL", "CAT");
            assertEquals(21, categories.size());
            assertEquals("keyspace", categories.get(0));
            assertTrue(((List<?>) admin.call("ACL", "CAT", "connection")).contains("ping"));
            assertEquals("-ERR Unknown category 'nosuch'\r\n", admin.callRaw("ACL", "CAT", "nosuch"));
        }
    }

    @Test
    void aclFileSaveAndLoad() throws Exception {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "user default on nopass ~* &* +@all\nuser dave on >pw ~* +get\n");
        node = TestNodes.start("aclfile " + file);
        try (RawClient admin = new RawClient(node.port()); RawClient dave = new RawClient(node.port())) {
            assertEquals("+OK\r\n", dave.callRaw("AUTH", "dave", "pw"));
            admin.call("ACL", "SETUSER", "erin", "on", "nopass");
            assertEquals("+OK\r\n", admin.callRaw("ACL", "SAVE"));
            assertTrue(Files.readString(file).contains("user erin on nopass resetchannels -@all\n"));
            Files.writeString(file, "user default on nopass ~* &* +@all\nuser dave on >pw2 ~* +get\nbad line\n");
            assertTrue(admin.callRaw("ACL", "LOAD").startsWith("-ERR " + file + ":3 should start with user keyword"));
            Files.writeString(file, "user default on nopass ~* &* +@all\nuser dave on >pw2 ~* +get\n");
            assertEquals("+OK\r\n", admin.callRaw("ACL", "LOAD"));
            assertTrue(dave.closedByServer(), "clients of reloaded users are disconnected");
            assertEquals(List.of("dave", "default"), admin.call("ACL", "USERS"));
        }
    }

    @Test
    void withoutAclFileSaveAndLoadFail() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port())) {
            assertTrue(admin.callRaw("ACL", "SAVE").startsWith("-ERR This Redis instance is not configured to use an ACL file."));
        }
    }

    @Test
    void userDirectivesInTheConfigCreateUsers() {
        node = TestNodes.start("user frank on >secret ~f* +@read");
        try (RawClient frank = new RawClient(node.port())) {
            assertEquals("+OK\r\n", frank.callRaw("AUTH", "frank", "secret"));
            assertEquals("$-1\r\n", frank.callRaw("GET", "f1"));
            assertTrue(frank.callRaw("SET", "f1", "x").startsWith("-NOPERM"));
        }
    }

    @Test
    void commandsQueuedInMultiAreCheckedAgainAtExec() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port()); RawClient gina = new RawClient(node.port())) {
            admin.call("ACL", "SETUSER", "gina", "on", "nopass", "~*", "+@all");
            gina.call("AUTH", "gina", "x");
            gina.call("MULTI");
            gina.call("SET", "a", "1");
            admin.call("ACL", "SETUSER", "gina", "-set");
            assertEquals("*1\r\n-NOPERM ACLs rules changed between the moment the transaction was accumulated and the "
                    + "EXEC call. This command is no longer allowed for the following reason: no permission to execute "
                    + "the command or subcommand\r\n", gina.callRaw("EXEC"));
        }
    }

    @Test
    void subscribersLosingChannelPermissionAreDisconnected() {
        node = TestNodes.start();
        try (RawClient admin = new RawClient(node.port()); RawClient hank = new RawClient(node.port())) {
            admin.call("ACL", "SETUSER", "hank", "on", "nopass", "+@all", "resetchannels", "&news");
            hank.call("AUTH", "hank", "x");
            hank.call("SUBSCRIBE", "news");
            admin.call("ACL", "SETUSER", "hank", "&sport");
            hank.timeoutMillis(300);
            assertEquals(false, hank.closedByServer(), "still allowed: news is kept");
            admin.call("ACL", "SETUSER", "hank", "resetchannels", "&sport");
            hank.timeoutMillis(5000);
            assertTrue(hank.closedByServer());
        }
    }

    @Test
    void sessionsOpenedByTheServerRunWithoutAclLikeRedisInternalClients() {
        node = TestNodes.start("user default on nopass ~* &* -@all +ping +get");
        try (RawClient client = new RawClient(node.port())) {
            assertTrue(client.callRaw("SET", "k", "v").startsWith("-NOPERM"));
        }
        String reply = node.server().call(() -> {
            io.vigil.node.server.ClientSession internal = node.server().openSession(
                    new io.netty.channel.embedded.EmbeddedChannel(), io.vigil.node.server.ClientKind.NORMAL);
            internal.authenticate("default");
            byte[][] argv = {"SET".getBytes(), "k".getBytes(), "v".getBytes()};
            node.server().dispatch(internal, new io.vigil.node.resp.Request(argv, 0, false));
            io.netty.buffer.ByteBuf out = internal.writer().drain();
            String text = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            out.release();
            node.server().closeSession(internal);
            return text;
        });
        assertEquals("+OK\r\n", reply);
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("$1\r\nv\r\n", client.callRaw("GET", "k"));
        }
    }
}
