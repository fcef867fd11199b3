package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.rdb.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO: replies, errors, stored bytes
 * and propagation as Redis 7.0's, and a table of cases compared byte for byte with a real
 * redis-server (skipped without one, except in CI).
 */
class BitmapCommandsTest {
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

    @BeforeEach
    void flush() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("FLUSHALL");
        }
        STREAM.clear();
    }

    @Test
    void setbitReturnsTheOldBitAndGrowsTheStringWithZeros() {
        try (RawClient c = new RawClient(node.port())) {
            assertEquals(0L, c.call("SETBIT", "b", "7", "1"));
            assertEquals("\u0001", c.call("GET", "b"));
            assertEquals(1L, c.call("SETBIT", "b", "7", "0"));
            assertEquals(0L, c.call("SETBIT", "b", "17", "1"));
            assertEquals(3L, c.call("STRLEN", "b"));
            assertEquals(1L, c.call("GETBIT", "b", "17"));
            assertEquals(0L, c.call("GETBIT", "b", "1000"));
            assertEquals(0L, c.call("GETBIT", "missing", "3"));
            assertEquals("raw", c.call("OBJECT", "ENCODING", "b"));
        }
    }

    @Test
    void bitArgumentsAreCheckedWithRedisTexts() {
        try (RawClient c = new RawClient(node.port())) {
            assertEquals("-ERR bit offset is not an integer or out of range\r\n", c.callRaw("SETBIT", "b", "-1", "1"));
            assertEquals("-ERR bit offset is not an integer or out of range\r\n", c.callRaw("SETBIT", "b", "4294967296", "1"));
            assertEquals("-ERR bit offset is not an integer or out of range\r\n", c.callRaw("GETBIT", "b", "x"));
            assertEquals("-ERR bit is not an integer or out of range\r\n", c.callRaw("SETBIT", "b", "1", "2"));
            assertEquals("-ERR bit is not an integer or out of range\r\n", c.callRaw("SETBIT", "b", "1", "x"));
            c.call("RPUSH", "l", "a");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    c.callRaw("SETBIT", "l", "1", "1"));
            assertEquals("-ERR BITOP NOT must be called with a single source key.\r\n",
                    c.callRaw("BITOP", "NOT", "d", "a", "b"));
            assertEquals("-ERR syntax error\r\n", c.callRaw("BITOP", "NAND", "d", "a"));
            assertEquals("-ERR BITFIELD_RO only supports the GET subcommand\r\n",
                    c.callRaw("BITFIELD_RO", "b", "GET", "u8", "0", "SET", "u8", "0", "1"));
            assertEquals("-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n",
                    c.callRaw("BITFIELD", "b", "GET", "u64", "0"));
            assertEquals("-ERR Invalid OVERFLOW type specified\r\n", c.callRaw("BITFIELD", "b", "OVERFLOW", "x"));
        }
    }

    @Test
    void bitcountAndBitposTakeByteAndBitRanges() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("SET", "s", "foobar");
            assertEquals(26L, c.call("BITCOUNT", "s"));
            assertEquals(4L, c.call("BITCOUNT", "s", "0", "0"));
            assertEquals(6L, c.call("BITCOUNT", "s", "1", "1"));
            assertEquals(17L, c.call("BITCOUNT", "s", "5", "30", "BIT"));
            assertEquals(0L, c.call("BITCOUNT", "s", "-1", "-2"));
            c.call("BITFIELD", "p", "SET", "u24", "0", Integer.toString(0xfff000));
            assertEquals(12L, c.call("BITPOS", "p", "0"));
            assertEquals(16L, c.call("BITPOS", "p", "0", "2"));
            assertEquals(-1L, c.call("BITPOS", "p", "1", "2", "-1"));
            assertEquals(7L, c.call("BITPOS", "p", "1", "7", "15", "BIT"));
            assertEquals(-1L, c.call("BITPOS", "missing", "1"));
            assertEquals(0L, c.call("BITPOS", "missing", "0"));
        }
    }

    @Test
    void bitopCombinesStringsOfDifferentLengthsAndDeletesOnEmptyResult() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("SET", "a", "\u0001\u0003");
            c.call("SET", "b", "\u0002");
            c.call("SET", "d", "x", "EX", "100");
            assertEquals(2L, c.call("BITOP", "OR", "d", "a", "b"));
            assertEquals("\u0003\u0003", c.call("GET", "d"));
            assertEquals(-1L, c.call("TTL", "d"), "the result replaces the key and its TTL");
            assertEquals(2L, c.call("BITOP", "AND", "d", "a", "b"));
            assertEquals("\u0000\u0000", c.call("GET", "d"));
            assertEquals(0L, c.call("BITOP", "XOR", "d", "nokey", "nokey2"));
            assertEquals(0L, c.call("EXISTS", "d"));
        }
    }

    @Test
    void bitfieldHandlesSignedUnsignedOverflowAndHashOffsets() {
        try (RawClient c = new RawClient(node.port())) {
            assertEquals(List.of(0L, 200L), c.call("BITFIELD", "f", "SET", "u8", "#1", "200", "GET", "u8", "8"));
            assertEquals(List.of(-56L), c.call("BITFIELD", "f", "GET", "i8", "8"));
            assertEquals(List.of(144L), c.call("BITFIELD", "f", "INCRBY", "u8", "#1", "200"), "wraps by default");
            assertEquals(List.of(255L), c.call("BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "u8", "8", "200"));
            assertEquals(java.util.Arrays.asList(new Object[]{null}),
                    c.call("BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", "8", "1"));
            assertEquals(List.of(0L, 127L), c.call("BITFIELD", "f", "OVERFLOW", "SAT", "SET", "i8", "0", "1000", "GET", "i8", "0"));
            assertEquals(List.of(127L), c.call("BITFIELD_RO", "f", "GET", "i8", "0"));
            assertEquals(List.of(-128L), c.call("BITFIELD", "f", "INCRBY", "i8", "0", "1"), "signed wrap goes to the minimum");
            assertEquals(List.of(), c.call("BITFIELD", "f"));
        }
    }

    @Test
    void writesPropagateOnlyWhenSomethingChanged() {
        try (RawClient c = new RawClient(node.port())) {
            for (String command : new String[]{"SETBIT b 3 1", "SETBIT b 3 1", "SETBIT b 3 0", "SETBIT b 100 0",
                    "BITFIELD f OVERFLOW FAIL INCRBY u2 0 5", "BITFIELD f GET u2 0", "BITFIELD f SET u2 0 0",
                    "BITFIELD g SET u2 0 0", "BITFIELD g INCRBY i5 100 1 GET u4 0", "BITOP AND d nokey",
                    "SET d x", "BITOP AND d nokey", "BITOP NOT e b", "BITFIELD_RO g GET u2 0"}) {
                c.call(Commands.split(command));
            }
            assertEquals(1L, c.call("EXISTS", "f"), "a failed BITFIELD still creates the key, as in Redis");
        }
        STREAM.removeIf(command -> command.startsWith("SELECT"));
        assertEquals(List.of("SETBIT b 3 1", "SETBIT b 3 0", "SETBIT b 100 0", "BITFIELD g SET u2 0 0",
                "BITFIELD g INCRBY i5 100 1 GET u4 0", "SET d x", "BITOP AND d nokey", "BITOP NOT e b"), STREAM);
    }

    /** Cases whose replies must be byte-identical to a real Redis 7.0's, in RESP2 and RESP3. */
    private static final String[] CASES = {
            "SET s foobar", "SET n 12345", "SET e ''", "RPUSH l a", "SET p '\u00ff\u00f0\u0000'",
            "BITCOUNT nokey", "BITCOUNT nokey 1", "BITCOUNT nokey a b", "BITCOUNT l", "BITCOUNT l a",
            "BITCOUNT s 1", "BITCOUNT s a b", "BITCOUNT s 0 x", "BITCOUNT s -1 -2 x", "BITCOUNT s 1 2 x",
            "BITCOUNT s 0 -1 bit", "BITCOUNT s 5 30 BIT", "BITCOUNT s 1 2 3 4", "BITCOUNT s 0 -1", "BITCOUNT s -3 -1",
            "BITCOUNT s -100 100", "BITCOUNT s 100 200", "BITCOUNT s 2 1", "BITCOUNT s -10 -20 bit",
            "BITCOUNT s 3 3 bit", "BITCOUNT s -5 -1 BIT", "BITCOUNT s 7 8 bit", "BITCOUNT s 9 47 byte",
            "BITCOUNT n", "BITCOUNT n 1 2", "BITCOUNT e", "BITCOUNT e 0 -1 bit", "BITCOUNT s 9223372036854775807 -1",
            "BITCOUNT s -9223372036854775808 -1 bit",
            "BITPOS nokey 1", "BITPOS nokey 0", "BITPOS nokey 2", "BITPOS nokey 1 a", "BITPOS l 1", "BITPOS l 2",
            "BITPOS s 2", "BITPOS s x", "BITPOS s 1 a", "BITPOS s 1 0 -1 x", "BITPOS s 0 -1 -2 x", "BITPOS s 1 2 -1 bit",
            "BITPOS s 0 3", "BITPOS s 1 0 -1 bit bit", "BITPOS s 0 0 -1 bit", "BITPOS nokey 1 0 -1 x",
            "BITPOS p 0", "BITPOS p 1", "BITPOS p 0 0 1", "BITPOS p 0 0 0", "BITPOS p 0 1", "BITPOS p 0 2",
            "BITPOS p 0 2 -1", "BITPOS p 1 2", "BITPOS p 1 1 -1", "BITPOS p 0 0 11 bit", "BITPOS p 0 0 12 bit",
            "BITPOS p 0 3 9 bit", "BITPOS p 1 12 23 bit", "BITPOS p 1 13 14 bit", "BITPOS p 0 9 10 bit",
            "BITPOS p 0 -5 -1 bit", "BITPOS p 1 -12 -1 bit", "BITPOS p 0 100 200", "BITPOS p 0 3 2",
            "BITPOS p 1 0 0 bit", "BITPOS p 0 0 7 bit", "BITPOS p 0 8 11 bit", "BITPOS p 0 1 1 byte",
            "BITPOS e 0", "BITPOS e 1", "BITPOS e 0 0 -1", "BITPOS n 1", "BITPOS n 0 2",
            "GETBIT s 0", "GETBIT s 1", "GETBIT s 47", "GETBIT s 48", "GETBIT n 2", "GETBIT s -1", "GETBIT s x",
            "GETBIT s 4294967296", "GETBIT l 0", "GETBIT nokey 0", "GETBIT s 01", "GETBIT s +1",
            "SETBIT b 7 1", "SETBIT b 7 1", "SETBIT b 7 0", "SETBIT b 100 1", "GET b", "SETBIT b -1 1",
            "SETBIT b 1 2", "SETBIT b 1 -1", "SETBIT b 1 x", "SETBIT b 4294967296 1",
            "SETBIT l 1 1", "SETBIT n 0 1", "GET n", "OBJECT ENCODING n", "SETBIT x 0 01",
            "BITOP AND d s n", "GET d", "BITOP OR d s n", "GET d", "BITOP XOR d s n p", "GET d", "BITOP NOT d s",
            "GET d", "BITOP NOT d s n", "BITOP nand d s", "BITOP AND d nokey", "EXISTS d", "BITOP OR d l",
            "BITOP or d e", "EXISTS d", "BITOP and d p nokey", "GET d", "OBJECT ENCODING d",
            "BITFIELD f", "BITFIELD f GET u8 0", "BITFIELD f SET u8 #1 200 GET u8 8", "BITFIELD f GET i8 8",
            "BITFIELD f INCRBY u8 #1 200", "BITFIELD f OVERFLOW SAT INCRBY u8 8 200",
            "BITFIELD f OVERFLOW FAIL INCRBY u8 8 1", "BITFIELD f OVERFLOW SAT SET i8 0 1000 GET i8 0",
            "BITFIELD f OVERFLOW SAT INCRBY i8 0 -1000", "BITFIELD f OVERFLOW WRAP INCRBY i8 0 -1000",
            "BITFIELD f OVERFLOW FAIL INCRBY i8 0 -1000", "BITFIELD f OVERFLOW FAIL SET i8 0 -129",
            "BITFIELD f OVERFLOW FAIL SET u8 0 256", "BITFIELD f OVERFLOW WRAP SET u8 0 -1", "GET f",
            "BITFIELD f SET i64 0 -1 GET u63 0 GET u63 1 GET i64 0", "BITFIELD f INCRBY i64 0 -9223372036854775808",
            "BITFIELD f OVERFLOW SAT INCRBY i64 0 -9223372036854775808",
            "BITFIELD f OVERFLOW SAT INCRBY i64 0 9223372036854775807 INCRBY i64 0 1",
            "BITFIELD f OVERFLOW WRAP INCRBY i64 0 9223372036854775807",
            "BITFIELD f OVERFLOW SAT SET u63 3 -1 GET u63 3", "BITFIELD f OVERFLOW FAIL INCRBY u63 3 1",
            "BITFIELD f OVERFLOW SAT INCRBY u1 100 -5 INCRBY i1 100 -5 INCRBY i1 100 1", "GET f",
            "BITFIELD f GET u64 0", "BITFIELD f GET i65 0", "BITFIELD f GET u0 0", "BITFIELD f GET x8 0",
            "BITFIELD f GET '' 0", "BITFIELD f GET u8", "BITFIELD f SET u8 0", "BITFIELD f FOO u8 0",
            "BITFIELD f GET u8 -1", "BITFIELD f GET u8 #-1", "BITFIELD f GET u8 ##1", "BITFIELD f GET u8 #x",
            "BITFIELD f OVERFLOW", "BITFIELD f OVERFLOW foo", "BITFIELD f GET u8 0 OVERFLOW",
            "BITFIELD f SET u8 0 x", "BITFIELD f INCRBY u8 0 1.5", "BITFIELD f GET u8 4294967296",
            "BITFIELD f GET u8 #536870912", "BITFIELD f GET u8 #536870911", "BITFIELD l GET u8 0",
            "BITFIELD l SET u8 0 1", "BITFIELD nokey2 GET u8 0 GET i3 7", "EXISTS nokey2",
            "BITFIELD n GET u8 0 GET u16 4 GET i5 20 GET u63 30", "BITFIELD_RO n GET u8 0",
            "BITFIELD_RO n SET u8 0 1", "BITFIELD_RO n INCRBY u8 0 1 GET x 0", "BITFIELD_RO nokey GET u8 0",
            "BITFIELD_RO l GET u8 0", "BITFIELD_RO n", "BITFIELD f2 OVERFLOW FAIL SET u2 0 9", "EXISTS f2", "GET f2",
            "BITFIELD f3 SET i5 3 -7 INCRBY u3 #5 9 GET i64 0 GET u32 #0 SET u1 41 1", "GET f3",
            "BITFIELD f3 get U8 0 Set u8 0 1 incrBY u8 0 1 overflow Sat", "BITFIELD f3 GET I8 0",
            "COMMAND INFO setbit getbit bitcount bitpos bitop bitfield bitfield_ro", "COMMAND GETKEYS BITOP AND d a b",
            "COMMAND DOCS bitfield",
    };

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void sameRepliesAsRealRedis(int protocol) throws Exception {
        Path dir = Files.createTempDirectory("vigil-bitmap");
        try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
             RawClient real = new RawClient(redis.port()); RawClient ours = new RawClient(node.port())) {
            List<String> mismatches = new ArrayList<>();
            for (RawClient c : List.of(real, ours)) {
                c.call("FLUSHALL");
                c.call("HELLO", Integer.toString(protocol));
            }
            for (String line : CASES) {
                String[] args = Commands.split(line);
                String expected = real.callRaw(args);
                String actual = ours.callRaw(args);
                if (!expected.equals(actual)) {
                    mismatches.add(line + "\n  redis: " + expected.trim() + "\n  vigil: " + actual.trim());
                }
            }
            List<String> random = randomCommands(new Random(protocol));
            for (String[] args : random.stream().map(Commands::split).toList()) {
                String expected = real.callRaw(args);
                String actual = ours.callRaw(args);
                if (!expected.equals(actual)) {
                    mismatches.add(String.join(" ", args) + "\n  redis: " + expected.trim() + "\n  vigil: " + actual.trim());
                }
                if (mismatches.size() > 20) {
                    break;
                }
            }
            assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
            assertEquals(real.call("DEBUG", "DIGEST"), ours.call("DEBUG", "DIGEST"));
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /** A seeded mix of bit writes and reads over a few keys, with random ranges, widths and offsets. */
    private static List<String> randomCommands(Random random) {
        List<String> commands = new ArrayList<>();
        String[] keys = {"r1", "r2", "r3"};
        for (int i = 0; i < 1500; i++) {
            String key = keys[random.nextInt(keys.length)];
            int kind = random.nextInt(9);
            String unit = random.nextBoolean() ? "BIT" : "BYTE";
            switch (kind) {
                case 0, 1 -> commands.add("SETBIT " + key + " " + random.nextInt(300) + " " + random.nextInt(2));
                case 2 -> commands.add("GETBIT " + key + " " + random.nextInt(320));
                case 3 -> commands.add("BITCOUNT " + key + " " + (random.nextInt(90) - 45) + " "
                        + (random.nextInt(90) - 45) + (random.nextBoolean() ? " " + unit : ""));
                case 4 -> {
                    int args = random.nextInt(4);
                    StringBuilder c = new StringBuilder("BITPOS " + key + " " + random.nextInt(2));
                    if (args >= 1) {
                        c.append(' ').append(random.nextInt(400) - 200);
                    }
                    if (args >= 2) {
                        c.append(' ').append(random.nextInt(400) - 200);
                    }
                    if (args == 3) {
                        c.append(' ').append(unit);
                    }
                    commands.add(c.toString());
                }
                case 5 -> commands.add("BITOP " + new String[]{"AND", "OR", "XOR"}[random.nextInt(3)] + " "
                        + keys[random.nextInt(3)] + " " + keys[random.nextInt(3)] + " " + keys[random.nextInt(3)]);
                case 6 -> commands.add("GET " + key);
                default -> {
                    StringBuilder c = new StringBuilder("BITFIELD " + key);
                    int ops = 1 + random.nextInt(3);
                    for (int j = 0; j < ops; j++) {
                        if (random.nextInt(4) == 0) {
                            c.append(" OVERFLOW ").append(new String[]{"WRAP", "SAT", "FAIL"}[random.nextInt(3)]);
                        }
                        boolean signed = random.nextBoolean();
                        int bits = 1 + random.nextInt(signed ? 64 : 63);
                        String type = (signed ? "i" : "u") + bits;
                        String offset = random.nextInt(4) == 0 ? "#" + random.nextInt(6) : Integer.toString(random.nextInt(200));
                        long value = switch (random.nextInt(4)) {
                            case 0 -> random.nextLong();
                            case 1 -> random.nextInt(20) - 10;
                            case 2 -> (1L << Math.min(62, bits)) - random.nextInt(3);
                            default -> -(1L << Math.min(62, bits - 1)) + random.nextInt(3) - 1;
                        };
                        switch (random.nextInt(3)) {
                            case 0 -> c.append(" GET ").append(type).append(' ').append(offset);
                            case 1 -> c.append(" SET ").append(type).append(' ').append(offset).append(' ').append(value);
                            default -> c.append(" INCRBY ").append(type).append(' ').append(offset).append(' ').append(value);
                        }
                    }
                    commands.add(c.toString());
                }
            }
        }
        return commands;
    }
}
