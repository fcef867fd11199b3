package io.vigil.node;

import io.vigil.conf.CommandLine;
import io.vigil.conf.ConfigException;
import io.vigil.conf.ConfigLoader;
import io.vigil.conf.LoadOptions;
import io.vigil.conf.LoadResult;
import io.vigil.conf.NodeConfig;
import io.vigil.node.command.PersistenceCommands;
import io.vigil.node.command.ServerCommands;
import io.vigil.node.http.HttpListener;
import io.vigil.node.server.LogLevel;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerLog;
import io.vigil.node.server.acl.AclUsers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The vigil-node process: {@code vigil-node [configfile] [-] [--directive value ...]}, started the
 * way redis-server starts: config errors in Redis's FATAL CONFIG FILE ERROR form on stderr and exit
 * 1, everything else in the log (logfile, or stdout when it is empty), pidfile, SIGTERM/SIGINT shut
 * down like SHUTDOWN, SIGHUP reopens the log file.
 */
public final class NodeMain {
    private static final String USAGE = """
            Usage: ./vigil-node [/path/to/redis.conf] [options] [-]
                   ./vigil-node - (read config from stdin)
                   ./vigil-node -v or --version
                   ./vigil-node -h or --help

            Examples:
                   ./vigil-node (run the server with default conf)
                   echo 'maxmemory 128mb' | ./vigil-node -
                   ./vigil-node /etc/redis/6379.conf
                   ./vigil-node --port 7777
                   ./vigil-node --port 7777 --replicaof 127.0.0.1 8888
                   ./vigil-node /etc/myredis.conf --loglevel verbose -
                   ./vigil-node /etc/myredis.conf --loglevel verbose
            """;

    private NodeMain() {
    }

    public static void main(String[] args) {
        // Netty 4.2 registers JFR allocation events by default, which loads the whole JFR machinery
        // at start for nothing; the server has no use for them.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        ServerLog.captureLibraryLogging();
        RespServer.prewarm();
        int status;
        try {
            status = run(args);
        } catch (Throwable e) {
            // The event loop's thread is not a daemon: without an explicit exit an unexpected
            // failure while starting would leave a process that never serves and never ends.
            ServerLog.get().warning("Fatal error during start: " + e);
            status = 1;
        }
        if (status >= 0) {
            System.exit(status);
        }
    }

    /** Starts the node; returns an exit status to exit with now, or -1 when the node is running. */
    static int run(String[] args) {
        if (args.length == 1 && args[0].equals(WARMUP)) {
            return warmup();
        }
        Path cwd = Path.of("").toAbsolutePath();
        CommandLine commandLine = CommandLine.parse("vigil-node", Arrays.asList(args), cwd);
        if (commandLine.action() == CommandLine.Action.VERSION) {
            System.out.println("Vigil server v=" + VigilNode.VIGIL_VERSION + " (Redis-compatible "
                    + VigilNode.REDIS_VERSION + ") bits=64");
            return 0;
        }
        if (commandLine.action() == CommandLine.Action.HELP) {
            System.err.print(USAGE);
            return 1;
        }
        ServerLog log = ServerLog.get();
        log.role('C');
        ScratchAcl scratch = new ScratchAcl(cwd);
        NodeConfig config;
        try {
            LoadOptions options = LoadOptions.defaults(cwd)
                    .withCommandNames(redisCommandNames())
                    .withUserValidator(NodeConfiguration.userValidator(scratch::users));
            LoadResult result = ConfigLoader.load(commandLine, options);
            config = result.config();
        } catch (ConfigException e) {
            if (e.kind() == ConfigException.Kind.LOGGED) {
                log.warning(e.reason());
                if (e.source() != null) {
                    System.err.println(e.fileLineReason());
                }
            } else {
                System.err.print(e.formatFatal());
            }
            return 1;
        } finally {
            scratch.close();
        }
        if (config.getInt("http-port") > 0) {
            // A non-loopback HTTP listener without a token would open the actions to the network.
            try {
                HttpListener.checkBind(config.getString("http-bind"), config.getString("http-auth-token"));
            } catch (IllegalArgumentException e) {
                System.err.print("\n*** FATAL CONFIG FILE ERROR (Redis " + VigilNode.REDIS_VERSION + ") ***\n"
                        + e.getMessage() + "\n");
                return 1;
            }
        }
        try {
            String logfile = config.getString("logfile");
            log.open(logfile == null ? "" : logfile);
        } catch (IOException e) {
            System.err.println("Can't open the log file: " + e.getMessage());
            return 1;
        }
        log.level(LogLevel.parse(config.get("loglevel")));
        log.always("oO0OoO0OoO0Oo Vigil is starting oO0OoO0OoO0Oo");
        log.always("Vigil version=" + VigilNode.VIGIL_VERSION + ", Redis version=" + VigilNode.REDIS_VERSION
                + ", bits=64, commit=00000000, modified=0, pid=" + ProcessHandle.current().pid() + ", just started");
        if (args.length == 0) {
            log.always("Warning: no config file specified, using the default config. In order to specify a config "
                    + "file use vigil-node /path/to/redis.conf");
        } else {
            log.always("Configuration loaded");
        }
        log.role('M');
        log.notice("monotonic clock: POSIX clock_gettime");
        PidFile pidFile = pidFile(config);
        if (pidFile != null) {
            try {
                pidFile.write();
            } catch (IOException e) {
                log.warning("Failed to write PID file: " + e.getMessage());
            }
        }
        VigilNode node;
        try {
            node = VigilNode.create(config, NodeFeatures.standard());
        } catch (NodeConfigurationException e) {
            if (e.configFileError()) {
                System.err.print("\n*** FATAL CONFIG FILE ERROR (Redis " + VigilNode.REDIS_VERSION + ") ***\n"
                        + e.getMessage() + "\n");
            } else {
                log.warning(e.getMessage());
            }
            removePidFile(pidFile);
            return 1;
        }
        signalDaemonConfigured();
        PersistenceCommands persistence = node.feature(PersistenceCommands.class);
        if (persistence != null) {
            // redis-server persists in its working directory even when started without a config file.
            persistence.enableAutomaticPersistence();
        }
        node.exitAction(status -> {
            if (pidFile != null) {
                log.notice("Removing the pid file.");
                pidFile.remove();
            }
            if (status == 0) {
                log.warning("Redis is now ready to exit, bye bye...");
            }
            Thread exit = new Thread(() -> System.exit(status), "vigil-exit");
            exit.start();
        });
        log.notice("Running mode=standalone, port=" + config.getInt("port") + ".");
        for (String ignored : config.ignoredDirectives()) {
            log.notice("Config directive '" + ignored + "' is accepted but has no effect in Vigil (ignored)");
        }
        log.warning("Server initialized");
        try {
            node.start();
        } catch (RespServer.BindFailure e) {
            log.warning("Warning: " + e.getMessage());
            log.warning("Failed listening on port " + config.getInt("port") + " (TCP), aborting.");
            node.server().closeAsync();
            removePidFile(pidFile);
            return 1;
        } catch (Exception e) {
            log.warning("Fatal error during start: " + e);
            node.server().closeAsync();
            removePidFile(pidFile);
            return 1;
        }
        installSignalHandlers(node);
        log.notice("Ready to accept connections");
        config.configFile().ifPresent(file -> ConfigRewriteWarmup.startInBackground(file, 500));
        return -1;
    }

