package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.rdb.RealRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Bitmaps and HyperLogLogs replicate both ways between vigil-node and a real redis-server 7.0:
 * a full sync (their strings inside the RDB) then a live stream of SETBIT, BITFIELD, BITOP, PFADD,
 * PFCOUNT (which stores its cache) and PFMERGE, after which DEBUG DIGEST, which hashes every
 * string's bytes, is the same on master and replica.
 */
class BitmapHllReplicationTest {
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private RealRedis redis(String... extra) throws Exception {
        Path dir = Files.createTempDirectory("vigil-bits-repl");
        dir.toFile().deleteOnExit();
        List<String> args = new ArrayList<>(List.of("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0"));
        args.addAll(List.of(extra));
        RealRedis redis = RealRedis.start(dir, args.toArray(String[]::new));
        started.add(redis);
        return redis;
    }

    private VigilNode vigil() {
        VigilNode node = TestNodes.start("enable-debug-command yes", "repl-diskless-sync-delay 0");
        started.add(node::close);
        return node;
    }

    /** A seeded mix of bitmap and HyperLogLog writes over a few keys. */
    private static List<String[]> writes(long seed, int count) {
        Random random = new Random(seed);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String bitKey = "b" + random.nextInt(3);
            String hllKey = "h" + random.nextInt(3);
            switch (random.nextInt(7)) {
                case 0 -> out.add(new String[]{"SETBIT", bitKey, Integer.toString(random.nextInt(4000)),
                        Integer.toString(random.nextInt(2))});
                case 1 -> out.add(new String[]{"BITFIELD", bitKey, "OVERFLOW", random.nextBoolean() ? "SAT" : "WRAP",
                        "INCRBY", "i" + (1 + random.nextInt(64)), "#" + random.nextInt(50),
                        Long.toString(random.nextLong() >> random.nextInt(64)), "SET", "u8", Integer.toString(random.nextInt(3000)),
                        Integer.toString(random.nextInt(256))});
                case 2 -> out.add(new String[]{"BITOP", new String[]{"AND", "OR", "XOR"}[random.nextInt(3)],
                        "b" + random.nextInt(3), "b" + random.nextInt(3), "b" + random.nextInt(3)});
                case 3, 4 -> {
                    List<String> args = new ArrayList<>(List.of("PFADD", hllKey));
                    int n = 1 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 20);
                    for (int j = 0; j < n; j++) {
                        args.add("m" + random.nextInt(1_000_000));
                    }
                    out.add(args.toArray(String[]::new));
                }
                case 5 -> out.add(new String[]{"PFCOUNT", hllKey});
                default -> out.add(new String[]{"PFMERGE", hllKey, "h" + random.nextInt(3)});
            }
        }
        return out;
    }

    private static void run(RawClient master, List<String[]> commands) {
        for (String[] command : commands) {
            Object reply = master.call(command);
            if (reply instanceof RawClient.Error e) {
                throw new AssertionError(String.join(" ", command) + ": " + e.text());
            }
        }
    }

    private static void awaitSameDigest(RawClient master, RawClient replica) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> master.call("DEBUG", "DIGEST").equals(replica.call("DEBUG", "DIGEST")));
        assertNotEquals("0".repeat(40), master.call("DEBUG", "DIGEST"));
        for (String key : List.of("b0", "b1", "b2", "h0", "h1", "h2")) {
            assertEquals(master.call("GET", key), replica.call("GET", key), key);
        }
    }

    @Test
    void vigilMasterToRealReplica() throws Exception {
        VigilNode master = vigil();
        try (RawClient m = new RawClient(master.port())) {
            run(m, writes(1, 150));
            RealRedis replica = redis("--replicaof", "127.0.0.1", Integer.toString(master.port()));
            try (RawClient r = new RawClient(replica.port())) {
                awaitSameDigest(m, r);
                run(m, writes(2, 300));
                awaitSameDigest(m, r);
            }
        }
    }

    @Test
    void realMasterToVigilReplica() throws Exception {
        RealRedis master = redis();
        VigilNode replica = vigil();
        try (RawClient m = new RawClient(master.port()); RawClient r = new RawClient(replica.port())) {
            run(m, writes(3, 150));
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            awaitSameDigest(m, r);
            run(m, writes(4, 300));
            awaitSameDigest(m, r);
        }
    }
}
