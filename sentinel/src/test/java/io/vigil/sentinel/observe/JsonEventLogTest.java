package io.vigil.sentinel.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.failover.Exclusion;
import io.vigil.failover.Ranking;
import io.vigil.failover.ReplicaCandidate;
import io.vigil.sentinel.core.SentinelEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.vigil.sentinel.observe.Events.master;
import static io.vigil.sentinel.observe.Events.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonEventLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private final FakeProbe probe = new FakeProbe();
    private final FailoverTracker tracker = new FailoverTracker(probe);
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private void feed(JsonEventLog log, long at, SentinelEvent e) {
        tracker.onEvent(at, e);
        log.onEvent(at, e);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private void failover(JsonEventLog log) {
        probe.configEpoch = 0;
        feed(log, 1_700_000_000_000L, master("+sdown"));
        feed(log, 1_700_000_000_100L, master("+odown", "#quorum 2/2"));
        feed(log, 1_700_000_000_200L, Events.newEpoch(7));
        probe.failoverEpoch = 7L;
        feed(log, 1_700_000_000_200L, master("+try-failover"));
        feed(log, 1_700_000_000_200L, Events.vote("me", 7));
        probe.peerVotes.put("peer1", "me");
        feed(log, 1_700_000_000_300L, master("+elected-leader"));
        probe.ranking = new Ranking(List.of(new ReplicaCandidate("127.0.0.1:6380", "r", 100, 900, false, false, false,
                0, 0, 0, false)), Map.of("127.0.0.1:6381", Exclusion.DISCONNECTED));
        probe.masterOffset = 1000L;
        feed(log, 1_700_000_000_400L, replica("+selected-slave", 6380));
        feed(log, 1_700_000_000_600L, replica("+promoted-slave", 6380));
        feed(log, 1_700_000_000_900L, master("+failover-end"));
        probe.configEpoch = 7;
        feed(log, 1_700_000_001_000L, Events.switchMaster(6379, 6380));
    }

    @Test
    void everyEventIsOneJsonLineWithTheCommonFields() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (JsonEventLog log = new JsonEventLog(file, tracker, probe, warnings::add)) {
            failover(log);
        }
        List<JsonNode> l = lines(file);
        assertEquals(10, l.size());
        JsonNode sdown = l.get(0);
        assertEquals("2023-11-14T22:13:20Z", sdown.get("time").asText());
        assertEquals(1_700_000_000_000L, sdown.get("ts_ms").asLong());
        assertEquals("+sdown", sdown.get("event").asText());
        assertEquals("warning", sdown.get("level").asText());
        assertEquals("mymaster", sdown.get("master").asText());
        assertEquals("master mymaster 127.0.0.1 6379", sdown.get("instance").asText());
        assertEquals("master mymaster 127.0.0.1 6379", sdown.get("text").asText());
        assertFalse(sdown.has("failover_id"));
        assertEquals(2, l.get(1).get("details").get("agreeing").asInt());
        assertEquals(7, l.get(2).get("epoch").asLong());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void failoverEventsCarryTheFailoverIdAndDetails() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (JsonEventLog log = new JsonEventLog(file, tracker, probe, warnings::add)) {
            failover(log);
        }
        List<JsonNode> l = lines(file);
        JsonNode tryF = l.get(3);
        assertEquals("+try-failover", tryF.get("event").asText());
        assertEquals("mymaster:7", tryF.get("failover_id").asText());
        assertEquals("auto", tryF.get("details").get("kind").asText());
        JsonNode vote = l.get(4);
        assertEquals("me", vote.get("details").get("leader").asText());
        assertEquals("mymaster:7", vote.get("failover_id").asText());
        JsonNode elected = l.get(5);
        assertEquals("me", elected.get("details").get("leader").asText());
        assertEquals("me", elected.get("details").get("votes").get("peer1").asText());
        JsonNode selected = l.get(6);
        assertEquals("127.0.0.1:6380", selected.get("details").get("chosen_replica").asText());
        JsonNode ex = selected.get("details").get("excluded").get(0);
        assertEquals("127.0.0.1:6381", ex.get("replica").asText());
        assertEquals("disconnected", ex.get("reason").asText());
        assertEquals(1000, selected.get("details").get("master_offset").asLong());
        assertEquals(900, selected.get("details").get("promoted_offset").asLong());
        assertEquals(100, selected.get("details").get("write_loss_window_bytes").asLong());
        assertEquals("slave 127.0.0.1:6380 127.0.0.1 6380", selected.get("instance").asText());
        JsonNode end = l.get(8);
        assertEquals("+failover-end", end.get("event").asText());
        assertEquals("ok", end.get("details").get("result").asText());
        assertEquals(900, end.get("details").get("duration_ms").asLong());
        assertEquals(300, end.get("details").get("phase_ms").get("reconfig").asLong());
        JsonNode sw = l.get(9);
        assertEquals("+switch-master", sw.get("event").asText());
        assertEquals("mymaster:7", sw.get("failover_id").asText());
        assertEquals(7, sw.get("epoch").asLong());
        assertEquals("127.0.0.1:6380", sw.get("details").get("chosen_replica").asText());
        assertEquals(6379, sw.get("details").get("old_port").asInt());
    }

    @Test
    void reopenAfterRenameWritesToAFreshFile() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Path rotated = dir.resolve("events.jsonl.1");
        try (JsonEventLog log = new JsonEventLog(file, tracker, probe, warnings::add)) {
            feed(log, 1000, master("+sdown"));
            Files.move(file, rotated);
            feed(log, 2000, master("-sdown")); // still the renamed file, as logrotate expects
            log.reopen();
            feed(log, 3000, master("+sdown"));
        }
        assertEquals(List.of("+sdown", "-sdown"), lines(rotated).stream().map(n -> n.get("event").asText()).toList());
        assertEquals(List.of("+sdown"), lines(file).stream().map(n -> n.get("event").asText()).toList());
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        Path file = dir.resolve("events.jsonl");
        int writers = 4;
        int perWriter = 200;
        String pad = "x".repeat(3000); // lines bigger than a pipe/stdio buffer
        List<JsonEventLog> logs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            logs.add(new JsonEventLog(file, null, FailoverProbe.NONE, warnings::add));
        }
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            JsonEventLog log = logs.get(w);
            int id = w;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perWriter; i++) {
                    log.append("{\"w\":" + id + ",\"i\":" + i + ",\"pad\":\"" + pad + "\",\"ts_ms\":" + i + "}");
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        logs.forEach(JsonEventLog::close);
        List<JsonNode> l = lines(file);
        assertEquals(writers * perWriter, l.size());
        int[] next = new int[writers];
        for (JsonNode n : l) {
            int w = n.get("w").asInt();
            assertEquals(next[w]++, n.get("i").asInt(), "each writer's lines are whole and in order");
            assertEquals(pad, n.get("pad").asText());
        }
    }

    @Test
    void writeFailureIsReportedOnceAndNeverThrows() throws Exception {
        Path file = dir.resolve("missing-dir").resolve("events.jsonl");
        try (JsonEventLog log = new JsonEventLog(file, tracker, probe, warnings::add)) {
            feed(log, 1, master("+sdown"));
            feed(log, 2, master("-sdown"));
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).contains("events.jsonl"), warnings.get(0));
            // the directory appears: the next event opens the file and is written
            Files.createDirectories(file.getParent());
            feed(log, 3, master("+sdown"));
        }
        assertEquals(1, lines(file).size());
    }

    @Test
    void sinceReadsTheFileAndFiltersByTime() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (JsonEventLog log = new JsonEventLog(file, tracker, probe, warnings::add)) {
            for (int i = 0; i < 10; i++) {
                feed(log, 1000 + i, master(i % 2 == 0 ? "+sdown" : "-sdown"));
            }
        }
        Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
        try (JsonEventLog reader = new JsonEventLog(file, null, FailoverProbe.NONE, warnings::add)) {
            List<JsonNode> s = reader.since(1005, 100);
            assertEquals(5, s.size());
            assertEquals(1005, s.get(0).get("ts_ms").asLong());
            List<JsonNode> newest = reader.since(0, 3);
            assertEquals(List.of(1007L, 1008L, 1009L), newest.stream().map(n -> n.get("ts_ms").asLong()).toList());
        }
    }

    @Test
    void withoutAFileTheRingKeepsTheLastThousand() {
        try (JsonEventLog log = new JsonEventLog(null, tracker, probe, warnings::add)) {
            for (int i = 0; i < JsonEventLog.RING_CAPACITY + 10; i++) {
                feed(log, i, master("+sdown"));
            }
            List<JsonNode> all = log.since(0, Integer.MAX_VALUE);
            assertEquals(JsonEventLog.RING_CAPACITY, all.size());
            assertEquals(10, all.get(0).get("ts_ms").asLong());
        }
    }
}
