package io.vigil.conf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a node (or sentinel) configuration the way Redis 7.0's loadServerConfig does: the config
 * file (or files matching a pattern), then standard input, then the command-line options are
 * concatenated into one text and processed line by line, applying each directive in order and
 * stopping at the first error with Redis's exact text and line number.
 *
 * <p>Redis quirks kept on purpose: several {@code save} lines add up, and the first one replaces the
 * defaults; after an {@code include} has been processed, each later {@code save} line replaces the
 * previous value (Redis resets its "reading the config file" flag at the end of an include);
 * command-line {@code --save} values add to the file's.
 */
public final class ConfigLoader {
    /** Label of the standard-input part in errors. */
    public static final String STDIN = "(stdin)";
    /** Label of the command-line options part in errors. */
    public static final String COMMAND_LINE = "(command line)";

    private final LoadOptions opts;
    private final NodeConfig config;
    private final boolean sentinelMode;
    private final Set<String> commands;
    private final List<SentinelDirective> sentinelDirectives = new ArrayList<>();
    private boolean readingConfigFile;
    private boolean saveLoaded;
    private boolean sawLoadModule;

    private ConfigLoader(LoadOptions opts, boolean sentinelMode) {
        this.opts = opts;
        this.sentinelMode = sentinelMode;
        this.config = new NodeConfig(NodeDirectives.registry(), opts.workingDir(), sentinelMode);
        this.commands = opts.commandNames() == null ? null : lowerAll(opts.commandNames());
        if (sentinelMode) {
            // Redis's initSentinelConfig runs before the config is read.
            config.putDefault("port", 26379L);
            config.putDefault("protected-mode", false);
        }
    }

    private static Set<String> lowerAll(Set<String> names) {
        Set<String> out = new HashSet<>();
        for (String n : names) {
            out.add(ArgSplitter.lower(n));
        }
        return out;
    }

    /**
     * Loads what a command line asks for. With no arguments at all Redis reads no config and keeps its
     * built-in defaults; so does this.
     */
    public static LoadResult load(CommandLine cl, LoadOptions opts) throws ConfigException {
        ConfigLoader l = new ConfigLoader(opts, cl.sentinelMode());
        if (!cl.hasArguments()) {
            return l.result();
        }
        StringBuilder text = new StringBuilder();
        List<Segment> segments = new ArrayList<>();
        String label = COMMAND_LINE;
        if (cl.configFile().isPresent()) {
            Path file = cl.configFile().get();
            l.config.setConfigFile(file);
            label = file.toString();
            l.readSource(file.toString(), text, segments, null, 0, 0, null);
        }
        if (cl.configFromStdin()) {
            segments.add(new Segment(text.length(), STDIN));
            try {
                InputStream in = opts.stdin().get();
                text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new ConfigException(ConfigException.Kind.LOGGED, STDIN, 0, 0, null,
                        "Fatal error, can't read config from stdin: " + ConfigSaveException.strerror(e));
            }
        }
        text.append('\n');
        segments.add(new Segment(text.length(), COMMAND_LINE));
        text.append(cl.options());
        l.loadString(text.toString(), segments, label);
        l.finish(label);
        return l.result();
    }

    /** Loads one config file (as {@code vigil-node <file>}). */
    public static LoadResult loadFile(Path file, LoadOptions opts, boolean sentinelMode) throws ConfigException {
        Path abs = opts.workingDir().resolve(file).toAbsolutePath().normalize();
        return load(new CommandLine(CommandLine.Action.RUN, Optional.of(abs), false, "", sentinelMode, true), opts);
    }

    /** Loads config text that did not come from a file (tests, embedded defaults). */
    public static LoadResult loadString(String text, String label, LoadOptions opts, boolean sentinelMode)
            throws ConfigException {
        ConfigLoader l = new ConfigLoader(opts, sentinelMode);
        l.loadString(text, List.of(new Segment(0, label)), label);
        l.finish(label);
        return l.result();
    }

    private LoadResult result() {
        return new LoadResult(config, sentinelDirectives);
    }

    /** A part of the concatenated config text and where it came from. */
    private record Segment(int start, String label) {
    }

