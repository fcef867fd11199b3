package io.vigil.sentinel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.node.server.ServerLog;
import io.vigil.sentinel.embed.VigilTopology;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code scripts/vigil <demo|status|events> [options]}. Everything goes to stdout; stderr only
 * gets usage errors.
 */
public final class VigilCli {
    static final String USAGE = """
            Usage: vigil demo [--failover-after 10s] [--duration 60s] [--down-after 1s]
                              [--failover-timeout 10s] [--replicas 2] [--sentinels 3]
                              [--master mymaster] [--plain]
                   vigil status --sentinel host:port [--master name] [--watch] [--plain]
                   vigil events --sentinel host:port [--json] [--until +switch-master]

              demo    starts 1 master, replicas and sentinels (vigil-node, vigil-sentinel) in this
                      process on free loopback ports, prints how to connect and a live status
                      table; --failover-after kills the master so a failover can be watched;
                      --duration stops the demo that long after it is ready;
                      Ctrl-C stops everything and removes the temporary directory.
              status  the status table of the masters a sentinel monitors, once or every second
              events  follows a sentinel's events (PSUBSCRIBE *), one line or JSON object each;
                      --until EVENT exits after printing the first event of that type
            """;
    private static final int EVENTS_SHOWN = 12;

    private VigilCli() {
    }

    public static void main(String[] args) {
        // Netty's, lettuce's and the JDK's logging go to the nodes' log (a file in the demo's
        // directory), and slf4j's missing-provider notice is kept off stderr.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        ServerLog.captureLibraryLogging();
        int status = run(args, System.out, System.console() != null);
        System.out.flush();
        System.exit(status);
    }

