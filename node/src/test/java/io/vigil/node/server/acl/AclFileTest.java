package io.vigil.node.server.acl;

import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AclFileTest {
    @TempDir
    Path dir;

    private AclUsers users() {
        CommandTable table = new CommandTable();
        table.register(CommandSpec.builder("get", 2).flags(CommandFlag.READONLY).categories("string").keys(1, 1, 1)
                .handler(call -> {
                }));
        AclUsers users = new AclUsers(table);
        users.commandsRegistered();
        return users;
    }

    @Test
    void loadReportsEveryBadLineInRedisWordsAndChangesNothing() throws Exception {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "user default on nopass ~* &* +@all\nuser bob on >pw +nosuch\nfoo bar\nuser bob on\n");
        AclUsers users = users();
        AclFile.LoadException e = assertThrows(AclFile.LoadException.class, () -> AclFile.load(file, users));
        assertEquals(file + ":2: Error in applying operation '+nosuch': Unknown command or category name in ACL. "
                + file + ":3 should start with user keyword followed by the username. "
                + "WARNING: Duplicate user 'bob' found on line 4. "
                + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed",
                e.getMessage());
    }

    @Test
    void saveThenLoadRoundTripsUsers() throws Exception {
        Path file = dir.resolve("users.acl");
        AclUsers users = users();
        users.setUser("bob", List.of("on", ">pw", "+get", "~k*"));
        AclFile.save(file, users);
        // GET is the only @read command here, so the describer picks that category, as Redis would.
        assertEquals("user bob on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~k* "
                + "resetchannels -@all +@read\nuser default on nopass ~* &* +@all\n", Files.readString(file));
        AclUsers other = users();
        Map<String, AclUser> loaded = AclFile.load(file, other);
        other.replaceAll(loaded);
        assertEquals(users.describeAll(), other.describeAll());
        assertTrue(other.authenticate("bob", "pw".getBytes()) != null);
    }

    @Test
    void loadingWithoutDefaultRestoresTheBuiltInDefaultUser() throws Exception {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "# comment\n\nuser alice on nopass +get\n");
        AclUsers users = users();
        users.defaultUser().apply("off", users.universe());
        AclUser before = users.defaultUser();
        users.replaceAll(AclFile.load(file, users));
        assertEquals("user default on nopass ~* &* +@all", users.describeAll().get(1));
        assertTrue(before == users.defaultUser(), "the default user object is kept, as Redis copies into it");
    }
}