    /**
     * Set by the launcher script when it daemonizes: the file to create once the configuration is
     * read and accepted. redis-server forks at that point, so its configuration errors still reach
     * the terminal with exit status 1; the script waits for this file or for the process to end.
     */
    static final String CONFIGURED_PROPERTY = "vigil.daemon.configured";

    /** Tells a daemonizing launcher that the configuration is accepted (vigil-node and vigil-sentinel). */
    public static void signalDaemonConfigured() {
        String marker = System.getProperty(CONFIGURED_PROPERTY);
        if (marker != null && !marker.isEmpty()) {
            try {
                java.nio.file.Files.writeString(Path.of(marker), "");
            } catch (IOException e) {
                ServerLog.get().warning("Can't write " + marker + ": " + e.getMessage());
            }
        }
    }

    /**
     * Not a Redis option: runs a node on a loopback ephemeral port through a typical start and a few
     * commands, then exits 0. The launcher runs it once with {@code -XX:ArchiveClassesAtExit} to
     * build a class-data-sharing archive, which roughly halves later start times.
     */
    static final String WARMUP = "--vigil-cds-warmup";

    private static int warmup() {
        try {
            NodeConfig config = NodeConfig.defaults(Path.of("").toAbsolutePath());
            config.setInternal("bind", java.util.List.of("127.0.0.1"));
            config.setInternal("port", java.util.List.of("0"));
            config.setInternal("save", java.util.List.of(""));
            VigilNode node = VigilNode.create(config, NodeFeatures.standard()).start();
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.port())) {
                socket.setSoTimeout(5000);
                var out = socket.getOutputStream();
                out.write(("PING\r\nHELLO 3\r\nSET k v\r\nGET k\r\nINFO\r\nCLIENT LIST\r\nCONFIG GET port\r\n"
                        + "DEL k\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getInputStream().readAllBytes();
            }
            node.close();
            return 0;
        } catch (Exception e) {
            return 1;
        }
    }

    private static void removePidFile(PidFile pidFile) {
        if (pidFile != null) {
            pidFile.remove();
        }
    }

    /** Redis writes a pidfile when one is configured, or at /var/run/redis.pid when daemonized. */
    private static PidFile pidFile(NodeConfig config) {
        String path = config.getString("pidfile");
        if ((path == null || path.isEmpty()) && config.getBool("daemonize")) {
            path = "/var/run/redis.pid";
        }
        return path == null || path.isEmpty() ? null : new PidFile(config.dir().resolve(path));
    }

    private static void installSignalHandlers(VigilNode node) {
        ServerCommands server = node.feature(ServerCommands.class);
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    String signalName = "SIG" + name;
                    ServerLog.get().warning("Received " + signalName + " scheduling shutdown...");
                    if (server != null) {
                        server.shutdownOnSignal(signalName);
                    } else {
                        System.exit(0);
                    }
                });
            } catch (IllegalArgumentException ignored) {
                // The signal is not available on this platform.
            }
        }
        ServerLog.reopenOnHangup(() -> { });
    }

    /** The command names of Redis 7.0.15, which rename-command may name (checked while loading). */
    static Set<String> redisCommandNames() {
        Set<String> names = new LinkedHashSet<>();
        InputStream in = NodeMain.class.getResourceAsStream("redis-7.0.15-commands.txt");
        if (in == null) {
            return null;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
        } catch (IOException e) {
            return null;
        }
        return names;
    }

    /**
     * A throwaway node whose ACL checks {@code user} lines while the config loads (the rules need
     * the command table). Built only when the config has such lines.
     */
    private static final class ScratchAcl {
        private final Path cwd;
        private VigilNode node;

        ScratchAcl(Path cwd) {
            this.cwd = cwd;
        }

        AclUsers users() {
            if (node == null) {
                try {
                    node = VigilNode.create(NodeConfig.defaults(cwd), NodeFeatures.standard());
                } catch (NodeConfigurationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return node.acl();
        }

        void close() {
            if (node != null) {
                node.server().closeAsync();
            }
        }
    }
}
