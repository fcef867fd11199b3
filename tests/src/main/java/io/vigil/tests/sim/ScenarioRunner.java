package io.vigil.tests.sim;

import io.vigil.sentinel.core.BrainSettings;
import io.vigil.sentinel.core.CommandResult;
import io.vigil.sentinel.core.EventLevel;
import io.vigil.sentinel.core.InstanceView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scripted scenarios (etcd datadriven style): a file is a list of blocks, each one or more command
 * lines, a {@code ----} line, and the expected output up to a blank line. {@code #} lines are
 * comments. The runner executes the commands and produces the actual output; with rewrite on,
 * the file is regenerated with the actual output.
 *
 * <pre>
 * world sentinels=3 replicas=2 quorum=2 down-after=5000 failover-timeout=10000 seed=1 [preseed=false]
 * run 10s | run 500ms
 * crash g0n0 | restart g0n0 [empty] | hang g0n1 | unhang g0n1 | priority g0n1 0
 * kill s1 | start s1 | pause s1 3000
 * partition s0 g0n0 [oneway] | heal
 * failover s0 mymaster [coordinated] | reset s0 pattern
 * maintenance s0 mymaster 10000 | resume s0 mymaster
 * nofailovercmd g0n0 (FAILOVER refused) | lag g0n1 | unlag g0n1
 * events all | events +switch-master,+odown   (which events are printed; default: warnings)
 * state | check | swarm SEED
 * </pre>
 */
public final class ScenarioRunner {
    private SimWorld world;
    private Set<String> filter;
    private final List<String> pending = new ArrayList<>();

    /** Runs a whole file; returns the file text with actual outputs. */
    public String run(String text) {
        StringBuilder out = new StringBuilder();
        List<String> lines = Arrays.asList(text.split("\n", -1));
        int i = 0;
        while (i < lines.size()) {
            String l = lines.get(i);
            if (l.isBlank() || l.startsWith("#")) {
                out.append(l).append('\n');
                i++;
                continue;
            }
            List<String> cmds = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).equals("----")) {
                cmds.add(lines.get(i));
                i++;
            }
            i++; // ----
            while (i < lines.size() && !lines.get(i).isEmpty()) {
                i++; // old expected output
            }
            StringBuilder actual = new StringBuilder();
            for (String c : cmds) {
                out.append(c).append('\n');
                actual.append(execute(c.trim()));
            }
            out.append("----\n");
            String a = actual.toString();
            out.append(a.isEmpty() ? "ok\n" : a);
        }
        String result = out.toString();
        while (result.endsWith("\n\n")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    private String execute(String line) {
        String[] t = line.split("\\s+");
        StringBuilder sb = new StringBuilder();
        switch (t[0]) {
            case "world" -> createWorld(t);
            case "run" -> {
                world.runFor(duration(t[1]));
                flush(sb);
            }
            case "crash" -> node(t[1]).crash();
            case "restart" -> node(t[1]).restart(t.length < 3 || !t[2].equals("empty"), 0);
            case "hang" -> node(t[1]).hung = true;
            case "unhang" -> node(t[1]).hung = false;
            case "priority" -> node(t[1]).priority = Integer.parseInt(t[2]);
            case "kill" -> sentinel(t[1]).kill();
            case "start" -> sentinel(t[1]).start();
            case "pause" -> sentinel(t[1]).pause(Long.parseLong(t[2]));
            case "partition" -> world.net.partition(netId(t[1]), netId(t[2]), t.length < 4 || !t[3].equals("oneway"));
            case "heal" -> world.net.healAll();
            case "nofailovercmd" -> node(t[1]).failoverCommand = false;
            case "lag" -> node(t[1]).lagging = true;
            case "unlag" -> node(t[1]).lagging = false;
            case "maintenance", "resume" -> {
                SimSentinel s = sentinel(t[1]);
                CommandResult r = t[0].equals("resume") ? s.brain.resume(world.now(), t[2])
                        : s.brain.pause(world.now(), t[2], Long.parseLong(t[3]));
                sb.append(r.ok() ? "OK" : "-" + r.error()).append('\n');
                s.drain();
                flush(sb);
            }
            case "failover" -> {
                SimSentinel s = sentinel(t[1]);
                CommandResult r = t.length > 3 && t[3].equalsIgnoreCase("coordinated")
                        ? s.brain.failover(world.now(), t[2], io.vigil.sentinel.core.FailoverKind.COORDINATED)
                        : s.brain.failover(world.now(), t[2]);
                sb.append(r.ok() ? "OK" : "-" + r.error()).append('\n');
                s.drain();
                flush(sb);
            }
            case "reset" -> {
                SimSentinel s = sentinel(t[1]);
                sb.append(s.brain.reset(world.now(), t[2])).append('\n');
                s.drain();
                flush(sb);
            }
            case "events" -> filter = t[1].equals("all") ? null : new HashSet<>(Arrays.asList(t[1].split(",")));
            case "state" -> state(sb);
            case "check" -> {
                if (world.invariants.violations().isEmpty()) {
                    sb.append("no violations\n");
                } else {
                    world.invariants.violations().forEach(v -> sb.append(v).append('\n'));
                }
            }
            case "swarm" -> {
                RunResult r = SwarmRun.run(Long.parseLong(t[1]));
                sb.append("seed ").append(t[1]).append(r.ok() ? " ok" : " VIOLATION " + r.violations()).append('\n');
            }
            default -> throw new IllegalArgumentException("unknown scenario command: " + line);
        }
        return sb.toString();
    }

    private void createWorld(String[] t) {
        int sentinels = 3;
        int replicas = 2;
        int quorum = 2;
        long downAfter = 5000;
        long failoverTimeout = 10_000;
        long seed = 1;
        boolean preseed = true;
        int groups = 1;
        for (int i = 1; i < t.length; i++) {
            String[] kv = t[i].split("=");
            switch (kv[0]) {
                case "sentinels" -> sentinels = Integer.parseInt(kv[1]);
                case "replicas" -> replicas = Integer.parseInt(kv[1]);
                case "quorum" -> quorum = Integer.parseInt(kv[1]);
                case "down-after" -> downAfter = Long.parseLong(kv[1]);
                case "failover-timeout" -> failoverTimeout = Long.parseLong(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                case "preseed" -> preseed = Boolean.parseBoolean(kv[1]);
                case "groups" -> groups = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown world option " + kv[0]);
            }
        }
        BrainSettings settings = BrainSettings.builder().tiltPeriodMillis(5000).build();
        world = new SimWorld(seed, new WorldSpec(groups, replicas, sentinels, quorum, downAfter, failoverTimeout, 1,
                List.of(), settings, preseed));
        world.net.configure(1, 2, 0, 0);
        world.addEventListener(r -> {
            boolean show = filter == null ? r.event().level() == EventLevel.WARNING : filter.contains(r.event().type());
            if (show) {
                pending.add(r.sentinel().id + " " + r.event().message());
            }
        });
        world.start();
    }

    private void flush(StringBuilder sb) {
        for (String p : pending) {
            sb.append(p).append('\n');
        }
        pending.clear();
    }

    private void state(StringBuilder sb) {
        for (SimSentinel s : world.sentinels) {
            if (!s.alive) {
                sb.append(s.id).append(" dead\n");
                continue;
            }
            for (InstanceView v : s.brain.masters(world.now())) {
                sb.append(s.id).append(' ').append(v.name()).append(" addr=").append(v.advertisedAddress())
                        .append(" flags=").append(v.flags()).append(" config-epoch=").append(v.configEpoch())
                        .append(" failover=").append(v.failoverState() == null ? "none" : v.failoverState())
                        .append(s.brain.tilt() ? " TILT" : "").append('\n');
            }
        }
        for (SimNode n : world.nodes) {
            sb.append(n.id).append(' ').append(!n.alive ? "dead" : n.master ? "master"
                    : "replica-of " + n.upstream + (n.linkUp ? " up" : " down")).append('\n');
        }
    }

    private SimNode node(String id) {
        return world.nodes.stream().filter(n -> n.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }

    private SimSentinel sentinel(String id) {
        return world.sentinels.stream().filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sentinel " + id));
    }

    private int netId(String id) {
        return id.startsWith("s") ? sentinel(id).netId : node(id).netId;
    }

    private static long duration(String d) {
        if (d.endsWith("ms")) {
            return Long.parseLong(d.substring(0, d.length() - 2));
        }
        if (d.endsWith("s")) {
            return (long) (Double.parseDouble(d.substring(0, d.length() - 1)) * 1000);
        }
        return Long.parseLong(d);
    }
}
