package io.vigil.tests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One repetition of {@code scripts/bench/failover}, given a running group (1 master, 2 replicas, 3
 * sentinels) started by the script:
 * <ol>
 * <li>waits until every sentinel knows both replicas and the two other sentinels;</li>
 * <li>runs a {@link FailoverBenchWriter} and subscribes to {@code +switch-master} on every sentinel;</li>
 * <li>kills the master with SIGKILL and measures, from that instant, the first {@code +switch-master},
 * the moment all sentinels answer the same new address, and the writer's first successful SET on the
 * new master;</li>
 * <li>checks every acknowledged key (WAIT 1 returned at least 1) on the new master;</li>
 * <li>restarts the old master (the command after {@code --}) and measures, from its first PONG, the
 * time until INFO says {@code role:slave}, and until {@code master_link_status:up}.</li>
 * </ol>
 * It prints one line {@code result key=value ...}; a figure it could not measure is {@code NA}.
 *
 * <p>Usage: {@code FailoverBenchProbe --name N --sentinels p1,p2,p3 --master-port M --master-pid PID
 * --replicas r1,r2 [--wait-ms 500] [--restart-pidfile F] -- restart-command...}
 */
public final class FailoverBenchProbe {
    private static final String HOST = "127.0.0.1";

    private FailoverBenchProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new ConcurrentHashMap<>();
        List<String> restart = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                restart.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        String name = opt.get("name");
        int[] sentinels = ports(opt.get("sentinels"));
        int[] replicas = ports(opt.get("replicas"));
        int masterPort = Integer.parseInt(opt.get("master-port"));
        long masterPid = Long.parseLong(opt.get("master-pid"));
        int waitMillis = Integer.parseInt(opt.getOrDefault("wait-ms", "500"));
        long limitMillis = Long.parseLong(opt.getOrDefault("limit-ms", "60000"));
        StringBuilder result = new StringBuilder("result");

        // 1. Steady state: the whole group known to every sentinel, replicas linked, no sentinel in
        // TILT (a JVM starting on a loaded machine can stall long enough to enter it; it lasts 30 s,
        // and a kill during TILT would measure TILT).
        boolean steady = until(120_000, 50, () -> {
            for (int s : sentinels) {
                String tilt = infoField(s, "sentinel", "sentinel_tilt");
                if (!"0".equals(tilt)) {
                    return false;
                }
                Map<String, String> m = sentinelMaster(s, name);
                if (m == null || !"2".equals(m.get("num-slaves")) || !"2".equals(m.get("num-other-sentinels"))
                        || !"master".equals(m.get("flags"))) {
                    return false;
                }
            }
            for (int r : replicas) {
                if (!"up".equals(infoField(r, "master_link_status"))) {
                    return false;
                }
            }
            return true;
        });
        if (!steady) {
            System.out.println("result steady=no");
            return;
        }

