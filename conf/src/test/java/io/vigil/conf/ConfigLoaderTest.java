package io.vigil.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private LoadResult load(String content) throws Exception {
        Path f = dir.resolve("node.conf");
        Files.writeString(f, content, StandardCharsets.ISO_8859_1);
        return ConfigLoader.loadFile(f, LoadOptions.defaults(dir), false);
    }

    private ConfigException fail(String content) {
        return assertThrows(ConfigException.class, () -> load(content));
    }

    @Test
    void badIntegerReportsRedisBlockAndFileLine() {
        ConfigException e = fail("port 6380\nport \"abc\"\n");
        String file = dir.resolve("node.conf").toString();
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 2\n"
                + ">>> 'port \"abc\"'\n"
                + "argument couldn't be parsed into an integer\n"
                + file + ":2: argument couldn't be parsed into an integer\n", e.formatFatal());
        assertEquals(file, e.source());
        assertEquals(2, e.sourceLine());
        assertEquals(2, e.redisLine());
        assertEquals("port \"abc\"", e.lineText());
        assertEquals("argument couldn't be parsed into an integer", e.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "port \"abc|1|port \"abc|Unbalanced quotes in configuration line",
            "port \"6380\"x|1|port \"6380\"x|Unbalanced quotes in configuration line",
            "port '6380'x|1|port '6380'x|Unbalanced quotes in configuration line",
            "# c\\n\\nfoo bar|3|foo bar|Bad directive or wrong number of arguments",
            "port 1 2|1|port 1 2|wrong number of arguments",
            "port|1|port|wrong number of arguments",
            "sentinel monitor x 1 2 3|1|sentinel monitor x 1 2 3|sentinel directive while not in sentinel mode",
            "save 1|1|save 1|Invalid save parameters",
            "save 0 1|1|save 0 1|Invalid save parameters",
            "maxmemory 10x|1|maxmemory 10x|argument must be a memory value",
            "loglevel foo|1|loglevel foo|argument(s) must be one of the following: debug, verbose, notice, warning",
            "list-max-ziplist-entries 5\\nlist-max-ziplist-entries|2|list-max-ziplist-entries|Bad directive or wrong number of arguments",
            "replicaof 127.0.0.1|1|replicaof 127.0.0.1|wrong number of arguments",
            "replicaof 127.0.0.1 abc|1|replicaof 127.0.0.1 abc|Invalid master port",
            "client-output-buffer-limit normal 0 0|1|client-output-buffer-limit normal 0 0|Wrong number of arguments in buffer limit configuration.",
            "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17|1|bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17|Too many bind addresses specified.",
            "notify-keyspace-events Q|1|notify-keyspace-events Q|Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
            "my.mod|1|my.mod|Module config specified without value",
            "dir /nonexistent-vigil|1|dir /nonexistent-vigil|No such file or directory",
            "oom-score-adj-values 1 2|1|oom-score-adj-values 1 2|wrong number of arguments",
            "oom-score-adj-values 1 2 x|1|oom-score-adj-values 1 2 x|Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
            "  PORT   99999  |1|PORT   99999|argument must be between 0 and 65535 inclusive",
            "maxclients 0|1|maxclients 0|argument must be between 1 and 4294967295 inclusive",
            "proto-max-bulk-len 1k|1|proto-max-bulk-len 1k|argument must be between 1048576 and 9223372036854775807 inclusive",
            "maxmemory-clients 101%|1|maxmemory-clients 101%|percentage argument must be less or equal to 100",
            "activerehashing maybe|1|activerehashing maybe|argument must be 'yes' or 'no'",
            "dbfilename a/b.rdb|1|dbfilename a/b.rdb|dbfilename can't be a path, just a filename",
            "shutdown-on-sigint save nosave|1|shutdown-on-sigint save nosave|shutdown options SAVE and NOSAVE can't be used simultaneously",
            "unixsocketperm 999|1|unixsocketperm 999|argument couldn't be parsed as an octal number",
            "unixsocketperm 1777|1|unixsocketperm 1777|argument must be between 0 and 777 inclusive",
            "latency-tracking-info-percentiles 50 abc|1|latency-tracking-info-percentiles 50 abc|Invalid latency-tracking-info-percentiles parameters"})
    void everyErrorHasRedisTextAndLine(String content, int line, String text, String reason) {
        ConfigException e = fail(content.replace("\\n", "\n"));
        assertEquals(reason, e.reason());
        assertEquals(line, e.redisLine());
        assertEquals(line, e.sourceLine());
        assertEquals(text, e.lineText());
        assertTrue(e.formatFatal().contains("Reading the configuration file, at line " + line + "\n>>> '" + text + "'\n"
                + reason + "\n"), e.formatFatal());
    }

    @Test
    void missingIncludeIsLoggedWithIncludingFileAndLine() {
        ConfigException e = fail("port 1\ninclude /nonexistent-vigil.conf\n");
        assertEquals(ConfigException.Kind.LOGGED, e.kind());
        assertEquals("Fatal error, can't open config file '/nonexistent-vigil.conf': No such file or directory", e.reason());
        assertEquals(2, e.sourceLine());
        assertEquals(dir.resolve("node.conf") + ":2: " + e.reason(), e.fileLineReason());
    }

    @Test
    void missingConfigFileIsLogged() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.loadFile(dir.resolve("none.conf"), LoadOptions.defaults(dir), false));
        assertEquals("Fatal error, can't open config file '" + dir.resolve("none.conf")
                + "': No such file or directory\n" + dir.resolve("none.conf") + ": Fatal error, can't open config file '"
                + dir.resolve("none.conf") + "': No such file or directory\n", e.formatFatal());
    }

    @Test
    void unopenableLogfileHasNoLinePart() {
        ConfigException e = fail("logfile /nonexistent-vigil/x.log\n");
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory\n"
                + dir.resolve("node.conf") + ": Can't open the log file: No such file or directory\n", e.formatFatal());
    }

    @Test
    void includeIsRelativeToWorkingDirAndErrorsNameTheIncludedFile() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/inc.conf"), "hz 20\n\nport x\n");
        ConfigException e = fail("port 1\ninclude sub/inc.conf\n");
        assertEquals(dir.resolve("sub/inc.conf").toString(), e.source());
        assertEquals(3, e.redisLine());
        assertEquals(3, e.sourceLine());
        Files.writeString(dir.resolve("sub/inc.conf"), "hz 20\nport 7001\n");
        NodeConfig c = load("port 1\ninclude sub/inc.conf\nmaxclients 7\n").config();
        assertEquals("7001", c.get("port"));
        assertEquals("20", c.get("hz"));
        assertEquals("7", c.get("maxclients"));
    }

    @Test
    void includeFollowsDirChanges() throws Exception {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/inc.conf"), "hz 33\n");
        NodeConfig c = load("dir d\ninclude inc.conf\n").config();
        assertEquals("33", c.get("hz"));
        assertEquals(dir.resolve("d").toRealPath().toString(), c.get("dir"));
    }

    @Test
    void globIncludeLoadsMatchesInOrderAndSkipsNoMatch() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/b.conf"), "hz 2\n");
        Files.writeString(dir.resolve("conf.d/a.conf"), "hz 1\nmaxclients 5\n");
        Files.writeString(dir.resolve("conf.d/.hidden.conf"), "hz 99\n");
        NodeConfig c = load("include conf.d/*.conf\ninclude nothing/*.conf\n").config();
        assertEquals("2", c.get("hz"));
        assertEquals("5", c.get("maxclients"));
        Files.writeString(dir.resolve("conf.d/b.conf"), "hz 2\nbogus\n");
        ConfigException e = fail("include " + dir.resolve("conf.d") + "/[ab].conf\n");
        assertEquals(dir.resolve("conf.d/b.conf").toString(), e.source());
        assertEquals(2, e.sourceLine());
        assertEquals(4, e.redisLine());
    }

    @Test
    void includeOfADirectoryIsEmpty() throws Exception {
        Files.createDirectories(dir.resolve("adir"));
        assertEquals("9", load("include adir\nhz 9\n").config().get("hz"));
    }

    @Test
    void saveLinesAddUpAndReplaceTheDefaults() throws Exception {
        assertEquals("900 1 300 10", load("save 900 1\nsave 300 10\n").config().get("save"));
        assertEquals("", load("save \"\"\n").config().get("save"));
        assertEquals("3600 1 300 100 60 10000", load("port 1\n").config().get("save"));
    }

    @Test
    void saveAfterAnIncludeReplacesLikeRedis() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "hz 11\n");
        assertEquals("300 10", load("include inc.conf\nsave 900 1\nsave 300 10\n").config().get("save"));
    }

    @Test
    void renameCommandIsCheckedAgainstTheCommandTable() throws Exception {
        Path f = dir.resolve("r.conf");
        LoadOptions o = LoadOptions.defaults(dir).withCommandNames(Set.of("get", "set", "keys"));
        Files.writeString(f, "rename-command FOO bar\n");
        assertEquals("No such command in rename-command",
                assertThrows(ConfigException.class, () -> ConfigLoader.loadFile(f, o, false)).reason());
        Files.writeString(f, "rename-command get set\n");
        assertEquals("Target command name already exists",
                assertThrows(ConfigException.class, () -> ConfigLoader.loadFile(f, o, false)).reason());
        Files.writeString(f, "rename-command get \"\"\nrename-command SET get\n");
        assertEquals(List.of(new RenameCommand("get", ""), new RenameCommand("SET", "get")),
                ConfigLoader.loadFile(f, o, false).config().renameCommands());
    }

    @Test
    void userLinesGoThroughTheAclValidator() throws Exception {
        Path f = dir.resolve("u.conf");
        Files.writeString(f, "user alice on >p ~* +@all xx\n");
        LoadOptions o = LoadOptions.defaults(dir).withUserValidator(
                argv -> argv.contains("xx") ? new UserDeclarationValidator.Rejection("~*", "Syntax error") : null);
        assertEquals("Error in user declaration '~*': Syntax error",
                assertThrows(ConfigException.class, () -> ConfigLoader.loadFile(f, o, false)).reason());
        Files.writeString(f, "user alice on >p ~* +@all\n");
        assertEquals(List.of(List.of("alice", "on", ">p", "~*", "+@all")),
                ConfigLoader.loadFile(f, o, false).config().userDirectives());
    }

    @Test
    void moduleConfigWithoutLoadmoduleAborts() {
        ConfigException e = fail("my.mod 5\n");
        assertEquals("Module Configuration detected without loadmodule directive or no ApplyConfig call: aborting",
                e.reason());
    }

    @Test
    void directiveNamesAreCaseInsensitiveAndAliasesWork() throws Exception {
        NodeConfig c = load("PORT 7000\nSlaveOf 10.0.0.1 6380\nhash-max-ziplist-entries 9\nslave-read-only no\n").config();
        assertEquals("7000", c.get("port"));
        assertEquals("10.0.0.1 6380", c.get("replicaof"));
        assertEquals("10.0.0.1 6380", c.get("slaveof"));
        assertEquals("9", c.get("hash-max-listpack-entries"));
        assertEquals("no", c.get("replica-read-only"));
    }

    @Test
    void hzIsClampedAfterLoading() throws Exception {
        assertEquals("500", load("hz 1000\n").config().get("hz"));
        assertEquals("1", load("hz 0\n").config().get("hz"));
    }

    @Test
    void stockDebianRedisConfLoads() throws Exception {
        String stock;
        try (InputStream in = getClass().getResourceAsStream("debian-redis-7.0.15.conf")) {
            stock = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        NodeConfig c = ConfigLoader.loadString(stock, "redis.conf", LoadOptions.defaults(dir).withCheckFilesystem(false),
                false).config();
        assertEquals("127.0.0.1 -::1", c.get("bind"));
        assertEquals("6379", c.get("port"));
        assertEquals("yes", c.get("daemonize"));
        assertEquals("/run/redis/redis-server.pid", c.get("pidfile"));
        assertEquals("/var/lib/redis", c.get("dir"));
        assertEquals("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                c.get("client-output-buffer-limit"));
        assertTrue(c.ignoredDirectives().contains("always-show-logo"));
        assertTrue(!c.ignoredDirectives().contains("port"));
    }

    @Test
    void sentinelLinesAreQueuedInSentinelMode() throws Exception {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, "port 26400\nsentinel monitor mymaster 127.0.0.1 6379 2\n\nSENTINEL down-after-milliseconds mymaster 5000\nsentinel\n");
        LoadResult r = ConfigLoader.loadFile(f, LoadOptions.defaults(dir), true);
        assertEquals(2, r.sentinelDirectives().size());
        SentinelDirective d = r.sentinelDirectives().get(1);
        assertEquals(List.of("down-after-milliseconds", "mymaster", "5000"), d.args());
        assertEquals(4, d.sourceLine());
        assertEquals("SENTINEL down-after-milliseconds mymaster 5000", d.lineText());
        assertEquals(4, d.error("negative or zero time parameter.").redisLine());
        assertEquals("26400", r.config().get("port"));
        Files.writeString(f, "sentinel monitor m 127.0.0.1 6379 2\n");
        NodeConfig c = ConfigLoader.loadFile(f, LoadOptions.defaults(dir), true).config();
        assertEquals("26379", c.get("port"));
        assertEquals("no", c.get("protected-mode"));
    }

    @Test
    void embeddedDefaultConfigLoadsToRedisDefaults() throws Exception {
        NodeConfig c = ConfigLoader.loadString(DefaultConfigs.defaultNodeConfig(), "default-node.conf",
                LoadOptions.defaults(dir), false).config();
        NodeConfig d = NodeConfig.defaults(dir);
        for (ConfigEntry e : d.configGet(List.of("*"))) {
            assertEquals(e.value(), c.get(e.name()), e.name());
        }
    }
}
