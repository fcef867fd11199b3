package io.vigil.conf;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The redis-server command line: {@code [configfile] [-] [--directive value ...]}, parsed exactly like
 * Redis 7.0's main(). Options become config lines appended after the file and stdin: each
 * {@code --name} starts a line and following arguments are appended quoted, so
 * {@code --replicaof "127.0.0.1 6379"} and {@code --save ""} work; a bare {@code --save} (last or
 * followed by another option) means {@code save ""}.
 *
 * @param action what the caller should do ({@code -v/--version}, {@code -h/--help} only as first argument)
 * @param configFile the config file, made absolute (CONFIG REWRITE target), if given
 * @param configFromStdin {@code -} as first or last argument: read config from standard input
 * @param options the config text built from the {@code --} options (may be empty)
 * @param sentinelMode {@code --sentinel} anywhere, or a program name containing "sentinel"
 * @param hasArguments false when started with no arguments: Redis then loads no config at all
 */
public record CommandLine(Action action, Optional<Path> configFile, boolean configFromStdin, String options,
                          boolean sentinelMode, boolean hasArguments) {

    /** What the process was asked to do. */
    public enum Action {
        RUN, VERSION, HELP
    }

    /**
     * Parses the arguments after the program name.
     *
     * @param programName argv[0]; "redis-sentinel"/"vigil-sentinel" (any name containing
     *     "sentinel") selects sentinel mode like Redis's checkForSentinelMode
     * @param args the arguments after the program name
     * @param workingDir base for a relative config file path
     */
    public static CommandLine parse(String programName, List<String> args, Path workingDir) {
        boolean sentinel = programName != null && programName.contains("sentinel");
        for (String a : args) {
            if (a.equals("--sentinel")) {
                sentinel = true;
            }
        }
        if (args.isEmpty()) {
            return new CommandLine(Action.RUN, Optional.empty(), false, "", sentinel, false);
        }
        String first = args.get(0);
        if (first.equals("-v") || first.equals("--version")) {
            return new CommandLine(Action.VERSION, Optional.empty(), false, "", sentinel, true);
        }
        if (first.equals("--help") || first.equals("-h")) {
            return new CommandLine(Action.HELP, Optional.empty(), false, "", sentinel, true);
        }
        // Indices below follow Redis's argv (argv[1] is args[0]).
        int argc = args.size() + 1;
        int j = 1;
        Optional<Path> configFile = Optional.empty();
        if (!first.startsWith("-")) {
            configFile = Optional.of(workingDir.resolve(first).toAbsolutePath().normalize());
            j = 2;
        }
        boolean stdin = false;
        StringBuilder options = new StringBuilder();
        boolean handledLastConfigArg = true;
        while (j < argc) {
            String a = args.get(j - 1);
            if (a.equals("-") && (j == 1 || j == argc - 1)) {
                stdin = true;
            } else if (handledLastConfigArg && a.startsWith("--")) {
                if (options.length() > 0) {
                    options.append('\n');
                }
                options.append(a, 2, a.length()).append(' ');
                List<String> tokens = ArgSplitter.split(a);
                int tokenCount = tokens == null ? 0 : tokens.size();
                if (tokenCount == 1) {
                    // Only an option name: its value follows.
                    handledLastConfigArg = false;
                    boolean nextIsOption = j != argc - 1 && args.get(j).startsWith("--");
                    if (nextIsOption && a.equalsIgnoreCase("--save")) {
                        options.append("\"\"");
                        handledLastConfigArg = true;
                    } else if (j == argc - 1 && a.equalsIgnoreCase("--save")) {
                        options.append("\"\"");
                    } else if (nextIsOption && a.equalsIgnoreCase("--sentinel")) {
                        handledLastConfigArg = true;
                    }
                } else {
                    // Name and value in one argument, like "--port 6380".
                    handledLastConfigArg = true;
                }
            } else {
                options.append(ArgSplitter.quote(a)).append(' ');
                handledLastConfigArg = true;
            }
            j++;
        }
        return new CommandLine(Action.RUN, configFile, stdin, options.toString(), sentinel, true);
    }
}
