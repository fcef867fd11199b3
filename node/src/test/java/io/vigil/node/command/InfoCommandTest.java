package io.vigil.node.command;

import io.vigil.node.InfoSection;
import io.vigil.node.InfoWriter;
import io.vigil.node.RawClient;
import io.vigil.node.TestNodes;
import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    private VigilNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    private static List<String> headers(String info) {
        List<String> headers = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                headers.add(line.substring(2));
            }
        }
        return headers;
    }

    /** Field names per section, in order. */
    private static Map<String, List<String>> fields(String info) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                current = new ArrayList<>();
                sections.put(line.substring(2), current);
            } else if (!line.isEmpty() && current != null) {
                current.add(line.substring(0, line.indexOf(':')));
            }
        }
        return sections;
    }

    @Test
    void defaultAllAndEverythingListRedisSectionsInOrder() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            List<String> defaults = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Errorstats", "Cluster", "Keyspace");
            assertEquals(defaults, headers((String) client.call("INFO")));
            assertEquals(defaults, headers((String) client.call("INFO", "default")));
            List<String> all = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");
            assertEquals(all, headers((String) client.call("INFO", "all")));
            assertEquals(all, headers((String) client.call("INFO", "everything")));
            assertEquals(List.of("Server", "Keyspace"), headers((String) client.call("INFO", "keyspace", "SERVER")));
            assertEquals("", client.call("INFO", "nosuch"));
        }
    }

    @Test
    void sectionsAreSeparatedByBlankCrlfLines() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            String info = (String) client.call("INFO", "server", "clients");
            assertTrue(info.startsWith("# Server\r\nredis_version:7.0.15\r\nvigil_version:"), info);
            assertTrue(info.contains("\r\n\r\n# Clients\r\nconnected_clients:1\r\n"), info);
            assertTrue(info.endsWith("clients_in_timeout_table:0\r\n"), info);
            assertFalse(info.replace("\r\n", "").contains("\n"), "every line ends with CRLF");
        }
    }

    @Test
    void serverSectionIdentifiesTheProcess() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            String info = (String) client.call("INFO", "server");
            assertTrue(info.matches("(?s).*\r\nrun_id:[0-9a-f]{40}\r\n.*"), info);
            assertTrue(info.contains("\r\ntcp_port:" + node.port() + "\r\n"), info);
            assertTrue(info.contains("\r\nprocess_id:" + ProcessHandle.current().pid() + "\r\n"), info);
            assertTrue(info.contains("\r\nredis_mode:standalone\r\n"), info);
            assertTrue(info.contains("\r\nhz:10\r\nconfigured_hz:10\r\n"), info);
        }
        VigilNode other = TestNodes.start();
        try {
            assertNotEquals(node.runId(), other.runId());
        } finally {
            other.close();
        }
    }

    @Test
    void replicationPlaceholderIsAMasterWithoutReplicas() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            Map<String, List<String>> sections = fields((String) client.call("INFO", "replication"));
            assertEquals(List.of("role", "connected_slaves", "master_failover_state", "master_replid", "master_replid2",
                    "master_repl_offset", "second_repl_offset", "repl_backlog_active", "repl_backlog_size",
                    "repl_backlog_first_byte_offset", "repl_backlog_histlen"), sections.get("Replication"));
        }
    }

    @Test
    void statsKeyspaceCommandstatsAndErrorstatsFollowActivity() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            client.call("SET", "a", "1");
            client.call("SET", "b", "2", "EX", "100");
            client.call("NOSUCHCOMMAND");
            client.call("GET");
            String info = (String) client.call("INFO", "everything");
            assertTrue(info.contains("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n"), info);
            assertTrue(info.matches("(?s).*\r\ncmdstat_set:calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,"
                    + "failed_calls=0\r\n.*"), info);
            assertTrue(info.contains("cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0"),
                    info);
            assertTrue(info.contains("# Errorstats\r\nerrorstat_ERR:count=2\r\n"), info);
            assertTrue(info.contains("\r\ntotal_error_replies:2\r\n"), info);
            assertEquals("+OK\r\n", client.callRaw("CONFIG", "RESETSTAT"));
            String reset = (String) client.call("INFO", "stats");
            assertTrue(reset.contains("\r\ntotal_error_replies:0\r\n"), reset);
        }
    }

    @Test
    void aFeatureSectionReplacesThePlaceholder() {
        node = TestNodes.start();
        node.info().register(new InfoSection() {
            @Override
            public String name() {
                return "cluster";
            }

            @Override
            public void write(InfoWriter out) {
                out.field("cluster_enabled", 0).field("vigil_extra", "yes");
            }
        });
        node.info().counter("sync_full", () -> 7);
        try (RawClient client = new RawClient(node.port())) {
            assertEquals("# Cluster\r\ncluster_enabled:0\r\nvigil_extra:yes\r\n", client.call("INFO", "cluster"));
            assertTrue(((String) client.call("INFO", "stats")).contains("\r\nsync_full:7\r\n"));
        }
    }

    @Test
    void fieldNamesMatchARealRedisServer() throws Exception {
        String redisServer = TestNodes.tool("redis-server");
        node = TestNodes.start();
        int port = TestNodes.freePort();
        Path dir = Files.createTempDirectory("vigil-info-ref");
        Process redis = new ProcessBuilder(redisServer, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        try {
            String reference = null;
            for (int attempt = 0; attempt < 100 && reference == null; attempt++) {
                try (RawClient real = new RawClient(port)) {
                    reference = (String) real.call("INFO", "everything");
                } catch (RuntimeException notYet) {
                    Thread.sleep(50);
                }
            }
            String ours;
            try (RawClient client = new RawClient(node.port())) {
                ours = (String) client.call("INFO", "everything");
            }
            Map<String, List<String>> expected = fields(reference);
            Map<String, List<String>> actual = fields(ours);
            assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
            for (String section : List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Cluster")) {
                List<String> names = new ArrayList<>(actual.get(section));
                names.remove("vigil_version");
                assertEquals(expected.get(section), names, section);
            }
        } finally {
            redis.destroy();
            redis.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void latencystatsListsPercentilesOfCommandsThatRan() {
        node = TestNodes.start();
        try (RawClient client = new RawClient(node.port())) {
            client.call("PING");
            String info = (String) client.call("INFO", "latencystats");
            assertTrue(info.matches("(?s)# Latencystats\r\n.*latency_percentiles_usec_ping:p50=\\d+\\.\\d{3},"
                    + "p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}\r\n.*"), info);
            client.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99.99");
            assertTrue(((String) client.call("INFO", "latencystats")).contains("latency_percentiles_usec_ping:p50="),
                    "still listed");
            assertTrue(((String) client.call("INFO", "latencystats")).matches("(?s).*ping:p50=[0-9.]+,p99\\.99=[0-9.]+\r\n.*"));
        }
    }
}
