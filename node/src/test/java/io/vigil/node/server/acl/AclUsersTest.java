package io.vigil.node.server.acl;

import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AclUsersTest {
    private CommandTable table;
    private AclUsers users;

    private static CommandSpec.Builder cmd(String name, int arity, String... categories) {
        return CommandSpec.builder(name, arity).categories(categories).handler(call -> {
        });
    }

    @BeforeEach
    void setUp() {
        table = new CommandTable();
        table.register(cmd("get", 2, "string").flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1));
        table.register(cmd("set", -3, "string").flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1));
        table.register(cmd("mget", -2, "string").flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, -1, 1));
        table.register(cmd("hget", 3, "hash").flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1));
        table.register(cmd("hset", -4, "hash").flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1));
        table.register(cmd("hdel", -3, "hash").flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1));
        table.register(cmd("select", 2, "connection").flags(CommandFlag.FAST));
        table.register(cmd("auth", -2, "connection").flags(CommandFlag.NO_AUTH, CommandFlag.FAST));
        table.register(cmd("publish", 3).flags(CommandFlag.PUBSUB, CommandFlag.FAST));
        table.register(cmd("subscribe", -2).flags(CommandFlag.PUBSUB));
        table.register(cmd("psubscribe", -2).flags(CommandFlag.PUBSUB));
        table.register(cmd("client", -2)
                .subcommand(cmd("list", -2, "connection").flags(CommandFlag.ADMIN))
                .subcommand(cmd("id", 2, "connection")));
        users = new AclUsers(table);
        users.commandsRegistered();
    }

    private static byte[][] argv(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private String describe(String name) {
        return users.get(name).describe(users.universe());
    }

    private AclDenial check(String user, String... args) {
        CommandSpec spec = table.lookup(args[0]);
        if (spec.hasSubcommands()) {
            spec = spec.subcommands().get(args[1]);
        }
        return users.check(users.get(user), spec, argv(args));
    }

    @Test
    void defaultUserIsDescribedAsRedisDoes() {
        assertEquals("on nopass ~* &* +@all", describe("default"));
        assertTrue(users.newConnectionsAuthenticated());
    }

    @Test
    void newUserIsOffWithNoPermissions() throws Exception {
        users.setUser("carl", List.of());
        assertEquals("off resetchannels -@all", describe("carl"));
        users.setUser("carl", List.of("on"));
        assertEquals("on resetchannels -@all", describe("carl"));
    }

    @Test
    void passwordsAreStoredAsSha256AndChecked() throws Exception {
        users.setUser("bob", List.of("on", ">p1"));
        assertEquals("on #f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a resetchannels -@all",
                describe("bob"));
        assertNotNull(users.authenticate("bob", "p1".getBytes(StandardCharsets.UTF_8)));
        assertNull(users.authenticate("bob", "p2".getBytes(StandardCharsets.UTF_8)));
        users.setUser("bob", List.of("off"));
        assertNull(users.authenticate("bob", "p1".getBytes(StandardCharsets.UTF_8)), "disabled users never authenticate");
        assertNull(users.authenticate("nobody", "p1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void removingAMissingPasswordFailsWithRedisText() {
        AclSetUserException e = assertThrows(AclSetUserException.class, () -> users.setUser("bob", List.of("<nope")));
        assertEquals("Error in ACL SETUSER modifier '<nope': The password you are trying to remove from the user does "
                + "not exist", e.replyText());
    }

    @Test
    void badHashIsRefused() {
        AclSetUserException e = assertThrows(AclSetUserException.class, () -> users.setUser("bob", List.of("#abc")));
        assertEquals("The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
                e.reason());
    }

    @Test
    void setUserIsAllOrNothing() throws Exception {
        users.setUser("bob", List.of("on", "+get"));
        assertThrows(AclSetUserException.class, () -> users.setUser("bob", List.of("+set", "+nosuch")));
        assertEquals("on resetchannels -@all +get", describe("bob"));
        assertThrows(AclSetUserException.class, () -> users.setUser("newbie", List.of("on", "foo")));
        assertNull(users.get("newbie"));
    }

    @Test
    void unknownCommandsAndCategoriesAreRefused() {
        for (String rule : List.of("+nosuch", "+@nosuch", "+client|nosuch", "-get|x")) {
            AclSetUserException e = assertThrows(AclSetUserException.class, () -> users.setUser("u", List.of(rule)));
            assertEquals("Unknown command or category name in ACL", e.reason(), rule);
        }
        AclSetUserException syntax = assertThrows(AclSetUserException.class, () -> users.setUser("u", List.of("%X~a")));
        assertEquals("Syntax error", syntax.reason());
    }

    @Test
    void patternsAfterAllKeysOrAllChannelsAreRefused() {
        AclSetUserException keys = assertThrows(AclSetUserException.class,
                () -> users.setUser("u", List.of("~*", "~x")));
        assertEquals(AclRuleException.KEYS_AFTER_ALL, keys.reason());
        AclSetUserException channels = assertThrows(AclSetUserException.class,
                () -> users.setUser("u", List.of("&*", "&x")));
        assertEquals(AclRuleException.CHANNELS_AFTER_ALL, channels.reason());
    }

    @Test
    void keyPatternsWithReadAndWritePermissionsAreDescribed() throws Exception {
        users.setUser("u", List.of("~k*", "%R~r*", "%W~w*", "&ch"));
        assertEquals("off ~k* %R~r* %W~w* resetchannels &ch -@all", describe("u"));
        assertEquals("~k* %R~r* %W~w*", users.get("u").describeKeys());
        assertEquals("&ch", users.get("u").describeChannels());
    }

    @Test
    void resetClearsEverythingAndSetsSanitizePayload() throws Exception {
        users.setUser("u", List.of("on", ">x", "~*", "&*", "+@all", "reset"));
        assertEquals("off sanitize-payload resetchannels -@all", describe("u"));
    }

    @Test
    void commandRulesStartFromAllOrNothing() throws Exception {
        users.setUser("a", List.of("+@all", "-get"));
        assertEquals("off resetchannels +@all -get", describe("a"));
        users.setUser("b", List.of("+@all", "-@all", "+get", "-get"));
        assertEquals("off resetchannels -@all", describe("b"));
        users.setUser("c", List.of("+@all", "-get", "+get"));
        assertEquals("off resetchannels +@all", describe("c"));
    }

    @Test
    void categoriesThatFitBestAreEmittedFirst() throws Exception {
        users.setUser("h", List.of("+@hash"));
        assertEquals("off resetchannels -@all +@hash", describe("h"));
        users.setUser("h2", List.of("+@hash", "-hdel"));
        assertEquals("off resetchannels -@all +@hash -hdel", describe("h2"));
    }

    @Test
    void firstArgumentsAreAllowedAndDroppedByAFullRule() throws Exception {
        users.setUser("s", List.of("on", "nopass", "+select|0"));
        assertEquals("on nopass resetchannels -@all +select|0", describe("s"));
        assertNull(check("s", "select", "0"));
        assertNotNull(check("s", "select", "1"));
        users.setUser("s", List.of("-select"));
        assertEquals("on nopass resetchannels -@all", describe("s"));
    }

    @Test
    void subcommandsHaveTheirOwnPermission() throws Exception {
        users.setUser("c", List.of("+client|id"));
        assertEquals("off resetchannels -@all +client|id", describe("c"));
        assertNull(check("c", "client", "id"));
        AclDenial denied = check("c", "client", "list");
        assertEquals(AclDenial.Reason.COMMAND, denied.reason());
        assertEquals("NOPERM this user has no permissions to run the 'client|list' command", denied.error());
        users.setUser("c", List.of("+client", "-client|list"));
        assertEquals("off resetchannels -@all +client -client|list", describe("c"));
    }

    @Test
    void keysNeedAMatchingPatternWithTheRightAccess() throws Exception {
        users.setUser("k", List.of("+@all", "%R~r*", "%W~w*", "~rw*"));
        assertNull(check("k", "get", "r1"));
        assertNull(check("k", "get", "rw1"));
        AclDenial write = check("k", "set", "r1", "v");
        assertEquals(AclDenial.Reason.KEY, write.reason());
        assertEquals("NOPERM this user has no permissions to access one of the keys used as arguments", write.error());
        assertEquals("This user has no permissions to access the 'r1' key", write.dryRunMessage());
        assertNotNull(check("k", "get", "w1"));
        assertNotNull(check("k", "mget", "r1", "x"));
        assertNull(check("k", "mget", "r1", "rw2"));
    }

    @Test
    void channelsAreCheckedForPublishAndSubscribe() throws Exception {
        users.setUser("p", List.of("+@all", "~*", "resetchannels", "&news.*"));
        assertNull(check("p", "publish", "news.1", "m"));
        AclDenial denied = check("p", "publish", "sport", "m");
        assertEquals("NOPERM this user has no permissions to access one of the channels used as arguments",
                denied.error());
        assertNull(check("p", "subscribe", "news.a", "news.b"));
        assertNotNull(check("p", "subscribe", "news.a", "x"));
        // A pattern subscription must match a channel rule literally.
        assertNull(check("p", "psubscribe", "news.*"));
        assertNotNull(check("p", "psubscribe", "news.1*"));
    }

    @Test
    void noAuthCommandsAreAlwaysAllowed() throws Exception {
        users.setUser("n", List.of("on", "nopass"));
        assertNull(check("n", "auth", "x"));
        assertNotNull(check("n", "get", "x"));
    }

    @Test
    void defaultUserCannotBeDeletedAndDeletionNotifies() throws Exception {
        List<String> dropped = new java.util.ArrayList<>();
        users.onInvalidated(dropped::add);
        users.setUser("gone", List.of("on"));
        assertThrows(IllegalArgumentException.class, () -> users.delete("default"));
        assertTrue(users.delete("gone"));
        assertFalse(users.delete("gone"));
        assertEquals(List.of("gone"), dropped);
    }

    @Test
    void requirePassStyleDefaultUserNeedsAuth() throws Exception {
        users.defaultUser().apply("resetpass", users.universe());
        users.defaultUser().apply(">secret", users.universe());
        assertTrue(users.defaultUserRequiresAuth());
        assertFalse(users.newConnectionsAuthenticated());
        assertNotNull(users.authenticate("default", "secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void usernamesWithSpacesAreRefused() {
        AclSetUserException e = assertThrows(AclSetUserException.class, () -> users.setUser("a b", List.of()));
        assertEquals("Usernames can't contain spaces or null characters", e.replyText());
    }

    @Test
    void listIsSortedByName() throws Exception {
        users.setUser("zed", List.of());
        users.setUser("alice", List.of());
        assertEquals(List.of("user alice off resetchannels -@all", "user default on nopass ~* &* +@all",
                "user zed off resetchannels -@all"), users.describeAll());
    }
}
