package io.vigil.tests.bench.switchover;

import io.vigil.tests.bench.BenchResp;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code SET sw:<n> <n>} every few ms to the master a sentinel names, asks that sentinel for
 * a failover after a warm-up, keeps writing, then checks every acknowledged write on the final
 * master. Following a switch the way sentinel-aware clients do, it asks the sentinel for the
 * master address every 100 ms and after any error.
 *
 * <p>Usage: {@code SwitchoverWriter --sentinel host:port --name mymaster [--mode coordinated|plain]
 * [--interval-ms 2] [--warmup-ms 2000] [--after-ms 8000] [--wait]}. With {@code --wait} a write
 * counts only once {@code WAIT 1 0} confirms a replica has it. Prints one line:
 * {@code acked=N lost=M max_pause_ms=P switched=true|false failover=OK|<error>}.
 */
public final class SwitchoverWriter {
    /** The outcome of one run. */
    public record Result(int acknowledged, int lost, long maxPauseMillis, boolean switched, String failoverReply,
                         String oldMaster, String newMaster) {
        public String line() {
            return String.format(Locale.ROOT, "acked=%d lost=%d max_pause_ms=%d switched=%s failover=%s old=%s new=%s",
                    acknowledged, lost, maxPauseMillis, switched, failoverReply.replace(' ', '_'), oldMaster, newMaster);
        }
    }

    private final String sentinelHost;
    private final int sentinelPort;
    private final String name;
    private final boolean coordinated;
    private final long intervalMillis;
    private final boolean waitForReplica;

    public SwitchoverWriter(String sentinelHost, int sentinelPort, String name, boolean coordinated,
                            long intervalMillis, boolean waitForReplica) {
        this.sentinelHost = sentinelHost;
        this.sentinelPort = sentinelPort;
        this.name = name;
        this.coordinated = coordinated;
        this.intervalMillis = intervalMillis;
        this.waitForReplica = waitForReplica;
    }

