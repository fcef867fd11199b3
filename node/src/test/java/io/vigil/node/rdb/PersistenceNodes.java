package io.vigil.node.rdb;

import io.vigil.conf.CommandLine;
import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.conf.NodeConfig;
import io.vigil.node.NodeFeature;
import io.vigil.node.NodeFeatures;
import io.vigil.node.VigilNode;
import io.vigil.node.command.PersistenceCommands;
import io.vigil.node.store.Database;
import io.vigil.node.store.GrowableString;
import io.vigil.node.store.HashValue;
import io.vigil.node.store.Keyspace;
import io.vigil.node.store.ListValue;
import io.vigil.node.store.SetValue;
import io.vigil.node.store.ZSetValue;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Test support: vigil-nodes configured like a redis-server command line ({@code --dir ...}), data
 * put straight into the keyspace, and the keyspace read back in {@link TestDataset}'s normalized form.
 */
public final class PersistenceNodes {
    private PersistenceNodes() {
    }

    /** The standard features plus data-command features that are not (yet) in the standard list. */
    public static List<Function<VigilNode, NodeFeature>> features() {
        List<Function<VigilNode, NodeFeature>> features = new ArrayList<>(NodeFeatures.standard());
        List<String> registered = new ArrayList<>();
        for (String name : List.of("KeyspaceEvents", "KeyCommands", "StringCommands", "HashCommands", "ListCommands",
                "SetCommands", "ZSetCommands", "SortedSetCommands", "BlockingCommands")) {
            try {
                Class<?> type = Class.forName("io.vigil.node.command." + name);
                if (!NodeFeature.class.isAssignableFrom(type) || registered.contains(name)) {
                    continue;
                }
                registered.add(name);
                var constructor = type.getConstructor(VigilNode.class);
                features.add(0, node -> {
                    if (node.feature(type.asSubclass(NodeFeature.class)) != null) {
                        return new NodeFeature() {
                        };
                    }
                    try {
                        return (NodeFeature) constructor.newInstance(node);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                // not written yet, or not a feature
            }
        }
        return features;
    }

    /** A config as {@code vigil-node --port <free> --bind 127.0.0.1 <args>} would load it. */
    public static NodeConfig config(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(RealRedis.freePort()), "--bind", "127.0.0.1"));
        all.addAll(List.of(args));
        Path cwd = Path.of("").toAbsolutePath();
        return ConfigLoader.load(CommandLine.parse("vigil-node", all, cwd), LoadOptions.defaults(cwd)).config();
    }

    public static VigilNode start(String... args) throws Exception {
        VigilNode node = VigilNode.create(config(args), features());
        try {
            node.start();
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    public static PersistenceCommands persistence(VigilNode node) {
        return node.feature(PersistenceCommands.class);
    }

    public static Jedis client(VigilNode node) {
        return new Jedis("127.0.0.1", node.port(), 10_000);
    }

    /** Puts the dataset into the node's keyspace (the store's own values, built as a load would). */
    public static void populate(VigilNode node, TestDataset data) {
        node.server().call(() -> {
            Keyspace keyspace = node.keyspace();
            data.dbs.forEach((db, keys) -> keys.forEach((key, entry) -> {
                try {
                    keyspace.db(db).put(TestDataset.b(key), StoreCodec.toStore(entry.value(), keyspace.limits()),
                            entry.expireAtMillis());
                } catch (RdbFormatException e) {
                    throw new IllegalStateException(e);
                }
            }));
            return null;
        });
    }

    /** The node's keyspace in TestDataset's normalized form (and its expiries into {@code expiries}). */
    public static Map<Integer, Map<String, Object>> read(VigilNode node, Map<Integer, Map<String, Long>> expiries) {
        return node.server().call(() -> {
            Map<Integer, Map<String, Object>> out = new TreeMap<>();
            Keyspace keyspace = node.keyspace();
            for (int i = 0; i < keyspace.count(); i++) {
                Database db = keyspace.db(i);
                if (db.size() == 0) {
                    continue;
                }
                Map<String, Object> values = new TreeMap<>();
                Map<String, Long> ttl = new TreeMap<>();
                db.forEach((key, value, expireAt) -> {
                    values.put(TestDataset.s(key), normalize(value));
                    if (expireAt >= 0) {
                        ttl.put(TestDataset.s(key), expireAt);
                    }
                });
                out.put(i, values);
                expiries.put(i, ttl);
            }
            return out;
        });
    }

    static Object normalize(Object value) {
        if (value instanceof byte[] bytes) {
            return TestDataset.s(bytes);
        }
        if (value instanceof GrowableString grown) {
            return TestDataset.s(grown.toBytes());
        }
        if (value instanceof ListValue list) {
            List<String> out = new ArrayList<>();
            list.forEach(e -> out.add(TestDataset.s(e)));
            return out;
        }
        if (value instanceof SetValue set) {
            Set<String> out = new HashSet<>();
            set.forEach(e -> out.add(TestDataset.s(e)));
            return out;
        }
        if (value instanceof HashValue hash) {
            Map<String, String> out = new HashMap<>();
            hash.forEach((f, v) -> out.put(TestDataset.s(f), TestDataset.s(v)));
            return out;
        }
        ZSetValue zset = (ZSetValue) value;
        Map<String, Double> out = new HashMap<>();
        zset.forEach((m, s) -> out.put("zset:" + TestDataset.s(m), s));
        return out;
    }

    /** INFO persistence of a node or a real server as an ordered field map. */
    public static Map<String, String> info(Jedis jedis) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : jedis.info("persistence").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }
}
