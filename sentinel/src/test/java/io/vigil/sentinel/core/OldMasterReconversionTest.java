package io.vigil.sentinel.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OldMasterReconversionTest {
    private static final String CONVERT =
            "+convert-to-slave slave 127.0.0.1:16379 127.0.0.1 16379 @ mymaster 127.0.0.1 16380";
    private static final Address A0 = new Address("127.0.0.1", 16380);

    private static BrainFixture failedOver() {
        BrainFixture f = BrainFixture.standard();
        f.advance(2000);
        f.node(16379).alive = false;
        f.step(new Inbound.LinkDown(BrainFixture.M));
        f.advance(8000);
        assertTrue(f.emitted("+switch-master mymaster 127.0.0.1 16379 127.0.0.1 16380"));
        f.advance(5000);
        return f;
    }

    @Test
    void restartedOldMasterIsReconvertedAtTheFirstInfoAfterItsLinkIsBack() {
        BrainFixture f = failedOver();
        f.node(16379).alive = true; // restarted with its old config: a master, new run id
        f.node(16379).master = true;
        f.node(16379).runId = "dddddddddddddddddddddddddddddddddddddddd";
        f.step(new Inbound.LinkUp(BrainFixture.M));
        assertTrue(f.emitted(CONVERT), "no wait: INFO is asked on link-up and answered at once");
        assertFalse(f.node(16379).master);
        assertEquals(A0, f.node(16379).upstream);
    }

    @Test
    void oldMasterThatDidNotRestartStillWaitsAsInRedis() {
        BrainFixture f = failedOver();
        f.node(16379).alive = true; // came back from a partition: same process, same run id
        f.node(16379).master = true;
        f.step(new Inbound.LinkUp(BrainFixture.M));
        f.advance(5000);
        assertFalse(f.emitted(CONVERT), "might be a master of a newer failover: wait for configs");
        f.advance(20_000);
        assertTrue(f.emitted(CONVERT));
    }
}
