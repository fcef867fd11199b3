package io.vigil.sentinel.embed;

import io.vigil.node.VigilNode;
import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.runtime.SentinelConfigLoader;
import io.vigil.sentinel.runtime.SentinelDaemon;
import io.vigil.sentinel.runtime.SentinelLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real replicated topology inside the current JVM: one vigil-node master, its vigil-node
 * replicas and a group of vigil-sentinels monitoring it, all on free loopback ports with their
 * files in a temporary directory. Made for tests: no binaries, no Docker, fast timings.
 *
 * <pre>{@code
 * try (VigilTopology topology = VigilTopology.builder().replicas(2).sentinels(3)
 *         .downAfter(Duration.ofMillis(500)).start()) {
 *     RedisClient client = RedisClient.create(topology.sentinelUri());
 *     ...
 *     topology.killMaster();
 *     InetSocketAddress promoted = topology.awaitFailover(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * {@link Builder#start()} returns once the replicas are linked and every sentinel knows the
 * replicas and the other sentinels, so a failover can happen at once. Instances are thread-safe.
 */
public final class VigilTopology implements AutoCloseable {
    private static final Duration PROBE = Duration.ofMillis(500);

    private final String masterName;
    private final Path dir;
    private final boolean deleteDir;
    private final List<VigilNode> nodes = new CopyOnWriteArrayList<>();
    private final List<SentinelDaemon> sentinels = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> sentinelAddresses = new ArrayList<>();
    private volatile InetSocketAddress lastKilled;
    private volatile InetSocketAddress initialMaster;
    private volatile boolean closed;

    private VigilTopology(String masterName, Path dir, boolean deleteDir) {
        this.masterName = masterName;
        this.dir = dir;
        this.deleteDir = deleteDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The name the sentinels monitor the master under ({@code mymaster} by default). */
    public String masterName() {
        return masterName;
    }

    /** The directory holding the sentinels' configs and logs and the nodes' log. */
    public Path directory() {
        return dir;
    }

    /** The current master as the first answering sentinel resolves it (get-master-addr-by-name). */
    public InetSocketAddress master() {
        for (InetSocketAddress s : sentinelAddresses()) {
            InetSocketAddress a = masterAccordingTo(s);
            if (a != null) {
                return a;
            }
        }
        throw new IllegalStateException("no sentinel answers for master " + masterName);
    }

    /** The sentinels' addresses, in start order. */
    public List<InetSocketAddress> sentinelAddresses() {
        return List.copyOf(sentinelAddresses);
    }

    /** The in-process sentinels, in start order (e.g. to open their HTTP listener with startHttp). */
    public List<SentinelDaemon> sentinelDaemons() {
        return List.copyOf(sentinels);
    }

    /** The running data nodes (killed ones excluded): the initial master first, then the replicas. */
    public List<InetSocketAddress> nodes() {
        return nodes.stream().map(n -> loopback(n.port())).collect(Collectors.toUnmodifiableList());
    }

    /** The running in-process node behind {@code address}, for tests that need to look inside it. */
    public VigilNode node(InetSocketAddress address) {
        return nodes.stream().filter(n -> n.port() == address.getPort()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no running node at " + address));
    }

    /**
     * A lettuce URI naming every sentinel and the master, e.g.
     * {@code redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#mymaster}: pass it to
     * {@code RedisURI.create} or {@code RedisClient.create}.
     */
    public String sentinelUri() {
        return "redis-sentinel://" + sentinelAddresses.stream().map(a -> "127.0.0.1:" + a.getPort())
                .collect(Collectors.joining(",")) + "#" + masterName;
    }

    /**
     * Stops the current master abruptly, as kill -9 looks to its clients: listeners and
     * connections are closed, nothing is saved and no replica is told. Returns its address.
     */
    public InetSocketAddress killMaster() {
        InetSocketAddress master = master();
        VigilNode victim = node(master);
        nodes.remove(victim);
        lastKilled = master;
        victim.server().close();
        return master;
    }

    /**
     * Waits until every running sentinel names the same master, other than the last killed (or
     * the initial) one, and that node reports {@code role:master}. Returns the new master.
     */
    public InetSocketAddress awaitFailover(Duration timeout) {
        InetSocketAddress previous = lastKilled != null ? lastKilled : initialMaster;
        InetSocketAddress[] found = new InetSocketAddress[1];
        await(timeout, () -> "a failover away from " + previous + sentinelLogTails(), () -> {
            InetSocketAddress agreed = null;
            for (InetSocketAddress s : sentinelAddresses) {
                InetSocketAddress a = masterAccordingTo(s);
                if (a == null || a.equals(previous) || (agreed != null && !agreed.equals(a))) {
                    return false;
                }
                agreed = a;
            }
            if (agreed == null || !"master".equals(info(agreed).get("role"))) {
                return false;
            }
            found[0] = agreed;
            return true;
        });
        return found[0];
    }

    /** Stops every sentinel and node and deletes the temporary directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SentinelDaemon d : sentinels) {
            d.close();
        }
        sentinels.clear();
        for (VigilNode n : nodes) {
            n.close();
        }
        nodes.clear();
        NodeLogRedirect.release();
        if (deleteDir) {
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------ start-up

    private void startAll(Builder b) throws Exception {
        NodeLogRedirect.acquire(dir.resolve("nodes.log"));
        VigilNode master = EmbeddedNodes.start(nodeDir(0), List.of());
        nodes.add(master);
        initialMaster = loopback(master.port());
        for (int i = 1; i <= b.replicas; i++) {
            nodes.add(EmbeddedNodes.start(nodeDir(i), List.of("replicaof 127.0.0.1 " + master.port())));
        }
        // Sentinels learn the replicas from the master's INFO: link them first, or the first INFO
        // misses them and the next comes only after info-period (10 s).
        await(b.startTimeout, "replicas linked to " + initialMaster, () -> {
            for (VigilNode n : nodes.subList(1, nodes.size())) {
                if (!"up".equals(info(loopback(n.port())).get("master_link_status"))) {
                    return false;
                }
            }
            return Integer.toString(b.replicas).equals(info(initialMaster).get("connected_slaves"));
        });
        int quorum = b.quorum > 0 ? b.quorum : b.sentinels / 2 + 1;
        for (int i = 0; i < b.sentinels; i++) {
            Path conf = dir.resolve("sentinel-" + i + ".conf");
            Files.writeString(conf, "port 0\nbind 127.0.0.1\n"
                    + "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " " + quorum + "\n"
                    + "sentinel down-after-milliseconds " + masterName + " " + b.downAfter.toMillis() + "\n"
                    + "sentinel failover-timeout " + masterName + " " + b.failoverTimeout.toMillis() + "\n"
                    + "sentinel parallel-syncs " + masterName + " " + b.parallelSyncs + "\n");
            var settings = SentinelConfigLoader.load(conf, List.of());
            SentinelDaemon d = SentinelDaemon.start(settings,
                    SentinelLog.file(dir.resolve("sentinel-" + i + ".log"), LogLevel.VERBOSE));
            // SENTINEL SIMULATE-FAILURE: this sentinel stops (off its event loop) like a dying process.
            d.onCrash(() -> new Thread(d::close, "vigil-sentinel-crash").start());
            d.onShutdown(() -> new Thread(d::close, "vigil-sentinel-shutdown").start());
            sentinels.add(d);
            sentinelAddresses.add(loopback(d.port()));
        }
        Set<String> replicaPorts = nodes.subList(1, nodes.size()).stream().map(n -> Integer.toString(n.port()))
                .collect(Collectors.toSet());
        await(b.startTimeout, "sentinels to know " + b.replicas + " replicas and each other", () -> {
            for (InetSocketAddress s : sentinelAddresses) {
                Map<String, String> m = RespClient.pairs(call(s, "SENTINEL", "MASTER", masterName));
                if (!Integer.toString(b.sentinels - 1).equals(m.get("num-other-sentinels"))
                        || !"master".equals(m.get("flags"))) {
                    return false;
                }
                Set<String> known = new HashSet<>();
                if (call(s, "SENTINEL", "REPLICAS", masterName) instanceof List<?> replicas) {
                    for (Object r : replicas) {
                        known.add(RespClient.pairs(r).get("port"));
                    }
                }
                if (!known.equals(replicaPorts)) {
                    return false;
                }
            }
            return true;
        });
    }

    private Path nodeDir(int i) throws IOException {
        return Files.createDirectories(dir.resolve("node-" + i));
    }

    // ------------------------------------------------------------------ probes

    private InetSocketAddress masterAccordingTo(InetSocketAddress sentinel) {
        Object reply = call(sentinel, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
        if (reply instanceof List<?> l && l.size() == 2) {
            return new InetSocketAddress(String.valueOf(l.get(0)), Integer.parseInt(String.valueOf(l.get(1))));
        }
        return null;
    }

    private static Map<String, String> info(InetSocketAddress node) {
        Object reply = call(node, "INFO", "replication");
        return reply instanceof String s ? RespClient.infoFields(s) : Map.of();
    }

    /** One command on a fresh connection; null when the instance does not answer. */
    private static Object call(InetSocketAddress address, String... args) {
        try (RespClient c = RespClient.connect(address, PROBE)) {
            return c.call(args);
        } catch (IOException e) {
            return null;
        }
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) {
        await(timeout, () -> what, condition);
    }

    private static void await(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    /** The end of each sentinel's log, for a failure message (the directory is gone after close). */
    private String sentinelLogTails() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sentinels.size(); i++) {
            Path log = dir.resolve("sentinel-" + i + ".log");
            try {
                List<String> lines = Files.readAllLines(log);
                b.append("\n--- ").append(log.getFileName()).append(" (last lines) ---\n");
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("\n--- ").append(log.getFileName()).append(": ").append(e.getMessage());
            }
        }
        return b.toString();
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // a file still being written by a closing thread: the temp dir is the OS's to clean
        }
    }

    /** Settings for {@link #start()}; defaults: 2 replicas, 3 sentinels, quorum 2, fast timings. */
    public static final class Builder {
        private int replicas = 2;
        private int sentinels = 3;
        private int quorum;
        private int parallelSyncs = 1;
        private String masterName = "mymaster";
        private Duration downAfter = Duration.ofMillis(1000);
        private Duration failoverTimeout = Duration.ofSeconds(10);
        private Duration startTimeout = Duration.ofSeconds(30);
        private Path directory;

        private Builder() {
        }

        public Builder replicas(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("replicas must be >= 0");
            }
            replicas = n;
            return this;
        }

        public Builder sentinels(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("sentinels must be >= 1");
            }
            sentinels = n;
            return this;
        }

        /** The failure-detection quorum; by default a majority of the sentinels. */
        public Builder quorum(int n) {
            quorum = n;
            return this;
        }

        public Builder parallelSyncs(int n) {
            parallelSyncs = Math.max(1, n);
            return this;
        }

        public Builder masterName(String name) {
            masterName = Objects.requireNonNull(name);
            return this;
        }

        /** down-after-milliseconds (1 s by default): how long the master may be silent. */
        public Builder downAfter(Duration d) {
            downAfter = Objects.requireNonNull(d);
            return this;
        }

        /** failover-timeout (10 s by default). */
        public Builder failoverTimeout(Duration d) {
            failoverTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** How long {@link #start()} waits for the topology to be ready (30 s by default). */
        public Builder startTimeout(Duration d) {
            startTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Puts the files in {@code dir} (created if needed, kept on close) instead of a temp dir. */
        public Builder directory(Path dir) {
            directory = dir;
            return this;
        }

        /** Starts the nodes and sentinels and waits until they are ready; on failure stops them. */
        public VigilTopology start() {
            VigilTopology t;
            try {
                Path d = directory != null ? Files.createDirectories(directory) : Files.createTempDirectory("vigil-topology-");
                t = new VigilTopology(masterName, d, directory == null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                t.startAll(this);
                return t;
            } catch (Exception e) {
                t.close();
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
