package io.vigil.node;

import io.vigil.node.server.ServerSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class VigilNodeStartTest {
    /**
     * A replica's link reads node.port() for REPLCONF listening-port as soon as it starts; with port
     * 0 (ephemeral) the features must start after the bind or they announce port 0.
     */
    @Test
    void featuresStartWithTheBoundPortAlreadyKnown() throws Exception {
        AtomicInteger seenAtStart = new AtomicInteger(-1);
        List<Function<VigilNode, NodeFeature>> features = new ArrayList<>(NodeFeatures.standard());
        features.add(node -> new NodeFeature() {
            @Override
            public void start() {
                seenAtStart.set(node.port());
            }
        });
        VigilNode node = VigilNode.create(new ServerSettings(List.of("127.0.0.1"), 0, 511, 0), 16, 10, features);
        try {
            node.start();
            assertNotEquals(0, seenAtStart.get());
            assertEquals(node.port(), seenAtStart.get());
        } finally {
            node.close();
        }
    }
}