    /** Reads a file or the files matching a pattern into {@code text}. */
    private void readSource(String path, StringBuilder text, List<Segment> segments, String fromLabel,
                            int fromLine, int fromRedisLine, String fromText) throws ConfigException {
        Path base = config.dir();
        List<Path> files;
        if (IncludeGlob.isPattern(path)) {
            files = IncludeGlob.expand(path, base);
        } else {
            files = List.of(base.resolve(path));
        }
        for (Path f : files) {
            segments.add(new Segment(text.length(), IncludeGlob.isPattern(path) ? f.toString() : labelFor(path, f)));
            if (Files.isDirectory(f)) {
                // fopen() of a directory succeeds and reading it yields nothing.
                continue;
            }
            try {
                text.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                String shown = IncludeGlob.isPattern(path) ? f.toString() : path;
                throw new ConfigException(ConfigException.Kind.LOGGED, fromLabel == null ? shown : fromLabel,
                        fromLine, fromRedisLine, fromText, "Fatal error, can't open config file '" + shown + "': "
                        + ConfigSaveException.strerror(e));
            }
        }
    }

    private static String labelFor(String written, Path resolved) {
        return written.startsWith("/") ? written : resolved.toString();
    }

    /** Redis's loadServerConfigFromString for one text (the top level, or one include). */
    private void loadString(String text, List<Segment> segments, String label) throws ConfigException {
        readingConfigFile = true;
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineStart = offset;
            offset += lines[i].length() + 1;
            String line = RewriteState.trim(lines[i]);
            int nul = line.indexOf('\0');
            if (nul >= 0) {
                line = line.substring(0, nul);
            }
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            Where where = locate(text, segments, lineStart, i + 1, line);
            List<String> argv = ArgSplitter.split(line);
            if (argv == null) {
                throw where.error("Unbalanced quotes in configuration line");
            }
            if (argv.isEmpty()) {
                continue;
            }
            apply(argv, where);
        }
        readingConfigFile = false;
        checkAfterLoad(label);
    }

    /** Where a line came from, for error messages. */
    private record Where(String source, int sourceLine, int redisLine, String lineText) {
        ConfigException error(String reason) {
            return new ConfigException(ConfigException.Kind.FATAL_BLOCK, source, sourceLine, redisLine, lineText, reason);
        }
    }

    private static Where locate(String text, List<Segment> segments, int lineStart, int redisLine, String line) {
        Segment seg = segments.get(0);
        for (Segment s : segments) {
            if (s.start() <= lineStart) {
                seg = s;
            }
        }
        int n = 1;
        for (int k = seg.start(); k < lineStart && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                n++;
            }
        }
        return new Where(seg.label(), n, redisLine, line);
    }

    private void apply(List<String> argv, Where where) throws ConfigException {
        String name = ArgSplitter.lower(argv.get(0));
        int argc = argv.size();
        DirectiveSpec spec = config.registry().lookup(name).orElse(null);
        if (spec != null) {
            if (!spec.has(DirectiveFlag.MULTI_ARG) && argc != 2) {
                throw where.error("wrong number of arguments");
            }
            List<String> args;
            if (spec.has(DirectiveFlag.MULTI_ARG) && argc == 2 && !argv.get(1).isEmpty()) {
                // Redis 7.0.1+: one argument of a multi-argument directive is split again, so
                // --replicaof "127.0.0.1 6379" works.
                List<String> split = ArgSplitter.split(argv.get(1));
                args = split == null ? List.of() : split;
            } else {
                args = argv.subList(1, argc);
            }
            ValueType.ParseContext ctx = opts.checkFilesystem()
                    ? ValueType.ParseContext.CHECKED : ValueType.ParseContext.UNCHECKED;
            Object value;
            try {
                value = spec.untypedType().parse(args, config.valueOf(spec), ctx);
            } catch (InvalidValueException e) {
                throw where.error(e.reason());
            }
            if (spec.type() instanceof SaveType) {
                value = mergeSave(spec, value);
            }
            config.putLoaded(spec, value);
            return;
        }
        int[] deprecated = NodeConfig.DEPRECATED.get(name);
        if (deprecated != null && deprecated[0] <= argc && argc <= deprecated[1]) {
            config.markSetByConfig(name);
            return;
        }
        if (name.equals("include") && argc == 2) {
            include(argv.get(1), where);
        } else if (name.equals("rename-command") && argc == 3) {
            renameCommand(argv.get(1), argv.get(2), where);
        } else if (name.equals("user") && argc >= 2) {
            if (opts.userValidator() != null) {
                UserDeclarationValidator.Rejection r = opts.userValidator().validate(List.copyOf(argv));
                if (r != null) {
                    throw where.error("Error in user declaration '" + r.argument() + "': " + r.message());
                }
            }
            config.addUserDirective(argv.subList(1, argc));
        } else if (name.equals("loadmodule") && argc >= 2) {
            sawLoadModule = true;
            config.addLoadModule(argv.subList(1, argc));
        } else if (name.indexOf('.') >= 0) {
            if (argc != 2) {
                throw where.error("Module config specified without value");
            }
            config.putModuleConfig(name, argv.get(1));
        } else if (name.equals("sentinel")) {
            // A bare "sentinel" (from --sentinel) is ignored.
            if (argc != 1) {
                if (!sentinelMode) {
                    throw where.error("sentinel directive while not in sentinel mode");
                }
                sentinelDirectives.add(new SentinelDirective(argv.subList(1, argc), where.source(),
                        where.sourceLine(), where.redisLine(), where.lineText()));
            }
        } else {
            throw where.error("Bad directive or wrong number of arguments");
        }
    }

    @SuppressWarnings("unchecked")
    private Object mergeSave(DirectiveSpec spec, Object parsed) {
        if (!readingConfigFile) {
            return parsed;
        }
        if (!saveLoaded) {
            // The first save line replaces the defaults; later ones add to it.
            saveLoaded = true;
            return parsed;
        }
        List<SaveRule> merged = new ArrayList<>((List<SaveRule>) config.valueOf(spec));
        merged.addAll((List<SaveRule>) parsed);
        return List.copyOf(merged);
    }

    private void renameCommand(String from, String to, Where where) throws ConfigException {
        if (commands != null) {
            String f = ArgSplitter.lower(from);
            if (!commands.contains(f)) {
                throw where.error("No such command in rename-command");
            }
            commands.remove(f);
            if (!to.isEmpty() && !commands.add(ArgSplitter.lower(to))) {
                throw where.error("Target command name already exists");
            }
        }
        config.addRenameCommand(new RenameCommand(from, to));
    }

    private void include(String path, Where where) throws ConfigException {
        StringBuilder text = new StringBuilder();
        List<Segment> segments = new ArrayList<>();
        readSource(path, text, segments, where.source(), where.sourceLine(), where.redisLine(), where.lineText());
        config.markSetByConfig("include");
        if (segments.isEmpty()) {
            // A pattern that matched nothing: Redis carries on as if the line were absent.
            return;
        }
        loadString(text.toString(), segments, segments.get(0).label());
    }

    /** The checks Redis runs at the end of each loadServerConfigFromString. */
    private void checkAfterLoad(String label) throws ConfigException {
        String logfile = config.getString("logfile");
        if (opts.checkFilesystem() && logfile != null && !logfile.isEmpty()) {
            Path p = config.dir().resolve(logfile);
            OpenOption[] mode = {StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE};
            if (Files.isDirectory(p)) {
                throw new ConfigException(ConfigException.Kind.FATAL_BLOCK, label, 0, 0, null,
                        "Can't open the log file: Is a directory");
            }
            try {
                Files.newOutputStream(p, mode).close();
            } catch (IOException e) {
                throw new ConfigException(ConfigException.Kind.FATAL_BLOCK, label, 0, 0, null,
                        "Can't open the log file: " + ConfigSaveException.strerror(e));
            }
        }
        if (config.getBool("cluster-enabled") && config.replicaOf().isPresent()) {
            throw new ConfigException(ConfigException.Kind.FATAL_BLOCK, label, 0, 0, null,
                    "replicaof directive not allowed in cluster mode");
        }
        long hz = config.getLong("hz");
        long clamped = Math.max(NodeDirectives.MIN_HZ, Math.min(NodeDirectives.MAX_HZ, hz));
        if (clamped != hz) {
            config.putDefault("hz", clamped);
        }
    }

    private void finish(String label) throws ConfigException {
        if (!config.moduleConfigs().isEmpty() && !sawLoadModule) {
            throw new ConfigException(ConfigException.Kind.LOGGED, label, 0, 0, null,
                    "Module Configuration detected without loadmodule directive or no ApplyConfig call: aborting");
        }
    }
}
