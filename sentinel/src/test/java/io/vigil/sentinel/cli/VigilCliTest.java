package io.vigil.sentinel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.sentinel.embed.RespClient;
import io.vigil.sentinel.embed.VigilTopology;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/vigil's subcommands, run in-process with stdout captured (not a terminal: plain output). */
class VigilCliTest {
    private static final Pattern MASTER_HEADER = Pattern.compile("(?m)^master mymaster at 127\\.0\\.0\\.1:(\\d+) ");

    /** A stdout that tests can read while the command still writes to it. */
    static final class Capture {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            synchronized (out) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void demoWithFailoverAfterShowsSwitchMasterAndTheNewMasterInTheTable() throws Exception {
        Capture c = new Capture();
        // A short failover-timeout: should the first election split the votes, the retry (after
        // twice that) still falls inside the run.
        int status = VigilCli.run(new String[] {"demo", "--failover-after", "2s", "--duration", "13s",
                "--down-after", "500ms", "--failover-timeout", "4s"}, c.out, false);
        String text = c.text();
        assertEquals(0, status, text);
        assertFalse(text.contains("\033["), "no ANSI codes when stdout is not a terminal");
        assertTrue(text.contains("redis-cli -p "), text);
        assertTrue(text.contains("RedisClient.create(\"redis-sentinel://127.0.0.1:"), text);
        assertTrue(text.contains("new JedisSentinelPool(\"mymaster\""), text);
        assertTrue(text.contains("demo: killed the master 127.0.0.1:"), text);
        assertTrue(text.contains("+switch-master mymaster 127.0.0.1:".replace(":", " ")), text);
        List<String> masters = new ArrayList<>();
        Matcher m = MASTER_HEADER.matcher(text);
        while (m.find()) {
            masters.add(m.group(1));
        }
        assertTrue(masters.size() >= 5, text);
        String first = masters.get(0);
        String last = masters.get(masters.size() - 1);
        assertNotEquals(first, last, "the table shows the promoted replica as master at the end\n" + text);
        // The table lists the promoted node as master and replicas with offsets and links.
        assertTrue(text.contains("master    127.0.0.1:" + last), text);
        assertTrue(Pattern.compile("(?m)^replica +127\\.0\\.0\\.1:\\d+ +slave +\\d+ +-?\\d+B +link up to 127\\.0\\.0\\.1:" + last)
                .matcher(text).find(), text);
        assertTrue(text.contains("vigil demo: stopping nodes and sentinels"), text);
    }

    @Test
    void eventsJsonFollowsAFailover() throws Exception {
        try (VigilTopology topology = VigilTopology.builder().replicas(1).sentinels(3)
                .downAfter(Duration.ofMillis(500)).start()) {
            InetSocketAddress sentinel = topology.sentinelAddresses().get(0);
            Capture status = new Capture();
            assertEquals(0, VigilCli.run(new String[] {"status", "--sentinel", "127.0.0.1:" + sentinel.getPort()},
                    status.out, false));
            int master = topology.master().getPort();
            int replica = topology.nodes().get(1).getPort();
            assertTrue(status.text().startsWith("master mymaster at 127.0.0.1:" + master + "  config-epoch 0  quorum 2"),
                    status.text());
            assertTrue(Pattern.compile("(?m)^replica +127\\.0\\.0\\.1:" + replica + " +slave +\\d+ +-?\\d+B +link up to 127\\.0\\.0\\.1:"
                    + master + "$").matcher(status.text()).find(), status.text());
            assertEquals(3, status.text().lines().filter(l -> l.startsWith("sentinel  ")).count(), status.text());

            Capture c = new Capture();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> VigilCli.run(new String[] {
                    "events", "--sentinel", "127.0.0.1:" + sentinel.getPort(), "--json", "--until", "+switch-master",
                    "--duration", "60s"}, c.out, false));
            // Publish harmless +set events until the follower shows one: it is subscribed.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (RespClient r = RespClient.connect(sentinel, Duration.ofSeconds(1))) {
                    r.call("SENTINEL", "SET", "mymaster", "quorum", "2");
                }
                return c.text().contains("\"event\":\"+set\"");
            });
            InetSocketAddress killed = topology.killMaster();
            InetSocketAddress promoted = topology.awaitFailover(Duration.ofSeconds(30));
            ObjectMapper mapper = new ObjectMapper();
            // --until: the command returns once it has printed the +switch-master line.
            assertEquals(0, run.get(20, TimeUnit.SECONDS));
            String[] lines = c.text().split("\n");
            assertTrue(lines[lines.length - 1].contains("\"event\":\"+switch-master\""), c.text());
            JsonNode sw = null;
            JsonNode sdown = null;
            for (String line : lines) {
                JsonNode o = mapper.readTree(line);
                assertTrue(o.has("time") && o.has("sentinel") && o.has("event") && o.has("message"), line);
                if (o.get("event").asText().equals("+switch-master")) {
                    sw = o;
                }
                if (o.get("event").asText().equals("+sdown") && "master".equals(o.path("instance_type").asText())) {
                    sdown = o;
                }
            }
            assertEquals("mymaster", sw.get("master").asText());
            assertEquals("127.0.0.1:" + killed.getPort(), sw.get("from").asText());
            assertEquals("127.0.0.1:" + promoted.getPort(), sw.get("to").asText());
            assertEquals("127.0.0.1:" + sentinel.getPort(), sw.get("sentinel").asText());
            assertEquals("127.0.0.1:" + killed.getPort(), sdown.get("address").asText());
            assertEquals("mymaster", sdown.get("master").asText());
        }
    }
}