    /** Runs a subcommand; {@code terminal} says whether the table may be redrawn in place. */
    static int run(String[] args, PrintStream out, boolean terminal) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "demo": {
                    CliArgs a = CliArgs.parse(rest, Set.of("plain"),
                            Set.of("failover-after", "duration", "down-after", "failover-timeout", "replicas", "sentinels",
                                    "master"));
                    return demo(a, new Screen(out, terminal && !a.flag("plain")));
                }
                case "status": {
                    CliArgs a = CliArgs.parse(rest, Set.of("watch", "plain"), Set.of("sentinel", "master", "duration"));
                    return status(a, new Screen(out, terminal && !a.flag("plain")));
                }
                case "events": {
                    CliArgs a = CliArgs.parse(rest, Set.of("json"), Set.of("sentinel", "duration", "until"));
                    return events(a, out);
                }
                default:
                    throw new CliArgs.UsageException("unknown command '" + args[0] + "'");
            }
        } catch (CliArgs.UsageException e) {
            System.err.println("vigil: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
    }

    // ------------------------------------------------------------------ demo

    private static int demo(CliArgs a, Screen screen) {
        Duration failoverAfter = a.duration("failover-after", null);
        Duration duration = a.duration("duration", null);
        int replicas = a.integer("replicas", 2);
        int sentinelCount = a.integer("sentinels", 3);
        String name = a.get("master", "mymaster");
        VigilTopology.Builder builder = VigilTopology.builder().replicas(replicas).sentinels(sentinelCount)
                .masterName(name).downAfter(a.duration("down-after", Duration.ofSeconds(1)))
                .failoverTimeout(a.duration("failover-timeout", Duration.ofSeconds(10)));
        screen.always("vigil demo: starting 1 master, " + replicas + " replicas and " + sentinelCount
                + " sentinels on loopback ports...");
        Deque<SentinelEventLine> recent = new ArrayDeque<>();
        List<EventFollower> followers = new ArrayList<>();
        try (StopSignal stop = new StopSignal()) {
            VigilTopology topology;
            try {
                topology = builder.start();
            } catch (RuntimeException e) {
                screen.always("vigil demo: could not start: " + e.getMessage());
                return 1;
            }
            try {
                List<String> help = connectHelp(topology);
                if (!screen.ansi()) {
                    help.forEach(screen::always);
                    screen.always("");
                }
                for (InetSocketAddress s : topology.sentinelAddresses()) {
                    followers.add(new EventFollower(s, e -> {
                        synchronized (recent) {
                            recent.addLast(e);
                            while (recent.size() > EVENTS_SHOWN) {
                                recent.removeFirst();
                            }
                        }
                        screen.line("event " + e.shortLine());
                    }));
                }
                // On a terminal the redraw clears the screen: the connect help is redrawn above the table.
                List<String> header = new ArrayList<>(help);
                header.add("Ctrl-C stops everything.");
                boolean killed = false;
                long loopStart = System.nanoTime();
                while (true) {
                    long elapsed = System.nanoTime() - loopStart;
                    if (failoverAfter != null && !killed && elapsed >= failoverAfter.toNanos()) {
                        killed = true;
                        InetSocketAddress victim = topology.killMaster();
                        String note = "demo: killed the master 127.0.0.1:" + victim.getPort()
                                + " (connections dropped, nothing saved); the sentinels will fail over";
                        screen.line(note);
                        header.add("  " + note);
                    }
                    List<SentinelEventLine> events;
                    synchronized (recent) {
                        events = List.copyOf(recent);
                    }
                    InetSocketAddress via = topology.sentinelAddresses().get(0);
                    screen.table(header, StatusTable.render(via, name, events));
                    long untilTick = Duration.ofSeconds(1).toNanos() - (System.nanoTime() - loopStart) % Duration.ofSeconds(1).toNanos();
                    Duration wait = Duration.ofNanos(untilTick);
                    if (duration != null) {
                        long left = duration.toNanos() - (System.nanoTime() - loopStart);
                        if (left <= 0) {
                            break;
                        }
                        wait = Duration.ofNanos(Math.min(untilTick, left));
                    }
                    if (failoverAfter != null && !killed) {
                        long toKill = failoverAfter.toNanos() - (System.nanoTime() - loopStart);
                        wait = Duration.ofNanos(Math.max(0, Math.min(wait.toNanos(), toKill)));
                    }
                    if (stop.await(wait)) {
                        break;
                    }
                }
            } finally {
                followers.forEach(EventFollower::close);
                screen.always("vigil demo: stopping nodes and sentinels, removing " + topology.directory());
                topology.close();
            }
        }
        return 0;
    }

    private static List<String> connectHelp(VigilTopology t) {
        String name = t.masterName();
        int first = t.sentinelAddresses().get(0).getPort();
        String sentinelList = t.sentinelAddresses().stream().map(s -> "\"127.0.0.1:" + s.getPort() + "\"")
                .collect(Collectors.joining(", "));
        List<String> l = new ArrayList<>();
        l.add("vigil demo: ready in " + t.directory());
        l.add("sentinels " + t.sentinelAddresses().stream().map(s -> "127.0.0.1:" + s.getPort())
                .collect(Collectors.joining(" ")) + "  data nodes " + t.nodes().stream()
                .map(n -> "127.0.0.1:" + n.getPort()).collect(Collectors.joining(" ")));
        l.add("");
        l.add("Connect with redis-cli:");
        l.add("  redis-cli -p " + first + " SENTINEL get-master-addr-by-name " + name);
        l.add("  redis-cli -p " + t.master().getPort() + " SET hello world      # the master, until a failover");
        l.add("  redis-cli -p " + first + " PSUBSCRIBE '*'                       # the sentinel's events");
        l.add("Connect with lettuce:");
        l.add("  RedisClient client = RedisClient.create(\"" + t.sentinelUri() + "\");");
        l.add("  StatefulRedisConnection<String, String> c = client.connect();  // follows failovers");
        l.add("Connect with Jedis:");
        l.add("  JedisSentinelPool pool = new JedisSentinelPool(\"" + name + "\", Set.of(" + sentinelList + "));");
        l.add("Watch from another terminal:");
        l.add("  scripts/vigil status --sentinel 127.0.0.1:" + first + " --watch");
        l.add("  scripts/vigil events --sentinel 127.0.0.1:" + first + " --json");
        return l;
    }

    // ------------------------------------------------------------------ status

    private static int status(CliArgs a, Screen screen) {
        InetSocketAddress sentinel = a.address("sentinel");
        String master = a.get("master", null);
        if (!a.flag("watch")) {
            List<String> lines = StatusTable.render(sentinel, master, null);
            lines.forEach(screen::always);
            return lines.stream().anyMatch(l -> l.startsWith("sentinel ") && l.contains(" unreachable")) ? 1 : 0;
        }
        Duration duration = a.duration("duration", null);
        long started = System.nanoTime();
        Deque<SentinelEventLine> recent = new ArrayDeque<>();
        try (StopSignal stop = new StopSignal(); EventFollower follower = new EventFollower(sentinel, e -> {
            synchronized (recent) {
                recent.addLast(e);
                while (recent.size() > EVENTS_SHOWN) {
                    recent.removeFirst();
                }
            }
        })) {
            List<String> header = List.of("vigil status: sentinel " + sentinel.getHostString() + ":" + sentinel.getPort()
                    + ", refreshed every second (Ctrl-C to stop)");
            do {
                List<SentinelEventLine> events;
                synchronized (recent) {
                    events = List.copyOf(recent);
                }
                screen.table(header, StatusTable.render(sentinel, master, events));
                if (duration != null && System.nanoTime() - started >= duration.toNanos()) {
                    break;
                }
            } while (!stop.await(Duration.ofSeconds(1)));
        }
        return 0;
    }

    // ------------------------------------------------------------------ events

    private static int events(CliArgs a, PrintStream out) {
        InetSocketAddress sentinel = a.address("sentinel");
        boolean json = a.flag("json");
        Duration duration = a.duration("duration", null);
        String until = a.get("until", null);
        ObjectMapper mapper = new ObjectMapper();
        CountDownLatch seen = new CountDownLatch(1);
        try (StopSignal stop = new StopSignal(); EventFollower follower = new EventFollower(sentinel, e -> {
            if (seen.getCount() == 0) {
                return;
            }
            String line = json ? e.json(mapper) : e.plainLine();
            synchronized (out) {
                out.println(line);
                out.flush();
            }
            if (e.event().equals(until)) {
                seen.countDown();
            }
        })) {
            stop.onStop(seen::countDown);
            try {
                if (duration != null) {
                    seen.await(duration.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    seen.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }
}
