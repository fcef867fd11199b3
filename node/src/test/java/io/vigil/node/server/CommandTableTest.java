package io.vigil.node.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class CommandTableTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static CommandTable tableWith(String... names) {
        CommandTable table = new CommandTable();
        for (String name : names) {
            table.register(CommandSpec.builder(name, 1).handler(call -> { }));
        }
        return table;
    }

    @Test
    void lookupIgnoresAsciiCase() {
        CommandTable table = tableWith("get", "set", "client");
        assertSame(table.lookup("get"), table.lookup(b("GET")));
        assertSame(table.lookup("get"), table.lookup(b("gEt")));
        assertSame(table.lookup("client"), table.lookup(b("CLIENT")));
    }

    @Test
    void unknownNamesAndPrefixesAreNotFound() {
        CommandTable table = tableWith("get", "getex");
        assertNull(table.lookup(b("ge")));
        assertNull(table.lookup(b("gets")));
        assertNull(table.lookup(b("")));
        assertNull(table.lookup(b("g\u00c5t")));
    }

    @Test
    void renamedCommandAnswersOnlyUnderItsNewName() {
        CommandTable table = tableWith("flushall", "get");
        CommandSpec flushall = table.lookup("flushall");
        table.rename("FLUSHALL", "wipe-everything");
        assertNull(table.lookup(b("flushall")));
        assertSame(flushall, table.lookup(b("WIPE-EVERYTHING")));
        table.rename("get", "");
        assertNull(table.lookup(b("get")));
    }

    @Test
    void manyCommandsStayReachable() {
        CommandTable table = new CommandTable();
        for (int i = 0; i < 500; i++) {
            table.register(CommandSpec.builder("cmd" + i, 1).handler(call -> { }));
        }
        for (int i = 0; i < 500; i++) {
            assertSame(table.lookup("cmd" + i), table.lookup(b("CMD" + i)));
        }
    }
}
