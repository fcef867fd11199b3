package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.rdb.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GEOADD, GEOPOS, GEODIST and GEOHASH as Redis 7.0's: the scores GEOADD stores, the decoded
 * positions, distances and geohash strings, compared with a real redis-server (skipped without one,
 * except in CI), and GEOADD replicated as the ZADD Redis rewrites it into.
 */
class GeoCommandsTest {
    private static VigilNode node;
    private static final List<String> STREAM = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        node = TestNodes.start("enable-debug-command yes");
        TestNodes.recordPropagation(node, STREAM);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void geoaddStoresTheGeohashAsAScoreAndReplicatesAsZadd() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("FLUSHALL");
            STREAM.clear();
            assertEquals(2L, c.call("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"));
            // the values of Redis's documentation
            assertEquals("3479099956230698", c.call("ZSCORE", "Sicily", "Palermo"));
            assertEquals("166274.1516", c.call("GEODIST", "Sicily", "Palermo", "Catania"));
            assertEquals(List.of("sqc8b49rny0", "sqdtr74hyu0"), c.call("GEOHASH", "Sicily", "Palermo", "Catania"));
            assertEquals(List.of("13.36138933897018433", "38.11555639549629859"),
                    ((List<?>) c.call("GEOPOS", "Sicily", "Palermo")).get(0));
        }
        STREAM.removeIf(command -> command.startsWith("SELECT") || command.startsWith("FLUSHALL"));
        assertEquals(List.of("zadd Sicily 3479099956230698 Palermo 3479447370796909 Catania"), STREAM);
    }

    private static final String[] CASES = {
            "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", "ZRANGE g 0 -1 WITHSCORES",
            "GEOADD g NX 0 0 zero -180 -85.05112878 corner1 180 85.05112878 corner2 CH",
            "GEOADD g XX CH 1 1 zero 2 2 nothere", "GEOADD g NX XX 1 1 a", "GEOADD g 1 1", "GEOADD g 181 0 bad",
            "GEOADD g 0 86 bad", "GEOADD g x 0 bad", "GEOADD g 1e400 0 bad", "GEOADD g -180.0000001 0 bad",
            "GEOADD g CH 1 2 p1 1 2 p1", "ZRANGE g 0 -1 WITHSCORES",
            "GEOPOS g Palermo Catania nothere zero corner1 corner2 p1", "GEOPOS nokey a", "GEOPOS g",
            "GEOHASH g Palermo Catania nothere zero corner1 corner2 p1", "GEOHASH nokey a", "GEOHASH g",
            "GEODIST g Palermo Catania", "GEODIST g Palermo Catania km", "GEODIST g Palermo Catania MI",
            "GEODIST g Palermo Catania ft", "GEODIST g Palermo Catania m", "GEODIST g Palermo Catania yd",
            "GEODIST g Palermo Catania km x", "GEODIST g Palermo nothere", "GEODIST nokey a b", "GEODIST g zero zero",
            "GEODIST g corner1 corner2", "GEODIST g zero p1", "SET s x", "GEOADD s 1 1 a", "GEOPOS s a",
            "GEOHASH s a", "GEODIST s a b", "ZADD g 0 z0 -5 neg 4503599627370495 big", "GEOPOS g z0 neg big",
            "GEOHASH g z0 big", "COMMAND INFO geoadd geopos geodist geohash",
            "GEOADD v 10 10 a 10 20 b 10 -80 c 10 85 d -179.9 1 e -179.9 -1.5 f 0.123 33.3 g 0.123 -12.7 h",
            "GEODIST v a b", "GEODIST v a c km", "GEODIST v c d", "GEODIST v e f mi", "GEODIST v g h ft", "GEODIST v b d",
    };

    @Test
    void sameRepliesAsRealRedis() throws Exception {
        Path dir = Files.createTempDirectory("vigil-geo");
        try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
             RawClient real = new RawClient(redis.port()); RawClient ours = new RawClient(node.port())) {
            List<String> mismatches = new ArrayList<>();
            for (int protocol : new int[]{2, 3}) {
                for (RawClient c : List.of(real, ours)) {
                    c.call("FLUSHALL");
                    c.call("HELLO", Integer.toString(protocol));
                }
                List<String[]> commands = new ArrayList<>();
                for (String line : CASES) {
                    commands.add(Commands.split(line));
                }
                Random random = new Random(protocol);
                for (int i = 0; i < 300; i++) {
                    String lon = Double.toString(random.nextDouble() * 360 - 180);
                    String lat = Double.toString(random.nextDouble() * 170.1 - 85.05);
                    commands.add(new String[]{"GEOADD", "r", lon, lat, "m" + i});
                }
                for (int i = 0; i < 300; i++) {
                    commands.add(new String[]{"GEOPOS", "r", "m" + i, "m" + random.nextInt(300)});
                    commands.add(new String[]{"GEOHASH", "r", "m" + i});
                    commands.add(new String[]{"GEODIST", "r", "m" + i, "m" + random.nextInt(300),
                            new String[]{"m", "km", "ft", "mi"}[random.nextInt(4)]});
                }
                for (String[] args : commands) {
                    String expected = real.callRaw(args);
                    String actual = ours.callRaw(args);
                    if (!expected.equals(actual) && mismatches.size() < 20) {
                        mismatches.add("RESP" + protocol + " " + String.join(" ", args) + "\n  redis: " + expected.trim()
                                + "\n  vigil: " + actual.trim());
                    }
                }
                assertEquals(real.call("DEBUG", "DIGEST"), ours.call("DEBUG", "DIGEST"));
            }
            assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
