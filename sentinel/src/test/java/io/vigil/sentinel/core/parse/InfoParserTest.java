package io.vigil.sentinel.core.parse;

import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.InfoReport;
import io.vigil.sentinel.core.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoParserTest {
    static final String MASTER = "# Server\r\nredis_version:7.0.15\r\nrun_id:c299bf0123456789abcdef0123456789abcdef01\r\n"
            + "\r\n# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
            + "slave0:ip=127.0.0.1,port=16381,state=online,offset=68,lag=0\r\n"
            + "slave1:ip=127.0.0.1,port=16380,state=online,offset=68,lag=0\r\n"
            + "master_failover_state:no-failover\r\nmaster_replid:c7bd16e4040cb9168a8e295f361baa5eee3c6675\r\n";

    static final String REPLICA = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:16379\r\n"
            + "master_link_status:up\r\nmaster_last_io_seconds_ago:2\r\nmaster_sync_in_progress:0\r\n"
            + "slave_read_repl_offset:68\r\nslave_repl_offset:68\r\nslave_priority:100\r\nslave_read_only:1\r\n"
            + "replica_announced:1\r\nconnected_slaves:0\r\n";

    @Test
    void masterInfoListsRunIdRoleAndReplicasInOrder() {
        InfoReport r = InfoParser.parse(MASTER);
        assertEquals("c299bf0123456789abcdef0123456789abcdef01", r.runId());
        assertEquals(Role.MASTER, r.role());
        assertEquals(List.of(new Address("127.0.0.1", 16381), new Address("127.0.0.1", 16380)), r.replicas());
    }

    @Test
    void replicaInfoCarriesUpstreamLinkPriorityAndOffset() {
        InfoReport r = InfoParser.parse(REPLICA);
        assertEquals(Role.SLAVE, r.role());
        assertEquals("127.0.0.1", r.masterHost());
        assertEquals(16379, r.masterPort());
        assertTrue(r.masterLinkUp());
        assertNull(r.masterLinkDownSinceSeconds());
        assertEquals(100, r.replicaPriority());
        assertEquals(68, r.replOffset());
        assertTrue(r.replicaAnnounced());
    }

    @Test
    void linkDownSinceAndOldReplicaLineFormatAreRead() {
        InfoReport r = InfoParser.parse("role:slave\nmaster_host:h\nmaster_port:1\nmaster_link_status:down\n"
                + "master_link_down_since_seconds:-1\nslave_priority:0\nreplica_announced:0\n");
        assertEquals(-1L, r.masterLinkDownSinceSeconds());
        assertFalse(r.masterLinkUp());
        assertEquals(0, r.replicaPriority());
        assertFalse(r.replicaAnnounced());
        assertEquals(List.of(new Address("10.0.0.9", 6390)), InfoParser.parse("slave0:10.0.0.9,6390,online\r\n").replicas());
    }

    @Test
    void junkIsIgnoredWithoutThrowing() {
        InfoReport r = InfoParser.parse("run_id:short\r\nrole:boss\r\nslaveX:ip=1,port=2\r\nslave0:ip=,port=2\r\n"
                + "slave1:ip=a,port=99999\r\nslave2:ip=a\r\nmaster_port:notanumber\r\nslave_priority:-4\r\n:::\r\n");
        assertNull(r.runId());
        assertNull(r.role());
        assertTrue(r.replicas().isEmpty());
        assertEquals(0, r.masterPort());
        assertEquals(100, r.replicaPriority());
        assertNull(InfoParser.parse(null).role());
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(200);
            for (int k = 0; k < n; k++) {
                sb.append("slave0:ip=,port\r\n:01234rolemaster_host\u00e9".charAt(rnd.nextInt(38)));
            }
            InfoParser.parse(sb.toString()); // must not throw
            InfoParser.parse(MASTER.substring(0, rnd.nextInt(MASTER.length())));
        }
    }
}
