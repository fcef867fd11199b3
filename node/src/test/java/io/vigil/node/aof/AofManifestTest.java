package io.vigil.node.aof;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AofManifestTest {
    private static AofManifest parse(String text) throws AofFormatException {
        return AofManifest.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAndWritesRedisManifestText() throws Exception {
        String redis = "file appendonly.aof.3.base.rdb seq 3 type b\n"
                + "file appendonly.aof.2.incr.aof seq 2 type h\n"
                + "file appendonly.aof.3.incr.aof seq 3 type i\n"
                + "file appendonly.aof.4.incr.aof seq 4 type i\n";
        AofManifest manifest = parse(redis);
        assertEquals("appendonly.aof.3.base.rdb", manifest.base().fileName());
        assertEquals(List.of("appendonly.aof.3.incr.aof", "appendonly.aof.4.incr.aof"),
                manifest.incr().stream().map(AofManifest.Entry::fileName).toList());
        assertEquals(redis, manifest.render());
    }

    @Test
    void keysMayComeInAnyOrderAndCommentsAreSkipped() throws Exception {
        AofManifest manifest = parse("# a comment\ntype b seq 1 file base.rdb\n  file \"in cr.aof\" seq 1 type i  \n");
        assertEquals("base.rdb", manifest.base().fileName());
        assertEquals("in cr.aof", manifest.incr().get(0).fileName());
        assertEquals("file base.rdb seq 1 type b\nfile \"in cr.aof\" seq 1 type i\n", manifest.render());
    }

    @Test
    void sequencesAdvanceAsRedisNamesFiles() {
        AofManifest manifest = new AofManifest();
        assertEquals("appendonly.aof.1.base.rdb", manifest.newBase("appendonly.aof", true));
        assertEquals("appendonly.aof.1.incr.aof", manifest.lastIncr("appendonly.aof"));
        assertEquals("appendonly.aof.2.incr.aof", manifest.newIncr("appendonly.aof"));
        assertEquals("appendonly.aof.2.base.aof", manifest.newBase("appendonly.aof", false));
        manifest.markRewrittenIncrAsHistory(true);
        assertEquals("file appendonly.aof.2.base.aof seq 2 type b\n"
                + "file appendonly.aof.1.base.rdb seq 1 type h\n"
                + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n", manifest.render());
        manifest.clearHistory();
        assertEquals(1, manifest.incr().size());
    }

    @Test
    void malformedManifestsAreRefusedWithRedisMessages() {
        assertEquals("Found an empty AOF manifest", assertThrows(AofFormatException.class, () -> parse("")).getMessage());
        assertEquals("Invalid AOF manifest file format",
                assertThrows(AofFormatException.class, () -> parse("file a seq 1\n")).getMessage());
        assertEquals("Invalid AOF manifest file format",
                assertThrows(AofFormatException.class, () -> parse("\n")).getMessage());
        assertEquals("Found duplicate base file information", assertThrows(AofFormatException.class,
                () -> parse("file a seq 1 type b\nfile b seq 2 type b\n")).getMessage());
        assertEquals("Found a non-monotonic sequence number", assertThrows(AofFormatException.class,
                () -> parse("file a seq 2 type i\nfile b seq 2 type i\n")).getMessage());
        assertEquals("Unknown AOF file type", assertThrows(AofFormatException.class,
                () -> parse("file a seq 2 type x\n")).getMessage());
        assertEquals("File can't be a path, just a filename", assertThrows(AofFormatException.class,
                () -> parse("file ../a seq 2 type i\n")).getMessage());
        assertEquals("The AOF manifest file contains too long line", assertThrows(AofFormatException.class,
                () -> parse("file a seq 2 type i")).getMessage());
    }

    @Test
    void anEmptyManifestHasNoFiles() {
        AofManifest manifest = new AofManifest();
        assertNull(manifest.base());
        assertEquals("", manifest.render());
    }
}