        // 2. Subscribers and the writer.
        AtomicLong switchAt = new AtomicLong(-1);
        List<Thread> subscribers = new ArrayList<>();
        List<BenchResp> subConns = new ArrayList<>();
        for (int s : sentinels) {
            BenchResp c = new BenchResp(HOST, s, 1000, 0);
            c.call("SUBSCRIBE", "+switch-master");
            subConns.add(c);
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Object m = c.read();
                        if (m instanceof List<?> l && l.size() == 3 && "message".equals(l.get(0))) {
                            switchAt.compareAndSet(-1, System.nanoTime());
                        }
                    }
                } catch (IOException closed) {
                    // the probe closed the connection, or the sentinel went away
                }
            }, "switch-master-" + s);
            t.setDaemon(true);
            t.start();
            subscribers.add(t);
        }
        FailoverBenchWriter writer = new FailoverBenchWriter(name, sentinels, waitMillis);
        Thread writerThread = new Thread(writer, "writer");
        writerThread.setDaemon(true);
        writerThread.start();
        if (!until(10_000, 10, () -> writer.acknowledged() >= 50)) {
            System.out.println("result steady=no-acks");
            return;
        }
        Thread.sleep(500);

        // 3. kill -9 of the master.
        ProcessHandle master = ProcessHandle.of(masterPid).orElseThrow();
        long killEpochMillis = System.currentTimeMillis();
        long t0 = System.nanoTime();
        master.destroyForcibly();
        writer.failoverStartedAt(t0, masterPort);
        String old = HOST + ":" + masterPort;
        long[] agreeAt = {-1};
        String[] agreed = {null};
        until(limitMillis, 5, () -> {
            if (agreeAt[0] < 0) {
                String first = null;
                boolean same = true;
                for (int s : sentinels) {
                    String a = masterAddr(s, name);
                    if (a == null || a.equals(old) || (first != null && !first.equals(a))) {
                        same = false;
                        break;
                    }
                    first = a;
                }
                if (same) {
                    agreeAt[0] = System.nanoTime();
                    agreed[0] = first;
                }
            }
            return agreeAt[0] >= 0 && writer.firstWriteOnNewMasterAt() >= 0 && switchAt.get() >= 0;
        });
        result.append(" switch_ms=").append(since(t0, switchAt.get()));
        result.append(" agree_ms=").append(since(t0, agreeAt[0]));
        result.append(" writes_ms=").append(since(t0, writer.firstWriteOnNewMasterAt()));
        result.append(" kill_epoch_ms=").append(killEpochMillis);

        // 4. Acknowledged writes on the new master.
        Thread.sleep(500);
        writer.stop();
        writerThread.join(5000);
        List<Long> acked = writer.acknowledgedKeys();
        result.append(" acked=").append(acked.size());
        if (agreed[0] != null) {
            int newPort = Integer.parseInt(agreed[0].substring(agreed[0].indexOf(':') + 1));
            result.append(" new_port=").append(newPort);
            result.append(" lost=").append(lost(newPort, acked));
        } else {
            result.append(" lost=NA");
        }
        for (BenchResp c : subConns) {
            c.close();
        }

        // 5. The old master back, empty, as a master: how long until the sentinels make it a replica.
        if (!restart.isEmpty() && agreed[0] != null) {
            long started = System.nanoTime();
            Process p = new ProcessBuilder(restart).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (opt.containsKey("restart-pidfile")) {
                Files.writeString(Path.of(opt.get("restart-pidfile")), p.pid() + "\n");
            }
            long[] upAt = {-1};
            until(30_000, 5, () -> {
                try (BenchResp c = new BenchResp(HOST, masterPort, 200, 1000)) {
                    if ("PONG".equals(c.call("PING"))) {
                        upAt[0] = System.nanoTime();
                        return true;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                return false;
            });
            result.append(" up_ms=").append(since(started, upAt[0]));
            long[] slaveAt = {-1};
            long[] linkAt = {-1};
            if (upAt[0] >= 0) {
                until(40_000, 10, () -> {
                    String info = info(masterPort);
                    if (info != null && slaveAt[0] < 0 && info.contains("role:slave")) {
                        slaveAt[0] = System.nanoTime();
                    }
                    if (info != null && linkAt[0] < 0 && info.contains("role:slave")
                            && info.contains("master_link_status:up")) {
                        linkAt[0] = System.nanoTime();
                    }
                    return linkAt[0] >= 0;
                });
            }
            result.append(" slave_ms=").append(since(upAt[0], slaveAt[0]));
            result.append(" link_ms=").append(since(upAt[0], linkAt[0]));
        }
        System.out.println(result);
    }

    /** Keys acknowledged by WAIT 1 that the new master does not hold. */
    private static String lost(int port, List<Long> acked) {
        try (BenchResp c = new BenchResp(HOST, port, 1000, 5000)) {
            int lost = 0;
            for (int i = 0; i < acked.size(); i += 100) {
                List<Long> batch = acked.subList(i, Math.min(acked.size(), i + 100));
                String[] cmd = new String[batch.size() + 1];
                cmd[0] = "MGET";
                for (int j = 0; j < batch.size(); j++) {
                    cmd[j + 1] = FailoverBenchWriter.key(batch.get(j));
                }
                Object r = c.call(cmd);
                if (!(r instanceof List<?> values)) {
                    return "NA";
                }
                for (int j = 0; j < batch.size(); j++) {
                    if (!Long.toString(batch.get(j)).equals(values.get(j))) {
                        lost++;
                    }
                }
            }
            return Integer.toString(lost);
        } catch (IOException e) {
            return "NA";
        }
    }

    static String since(long from, long at) {
        return from < 0 || at < 0 ? "NA" : Long.toString((at - from) / 1_000_000);
    }

    static int[] ports(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    interface Check {
        boolean done() throws Exception;
    }

    /** Polls {@code check} every {@code pollMillis} until it holds or {@code limitMillis} pass. */
    static boolean until(long limitMillis, long pollMillis, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + limitMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                if (check.done()) {
                    return true;
                }
            } catch (Exception notYet) {
                // retry
            }
            Thread.sleep(pollMillis);
        }
        return false;
    }

    static String masterAddr(int sentinel, String name) {
        try (BenchResp c = new BenchResp(HOST, sentinel, 200, 1000)) {
            if (c.call("SENTINEL", "get-master-addr-by-name", name) instanceof List<?> l && l.size() == 2) {
                return l.get(0) + ":" + l.get(1);
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    static Map<String, String> sentinelMaster(int sentinel, String name) {
        try (BenchResp c = new BenchResp(HOST, sentinel, 200, 1000)) {
            if (c.call("SENTINEL", "MASTER", name) instanceof List<?> l) {
                Map<String, String> m = new ConcurrentHashMap<>();
                for (int i = 0; i + 1 < l.size(); i += 2) {
                    m.put(String.valueOf(l.get(i)), String.valueOf(l.get(i + 1)));
                }
                return m;
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    static String info(int port) {
        return info(port, "replication");
    }

    static String info(int port, String section) {
        try (BenchResp c = new BenchResp(HOST, port, 200, 1000)) {
            return c.call("INFO", section) instanceof String s ? s : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String infoField(int port, String field) {
        return infoField(port, "replication", field);
    }

    static String infoField(int port, String section, String field) {
        String info = info(port, section);
        if (info == null) {
            return null;
        }
        for (String l : info.split("\r\n")) {
            if (l.startsWith(field + ":")) {
                return l.substring(field.length() + 1);
            }
        }
        return null;
    }
}
