package io.vigil.conf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code dir}: the working directory, kept as an absolute path. Redis chdir()s; Vigil cannot, so a
 * relative value resolves against the current one, and the filesystem check reports Redis's
 * strerror texts. Always written back by CONFIG REWRITE, quoted.
 */
public final class DirType implements ValueType<String> {
    public static final DirType INSTANCE = new DirType();

    private DirType() {
    }

    @Override
    public String parse(List<String> args, String current, ParseContext ctx) throws InvalidValueException {
        if (args.size() != 1) {
            throw new InvalidValueException("wrong number of arguments");
        }
        String arg = args.get(0);
        if (arg.isEmpty()) {
            throw new InvalidValueException("No such file or directory");
        }
        Path p = Path.of(current).resolve(arg).normalize();
        if (ctx.checkFilesystem()) {
            if (!Files.exists(p)) {
                throw new InvalidValueException(Files.isSymbolicLink(p) || hasFileAncestor(p)
                        ? "Not a directory" : "No such file or directory");
            }
            if (!Files.isDirectory(p)) {
                throw new InvalidValueException("Not a directory");
            }
            if (!Files.isExecutable(p)) {
                throw new InvalidValueException("Permission denied");
            }
            try {
                p = p.toRealPath();
            } catch (java.io.IOException e) {
                throw new InvalidValueException("No such file or directory");
            }
        }
        return p.toString();
    }

    private static boolean hasFileAncestor(Path p) {
        for (Path a = p.getParent(); a != null; a = a.getParent()) {
            if (Files.exists(a)) {
                return !Files.isDirectory(a);
            }
        }
        return false;
    }

    @Override
    public String render(String value) {
        return value;
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, String value, String defaultValue) {
        return List.of(new RewriteLine(name + " " + ArgSplitter.quote(value), true));
    }
}
