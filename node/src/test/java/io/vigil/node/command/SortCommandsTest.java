package io.vigil.node.command;

import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import io.vigil.node.rdb.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SORT and SORT_RO: orders, patterns, LIMIT, STORE and errors as Redis 7.0's, compared with a real
 * redis-server for a table of cases (skipped without one, except in CI).
 */
class SortCommandsTest {
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
    void sortsNumericallyAlphabeticallyAndByPatterns() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("RPUSH", "l", "3", "10", "1", "2.5");
            assertEquals(List.of("1", "2.5", "3", "10"), c.call("SORT", "l"));
            assertEquals(List.of("1", "10", "2.5", "3"), c.call("SORT", "l", "ALPHA"));
            assertEquals(List.of("3", "2.5"), c.call("SORT", "l", "DESC", "LIMIT", "1", "2"));
            c.call("MSET", "w_3", "1", "w_10", "2", "w_1", "3", "w_2.5", "4");
            c.call("HSET", "h_1", "f", "one");
            assertEquals(List.of("3", "10", "1", "2.5"), c.call("SORT", "l", "BY", "w_*"));
            assertEquals(java.util.Arrays.asList("1", null, "2", null), c.call("SORT", "l", "BY", "w_*", "LIMIT", "0", "2",
                    "GET", "w_*", "GET", "h_*->f"));
            assertEquals(List.of("3", "10", "1", "2.5"), c.call("SORT", "l", "BY", "nosort"));
            assertEquals("-ERR One or more scores can't be converted into double\r\n",
                    c.callRaw("SORT", "l", "BY", "h_*->f"));
        }
    }

    @Test
    void storeWritesAListAndPropagatesVerbatim() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("SADD", "s", "b", "a", "c");
            c.call("SET", "dst", "x", "EX", "100");
            assertEquals(3L, c.call("SORT", "s", "BY", "nosort", "STORE", "dst"));
            assertEquals(List.of("a", "b", "c"), c.call("LRANGE", "dst", "0", "-1"), "a set stored without order is ALPHA");
            assertEquals(-1L, c.call("TTL", "dst"));
            assertEquals(0L, c.call("SORT", "nokey", "STORE", "dst"));
            assertEquals(0L, c.call("EXISTS", "dst"));
            assertEquals("-ERR syntax error\r\n", c.callRaw("SORT_RO", "s", "STORE", "dst"));
        }
        STREAM.removeIf(command -> command.startsWith("SELECT"));
        assertEquals(List.of("SADD s b a c", "SET dst x PXAT " + STREAM.get(1).substring(15),
                "SORT s BY nosort STORE dst", "SORT nokey STORE dst"), STREAM);
    }

    @Test
    void patternsNeedAccessToEveryKey() {
        try (RawClient c = new RawClient(node.port())) {
            c.call("ACL", "SETUSER", "limited", "on", "nopass", "~l*", "+@all");
            c.call("RPUSH", "l", "1");
            c.call("AUTH", "limited", "x");
            assertEquals("-ERR BY option of SORT denied due to insufficient ACL permissions.\r\n",
                    c.callRaw("SORT", "l", "BY", "w_*"));
            assertEquals("-ERR GET option of SORT denied due to insufficient ACL permissions.\r\n",
                    c.callRaw("SORT", "l", "GET", "#"));
            assertEquals(List.of("1"), c.call("SORT", "l", "BY", "nosort"));
        }
    }

    private static final String[] CASES = {
            "RPUSH l 3 10 1 2.5 -4 1e3 inf -inf 0x10 ' 7'", "SORT l", "SORT l DESC", "SORT l ALPHA", "SORT l ALPHA DESC",
            "SORT l LIMIT 2 3", "SORT l LIMIT -1 2", "SORT l LIMIT 3 -1", "SORT l LIMIT 100 3", "SORT l LIMIT 0 0",
            "SORT l LIMIT 1", "SORT l LIMIT a 1", "SORT l FOO", "SORT l BY nosort", "SORT l BY nosort DESC",
            "SORT l BY nosort LIMIT 1 3", "SORT l BY nosort DESC LIMIT 2 4", "SORT l BY nosort LIMIT 20 4",
            "SORT_RO l", "SORT_RO l STORE x", "SORT l GET #", "SORT l GET nokey", "SORT l GET # GET w_*",
            "MSET w_3 5 w_10 5 w_1 -1 w_2.5 x w_-4 3", "SORT l BY w_*", "SORT l BY w_* ALPHA", "SORT l BY w_* DESC",
            "SET w_2.5 2", "SORT l BY w_*", "SORT l BY w_* LIMIT 1 3", "SORT l BY w_* ALPHA LIMIT 1 3 GET #",
            "HSET h_3 f 30 g a", "HSET h_10 f 5", "HSET h_1 f 7", "SORT l BY h_*->f", "SORT l BY h_*->f GET h_*->g GET #",
            "SORT l BY h_*-> GET h_*->", "SORT l GET h_*->f", "SORT l BY w_* STORE dst", "LRANGE dst 0 -1",
            "SORT l BY w_* GET # GET h_*->f STORE dst", "LRANGE dst 0 -1", "OBJECT ENCODING dst",
            "SADD s 5 3 9 1", "SORT s", "SORT s DESC", "SORT s BY nosort STORE dst", "LRANGE dst 0 -1",
            "SADD t b a c", "SORT t", "SORT t ALPHA", "SORT t ALPHA STORE dst", "LRANGE dst 0 -1",
            "SORT t BY nosort STORE dst", "LRANGE dst 0 -1", "SORT t BY nosort DESC STORE dst", "LRANGE dst 0 -1",
            "ZADD z 3 a 1 b 2 c 2 d", "SORT z ALPHA", "SORT z BY nosort", "SORT z BY nosort DESC",
            "SORT z BY nosort LIMIT 1 2", "SORT z BY nosort DESC LIMIT 1 2", "SORT z", "MSET w_a 3 w_b 1 w_c 2 w_d 2",
            "SORT z BY w_*", "SORT z BY w_* DESC", "SORT z BY w_* GET w_*",
            "SET str x", "SORT str", "HSET hh a b", "SORT hh", "SORT nokey", "SORT nokey STORE dst", "EXISTS dst",
            "SORT l STORE dst", "SET dst x EX 100", "SORT l LIMIT 0 2 STORE dst", "TTL dst", "LRANGE dst 0 -1",
            "SORT l ALPHA STORE dst", "LRANGE dst 0 -1", "RPUSH e ''", "SORT e", "RPUSH e2 1 '' 2", "SORT e2",
            "SORT l BY w_* GET #  GET w_* DESC", "SORT l by W_* Get # alpha Desc limit 0 4",
            "COMMAND INFO sort sort_ro", "COMMAND GETKEYS SORT l STORE dst", "COMMAND GETKEYS SORT l STORE a LIMIT 0 1 STORE b",
            "COMMAND GETKEYSANDFLAGS SORT l GET store STORE b", "COMMAND GETKEYS SORT l STORE",
            "DEL l", "RPUSH l 5 3 8 1 9 2 7 4 6 0 11 15 13 12 14 10 20 19 18 17 16", "SORT l BY nokey_* LIMIT 3 6",
            "SORT l BY nokey_* ALPHA LIMIT 0 5", "SORT l BY nokey_* DESC LIMIT 10 5", "SORT l BY nokey_*",
    };

    @Test
    void sameRepliesAsRealRedis() throws Exception {
        Path dir = Files.createTempDirectory("vigil-sort");
        try (RealRedis redis = RealRedis.start(dir, "--enable-debug-command", "yes");
             RawClient real = new RawClient(redis.port()); RawClient ours = new RawClient(node.port())) {
            real.call("FLUSHALL");
            List<String> mismatches = new ArrayList<>();
            for (String line : CASES) {
                String[] args = Commands.split(line);
                String expected = real.callRaw(args);
                String actual = ours.callRaw(args);
                if (!expected.equals(actual)) {
                    mismatches.add(line + "\n  redis: " + expected.trim() + "\n  vigil: " + actual.trim());
                }
            }
            assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
            assertEquals(real.call("DEBUG", "DIGEST"), ours.call("DEBUG", "DIGEST"));
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