    public static void main(String[] args) throws Exception {
        String sentinel = "127.0.0.1:26379";
        String name = "mymaster";
        boolean coordinated = true;
        long interval = 2;
        long warmup = 2000;
        long after = 8000;
        boolean wait = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sentinel" -> sentinel = args[++i];
                case "--name" -> name = args[++i];
                case "--mode" -> coordinated = args[++i].equalsIgnoreCase("coordinated");
                case "--interval-ms" -> interval = Long.parseLong(args[++i]);
                case "--warmup-ms" -> warmup = Long.parseLong(args[++i]);
                case "--after-ms" -> after = Long.parseLong(args[++i]);
                case "--wait" -> wait = true;
                default -> {
                    System.out.println("usage: SwitchoverWriter --sentinel host:port --name N [--mode coordinated|plain]"
                            + " [--interval-ms 2] [--warmup-ms 2000] [--after-ms 8000] [--wait]");
                    System.exit(2);
                }
            }
        }
        int colon = sentinel.lastIndexOf(':');
        SwitchoverWriter w = new SwitchoverWriter(sentinel.substring(0, colon),
                Integer.parseInt(sentinel.substring(colon + 1)), name, coordinated, interval, wait);
        PrintStream out = System.out;
        out.println(w.run(warmup, after).line());
    }

    /** Writes for {@code warmupMillis}, asks for the failover, writes {@code afterMillis} more, checks. */
    public Result run(long warmupMillis, long afterMillis) throws Exception {
        List<String> acked = new ArrayList<>();
        String oldMaster = resolve();
        long start = System.currentTimeMillis();
        long failoverAt = start + warmupMillis;
        long end = failoverAt + afterMillis;
        String failoverReply = null;
        String current = null;
        BenchResp conn = null;
        long lastResolve = 0;
        long lastOk = 0;
        long maxGap = 0;
        long n = 0;
        while (System.currentTimeMillis() < end) {
            long now = System.currentTimeMillis();
            if (failoverReply == null && now >= failoverAt) {
                failoverReply = askFailover();
                // The pause is measured from here: writes before the request do not count.
                lastOk = lastOk == 0 ? now : lastOk;
                maxGap = 0;
            }
            if (conn == null || now - lastResolve >= 100) {
                lastResolve = now;
                String m = resolveQuietly();
                if (m != null && !m.equals(current)) {
                    if (conn != null) {
                        conn.close();
                    }
                    conn = null;
                    current = m;
                }
                if (conn == null && current != null) {
                    try {
                        conn = connect(current, 1000);
                    } catch (IOException e) {
                        conn = null;
                    }
                }
            }
            if (conn == null) {
                Thread.sleep(5);
                continue;
            }
            String key = "sw:" + n;
            try {
                Object r = conn.call("SET", key, Long.toString(n));
                n++;
                boolean ok = "OK".equals(r);
                if (ok && waitForReplica) {
                    Object w = conn.call("WAIT", "1", "0");
                    ok = w instanceof Long l && l >= 1;
                }
                if (ok) {
                    acked.add(key);
                    long t = System.currentTimeMillis();
                    if (lastOk != 0 && failoverReply != null) {
                        maxGap = Math.max(maxGap, t - lastOk);
                    }
                    lastOk = t;
                } else {
                    conn.close();
                    conn = null; // READONLY and the like: ask the sentinel again
                    lastResolve = 0;
                }
            } catch (IOException e) {
                n++;
                conn.close();
                conn = null;
                lastResolve = 0;
            }
            if (intervalMillis > 0) {
                Thread.sleep(intervalMillis);
            }
        }
        if (conn != null) {
            conn.close();
        }
        String finalMaster = resolve();
        int lost = countMissing(finalMaster, acked);
        return new Result(acked.size(), lost, maxGap, !finalMaster.equals(oldMaster),
                failoverReply == null ? "none" : failoverReply, oldMaster, finalMaster);
    }

    private String askFailover() {
        try (BenchResp s = new BenchResp(sentinelHost, sentinelPort, 5000, 5000)) {
            Object r = coordinated ? s.call("SENTINEL", "FAILOVER", name, "COORDINATED")
                    : s.call("SENTINEL", "FAILOVER", name);
            return r instanceof BenchResp.Error e ? e.message() : String.valueOf(r);
        } catch (IOException e) {
            return "io-error";
        }
    }

    private String resolveQuietly() {
        try {
            return resolve();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code host:port} from SENTINEL get-master-addr-by-name. */
    private String resolve() throws IOException {
        try (BenchResp s = new BenchResp(sentinelHost, sentinelPort, 2000, 2000)) {
            Object r = s.call("SENTINEL", "get-master-addr-by-name", name);
            if (r instanceof List<?> l && l.size() == 2) {
                return l.get(0) + ":" + l.get(1);
            }
            throw new IOException("no address for " + name + ": " + r);
        }
    }

    private static BenchResp connect(String hostPort, int timeoutMillis) throws IOException {
        int c = hostPort.lastIndexOf(':');
        return new BenchResp(hostPort.substring(0, c), Integer.parseInt(hostPort.substring(c + 1)), timeoutMillis,
                timeoutMillis);
    }

    /** How many of the acknowledged keys the master at {@code hostPort} does not have. */
    static int countMissing(String hostPort, List<String> keys) throws IOException {
        int missing = 0;
        try (BenchResp r = connect(hostPort, 5000)) {
            for (int i = 0; i < keys.size(); i += 500) {
                List<String> batch = keys.subList(i, Math.min(keys.size(), i + 500));
                String[] argv = new String[batch.size() + 1];
                argv[0] = "EXISTS";
                for (int k = 0; k < batch.size(); k++) {
                    argv[k + 1] = batch.get(k);
                }
                Object n = r.call(argv);
                if (!(n instanceof Long l)) {
                    throw new IOException("EXISTS answered " + n);
                }
                missing += batch.size() - l.intValue();
            }
        }
        return missing;
    }
}
