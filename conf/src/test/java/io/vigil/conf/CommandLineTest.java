package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path dir;

    private CommandLine parse(String... args) {
        return CommandLine.parse("vigil-node", List.of(args), dir);
    }

    private NodeConfig load(String stdin, String... args) throws Exception {
        LoadOptions o = LoadOptions.defaults(dir)
                .withStdin(() -> new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.ISO_8859_1)));
        return ConfigLoader.load(parse(args), o).config();
    }

    @Test
    void optionsBecomeQuotedConfigLines() {
        CommandLine cl = parse("--port", "7000", "--replicaof", "127.0.0.1 6379");
        assertEquals("port \"7000\" \nreplicaof \"127.0.0.1 6379\" ", cl.options());
        assertEquals(Optional.empty(), cl.configFile());
        assertFalse(cl.configFromStdin());
    }

    @Test
    void replicaofInOneArgumentIsSplitAgain() throws Exception {
        NodeConfig c = load(null, "--port", "7000", "--replicaof", "127.0.0.1 6379");
        assertEquals("7000", c.get("port"));
        assertEquals(Optional.of(new ReplicaOf("127.0.0.1", 6379)), c.replicaOf());
    }

    @Test
    void emptySaveMeansNoSavePoints() throws Exception {
        assertEquals("", load(null, "--save", "").get("save"));
        assertEquals("", load(null, "--port", "1", "--save").get("save"));
        NodeConfig c = load(null, "--save", "--port", "7001");
        assertEquals("", c.get("save"));
        assertEquals("7001", c.get("port"));
        assertEquals("save \"\"\nport \"7001\" ", parse("--save", "--port", "7001").options());
    }

    @Test
    void fileThenStdinThenOptionsLastOneWins() throws Exception {
        Files.writeString(dir.resolve("a.conf"), "port 1\nhz 5\nmaxclients 10\n");
        NodeConfig c = load("port 2\nhz 6\n", "a.conf", "--port", "3", "-");
        assertEquals("3", c.get("port"));
        assertEquals("6", c.get("hz"));
        assertEquals("10", c.get("maxclients"));
        assertEquals(Optional.of(dir.resolve("a.conf")), c.configFile());
    }

    @Test
    void stdinAloneIsRead() throws Exception {
        CommandLine cl = parse("-");
        assertTrue(cl.configFromStdin());
        assertEquals("8000", load("port 8000\n", "-").get("port"));
    }

    @Test
    void dashInTheMiddleIsAnOptionArgumentLikeRedis() throws Exception {
        Files.writeString(dir.resolve("ok.conf"), "port 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(null, "ok.conf", "-", "--maxmemory", "x"));
        assertEquals(3, e.redisLine());
        assertEquals("\"-\"", e.lineText());
        assertEquals("Bad directive or wrong number of arguments", e.reason());
        assertEquals(ConfigLoader.COMMAND_LINE, e.source());
        assertEquals(1, e.sourceLine());
    }

    @Test
    void optionErrorsCountLinesAcrossFileStdinAndOptions() throws Exception {
        Files.writeString(dir.resolve("ok.conf"), "port 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(null, "ok.conf", "--port", "7000", "--hz"));
        assertEquals(4, e.redisLine());
        assertEquals("hz", e.lineText());
        assertEquals("wrong number of arguments", e.reason());
        assertEquals("(command line):2: wrong number of arguments", e.fileLineReason());
        ConfigException s = assertThrows(ConfigException.class, () -> load("port 5\n", "-", "--maxmemory", "x"));
        assertEquals(3, s.redisLine());
        assertEquals("maxmemory \"x\"", s.lineText());
        ConfigException t = assertThrows(ConfigException.class, () -> load("port 5\nport y\n", "-"));
        assertEquals("(stdin):2: argument couldn't be parsed into an integer", t.fileLineReason());
    }

    @Test
    void versionAndHelpAreRecognisedOnlyFirst() {
        assertEquals(CommandLine.Action.VERSION, parse("-v").action());
        assertEquals(CommandLine.Action.VERSION, parse("--version").action());
        assertEquals(CommandLine.Action.HELP, parse("-h").action());
        assertEquals(CommandLine.Action.HELP, parse("--help", "x").action());
        assertEquals(CommandLine.Action.RUN, parse("a.conf", "--version").action());
    }

    @Test
    void sentinelModeFromFlagOrProgramName() throws Exception {
        assertTrue(parse("s.conf", "--sentinel").sentinelMode());
        assertTrue(CommandLine.parse("/usr/bin/vigil-sentinel", List.of("s.conf"), dir).sentinelMode());
        assertTrue(CommandLine.parse("redis-sentinel", List.of(), dir).sentinelMode());
        assertFalse(parse("s.conf").sentinelMode());
        assertEquals("sentinel \nport \"5\" ", parse("--sentinel", "--port", "5").options());
        Files.writeString(dir.resolve("s.conf"), "sentinel monitor m 127.0.0.1 6379 2\n");
        LoadResult r = ConfigLoader.load(parse("s.conf", "--sentinel", "--port", "26380"), LoadOptions.defaults(dir));
        assertEquals(1, r.sentinelDirectives().size());
        assertEquals("26380", r.config().get("port"));
    }

    @Test
    void noArgumentsLoadsNothing() throws Exception {
        CommandLine cl = parse();
        assertFalse(cl.hasArguments());
        NodeConfig c = ConfigLoader.load(cl, LoadOptions.defaults(dir)).config();
        assertEquals("3600 1 300 100 60 10000", c.get("save"));
        assertEquals(Optional.empty(), c.configFile());
    }

    @Test
    void relativeConfigFileIsMadeAbsolute() {
        assertEquals(Optional.of(dir.resolve("x/y.conf")), parse("x/../x/y.conf").configFile());
    }
}
