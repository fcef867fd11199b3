package io.vigil.node.rdb;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A dataset with every type in its small and large encodings (integers, LZF-compressible and
 * binary strings, intsets and big integer sets, listpack and hashtable hashes and sorted sets,
 * multi-node lists), TTLs and several databases, in three forms: {@link RdbValue}s to write with
 * our writer, commands to build it in a real redis-server, and a normalized comparable form.
 */
final class TestDataset {
    /** db -> key -> value; keys and strings as ISO-8859-1 text so bytes compare exactly. */
    final Map<Integer, Map<String, Entry>> dbs = new TreeMap<>();

    record Entry(RdbValue value, long expireAtMillis) {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    void put(int db, String key, RdbValue value, long expireAt) {
        dbs.computeIfAbsent(db, d -> new LinkedHashMap<>()).put(key, new Entry(value, expireAt));
    }

    static TestDataset everyType(long nowMillis) {
        SplittableRandom random = new SplittableRandom(11);
        TestDataset d = new TestDataset();
        long hour = nowMillis + 3_600_000;
        d.put(0, "int", str("12345"), -1);
        d.put(0, "neg", str("-7"), -1);
        d.put(0, "bigint", str("9223372036854775807"), -1);
        d.put(0, "notcanonical", str("007"), -1);
        d.put(0, "str", str("hello"), -1);
        d.put(0, "empty", str(""), -1);
        d.put(0, "lzf", str("a".repeat(46)), -1);
        d.put(0, "lzfbig", str("abcdefgh".repeat(5000)), -1);
        byte[] binary = new byte[300];
        random.nextBytes(binary);
        d.put(0, "binary", new RdbValue.Str(0, binary), -1);
        d.put(0, "ttl", str("v"), hour);
        d.put(0, "ttl2", str("w"), hour + 12345);
        d.put(0, "lst", list("a", "b", "1", "2"), -1);
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            big.add(i % 3 == 0 ? Integer.toString(i - 1500) : "element-" + i);
        }
        big.add("x".repeat(10000));
        d.put(0, "biglist", list(big.toArray(new String[0])), hour);
        d.put(0, "h", hash("f1", "v1", "f2", "2"), -1);
        List<String> bigHash = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            bigHash.add("field" + i);
            bigHash.add(i % 2 == 0 ? Integer.toString(i * 1000) : "value" + i);
        }
        d.put(0, "bighash", hash(bigHash.toArray(new String[0])), -1);
        d.put(0, "hlongvalue", hash("f", "v".repeat(100)), -1);
        d.put(0, "iset", set("1", "2", "3", "-5", "70000", "5000000000"), -1);
        List<String> bigInts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            bigInts.add(Integer.toString(i * 7 - 100));
        }
        d.put(0, "bigiset", set(bigInts.toArray(new String[0])), -1);
        d.put(0, "sset", set("x", "y", "10"), -1);
        d.put(0, "zs", zset(new String[]{"a", "b", "c", "d", "e", "f"},
                new double[]{1, 2.5, Double.NEGATIVE_INFINITY, 1e300, -0.1, 3}), -1);
        String[] members = new String[200];
        double[] scores = new double[200];
        for (int i = 0; i < 200; i++) {
            members[i] = "member:" + i;
            scores[i] = i % 5 == 0 ? i : i / 7.0;
        }
        d.put(0, "bigzs", zset(members, scores), -1);
        d.put(0, "zlongmember", zset(new String[]{"m".repeat(100)}, new double[]{2}), hour);
        d.put(1, "one", str("1"), -1);
        d.put(1, "db1hash", hash("a", "b"), hour);
        d.put(1, "db1list", list("x"), -1);
        d.put(7, "seven", str("seventh database"), -1);
        return d;
    }

    static RdbValue str(String v) {
        return new RdbValue.Str(0, b(v));
    }

    static RdbValue list(String... v) {
        return new RdbValue.ListOf(18, Arrays.stream(v).map(TestDataset::b).toList());
    }

    static RdbValue set(String... v) {
        return new RdbValue.SetOf(2, Arrays.stream(v).map(TestDataset::b).toList(), false);
    }

    static RdbValue hash(String... v) {
        return new RdbValue.HashOf(4, Arrays.stream(v).map(TestDataset::b).toList(), false);
    }

    static RdbValue zset(String[] members, double[] scores) {
        return new RdbValue.ZSetOf(5, Arrays.stream(members).map(TestDataset::b).toList(), scores.clone(), false);
    }

    /** Normalized comparable form of a value: String, List, Set, Map field->value, Map member->score. */
    static Object normalize(RdbValue value) {
        if (value instanceof RdbValue.Str s) {
            return s(s.value());
        }
        if (value instanceof RdbValue.ListOf l) {
            return l.elements().stream().map(TestDataset::s).toList();
        }
        if (value instanceof RdbValue.SetOf set) {
            return new HashSet<>(set.members().stream().map(TestDataset::s).toList());
        }
        if (value instanceof RdbValue.HashOf h) {
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i < h.fieldsAndValues().size(); i += 2) {
                map.put(s(h.fieldsAndValues().get(i)), s(h.fieldsAndValues().get(i + 1)));
            }
            return map;
        }
        RdbValue.ZSetOf z = (RdbValue.ZSetOf) value;
        Map<String, Double> map = new HashMap<>();
        for (int i = 0; i < z.members().size(); i++) {
            map.put("zset:" + s(z.members().get(i)), z.scores()[i]);
        }
        return map;
    }

    Map<Integer, Map<String, Object>> normalized() {
        Map<Integer, Map<String, Object>> out = new TreeMap<>();
        dbs.forEach((db, keys) -> {
            Map<String, Object> m = new TreeMap<>();
            keys.forEach((k, e) -> m.put(k, normalize(e.value())));
            out.put(db, m);
        });
        return out;
    }

    Map<Integer, Map<String, Long>> expiries() {
        Map<Integer, Map<String, Long>> out = new TreeMap<>();
        dbs.forEach((db, keys) -> {
            Map<String, Long> m = new TreeMap<>();
            keys.forEach((k, e) -> {
                if (e.expireAtMillis() >= 0) {
                    m.put(k, e.expireAtMillis());
                }
            });
            out.put(db, m);
        });
        return out;
    }

    /** Builds the dataset in a real redis-server (PEXPIREAT for TTLs). */
    void populate(Jedis jedis) {
        dbs.forEach((db, keys) -> {
            jedis.select(db);
            keys.forEach((key, entry) -> {
                byte[] k = b(key);
                RdbValue v = entry.value();
                if (v instanceof RdbValue.Str s) {
                    jedis.set(k, s.value());
                } else if (v instanceof RdbValue.ListOf l) {
                    for (int i = 0; i < l.elements().size(); i += 500) {
                        jedis.rpush(k, l.elements().subList(i, Math.min(i + 500, l.elements().size())).toArray(new byte[0][]));
                    }
                } else if (v instanceof RdbValue.SetOf set) {
                    jedis.sadd(k, set.members().toArray(new byte[0][]));
                } else if (v instanceof RdbValue.HashOf h) {
                    Map<byte[], byte[]> map = new LinkedHashMap<>();
                    for (int i = 0; i < h.fieldsAndValues().size(); i += 2) {
                        map.put(h.fieldsAndValues().get(i), h.fieldsAndValues().get(i + 1));
                    }
                    jedis.hset(k, map);
                } else if (v instanceof RdbValue.ZSetOf z) {
                    Map<byte[], Double> map = new LinkedHashMap<>();
                    for (int i = 0; i < z.members().size(); i++) {
                        map.put(z.members().get(i), z.scores()[i]);
                    }
                    jedis.zadd(k, map);
                }
                if (entry.expireAtMillis() >= 0) {
                    jedis.pexpireAt(k, entry.expireAtMillis());
                }
            });
        });
        jedis.select(0);
    }

    /** Reads every key of a real (or our) server into the normalized form, and the expiries. */
    static Map<Integer, Map<String, Object>> read(Jedis jedis, int databases, Map<Integer, Map<String, Long>> expiries) {
        Map<Integer, Map<String, Object>> out = new TreeMap<>();
        for (int db = 0; db < databases; db++) {
            jedis.select(db);
            java.util.Set<byte[]> keys = jedis.keys(b("*"));
            if (keys.isEmpty()) {
                continue;
            }
            Map<String, Object> m = new TreeMap<>();
            Map<String, Long> ttl = new TreeMap<>();
            for (byte[] k : keys) {
                String type = jedis.type(k);
                Object value = switch (type) {
                    case "string" -> s(jedis.get(k));
                    case "list" -> jedis.lrange(k, 0, -1).stream().map(TestDataset::s).toList();
                    case "set" -> new HashSet<>(jedis.smembers(k).stream().map(TestDataset::s).toList());
                    case "hash" -> {
                        Map<String, String> h = new HashMap<>();
                        jedis.hgetAll(k).forEach((f, v) -> h.put(s(f), s(v)));
                        yield h;
                    }
                    case "zset" -> {
                        Map<String, Double> z = new HashMap<>();
                        for (Tuple t : jedis.zrangeWithScores(k, 0, -1)) {
                            z.put("zset:" + s(t.getBinaryElement()), t.getScore());
                        }
                        yield z;
                    }
                    default -> "unexpected type " + type;
                };
                m.put(s(k), value);
                long pexpireTime = (Long) jedis.sendCommand(() -> b("PEXPIRETIME"), k);
                if (pexpireTime >= 0) {
                    ttl.put(s(k), pexpireTime);
                }
            }
            out.put(db, m);
            expiries.put(db, ttl);
        }
        jedis.select(0);
        return out;
    }

    /** Writes RdbValues the way Redis 7.0 encodes values of that content (the test's stand-in for the store). */
    static final class Encoder implements RdbWriter.ValueEncoder {
        @Override
        public void write(RdbOutput out, byte[] key, Object value) throws java.io.IOException {
            long[] parsed = new long[1];
            if (value instanceof RdbValue.Str s) {
                out.writeType(RdbOpcodes.TYPE_STRING);
                out.writeString(key);
                out.writeString(s.value());
            } else if (value instanceof RdbValue.ListOf l) {
                out.writeType(RdbOpcodes.TYPE_LIST_QUICKLIST_2);
                out.writeString(key);
                RdbEncodings.writeQuicklist(out, l.elements().iterator(), RdbEncodings.DEFAULT_LIST_FILL);
            } else if (value instanceof RdbValue.SetOf set) {
                boolean ints = set.members().size() <= 512 && set.members().stream()
                        .allMatch(m -> RdbNumbers.parseLong(m, 0, m.length, parsed));
                if (ints) {
                    long[] values = set.members().stream().mapToLong(m -> {
                        RdbNumbers.parseLong(m, 0, m.length, parsed);
                        return parsed[0];
                    }).toArray();
                    out.writeType(RdbOpcodes.TYPE_SET_INTSET);
                    out.writeString(key);
                    RdbEncodings.writeIntset(out, values);
                } else {
                    out.writeType(RdbOpcodes.TYPE_SET);
                    out.writeString(key);
                    RdbEncodings.writeStrings(out, set.members().size(), set.members().iterator());
                }
            } else if (value instanceof RdbValue.HashOf h) {
                boolean small = h.fieldsAndValues().size() / 2 <= 512
                        && h.fieldsAndValues().stream().allMatch(x -> x.length <= 64);
                out.writeType(small ? RdbOpcodes.TYPE_HASH_LISTPACK : RdbOpcodes.TYPE_HASH);
                out.writeString(key);
                if (small) {
                    RdbEncodings.writeListpack(out, h.fieldsAndValues().iterator());
                } else {
                    RdbEncodings.writeHash(out, h.fieldsAndValues().size() / 2, h.fieldsAndValues().iterator());
                }
            } else {
                RdbValue.ZSetOf z = (RdbValue.ZSetOf) value;
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < z.members().size(); i++) {
                    order.add(i);
                }
                order.sort(Comparator.<Integer>comparingDouble(i -> z.scores()[i])
                        .thenComparing(i -> z.members().get(i), Arrays::compareUnsigned));
                boolean small = z.members().size() <= 128 && z.members().stream().allMatch(x -> x.length <= 64);
                out.writeType(small ? RdbOpcodes.TYPE_ZSET_LISTPACK : RdbOpcodes.TYPE_ZSET_2);
                out.writeString(key);
                if (small) {
                    RdbEncodings.writeZsetListpack(out, order.stream().map(z.members()::get).iterator(),
                            order.stream().map(i -> z.scores()[i]).iterator());
                } else {
                    java.util.Collections.reverse(order);
                    RdbEncodings.writeZset2(out, order.size(), order.stream().map(z.members()::get).iterator(),
                            order.stream().map(i -> z.scores()[i]).iterator());
                }
            }
        }
    }

    /** This dataset as our writer's input. */
    RdbWriter.Dataset asRdbDataset(int databases) {
        return new RdbWriter.Dataset() {
            @Override
            public int databases() {
                return databases;
            }

            @Override
            public long size(int db) {
                return dbs.getOrDefault(db, Map.of()).size();
            }

            @Override
            public long volatileKeys(int db) {
                return dbs.getOrDefault(db, Map.of()).values().stream().filter(e -> e.expireAtMillis() >= 0).count();
            }

            @Override
            public void forEach(int db, RdbWriter.Visitor visitor) {
                dbs.getOrDefault(db, Map.of()).forEach((k, e) -> visitor.visit(b(k), e.value(), e.expireAtMillis()));
            }
        };
    }

    /** A loader target that collects what it reads into a new dataset. */
    static final class Collector implements RdbLoader.Target {
        final TestDataset loaded = new TestDataset();
        final List<Integer> selected = new ArrayList<>();

        @Override
        public void key(int db, byte[] key, RdbValue value, long expireAtMillis) {
            loaded.put(db, s(key), value, expireAtMillis);
        }

        @Override
        public void selectDb(int db) throws RdbFormatException {
            if (db >= 16) {
                throw new RdbFormatException("FATAL: Data file was created with a Redis server configured to handle more than 16 databases.");
            }
            selected.add(db);
        }
    }

    @SuppressWarnings("unused")
    private static <T> List<T> toList(Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
