package io.vigil.node.rdb;

import io.vigil.node.VigilNode;
import redis.clients.jedis.Jedis;

import java.util.Map;

/** TestDataset for tests in other packages (the AOF tests). */
public final class TestDatasetAccess {
    private final TestDataset data;

    private TestDatasetAccess(TestDataset data) {
        this.data = data;
    }

    public static TestDatasetAccess everyType() {
        return new TestDatasetAccess(TestDataset.everyType(System.currentTimeMillis()));
    }

    public void populate(VigilNode node) {
        PersistenceNodes.populate(node, data);
    }

    public void populate(Jedis jedis) {
        data.populate(jedis);
    }

    public Map<Integer, Map<String, Object>> normalized() {
        return data.normalized();
    }

    public static Map<Integer, Map<String, Object>> read(Jedis jedis, Map<Integer, Map<String, Long>> expiries) {
        return TestDataset.read(jedis, 16, expiries);
    }
}
