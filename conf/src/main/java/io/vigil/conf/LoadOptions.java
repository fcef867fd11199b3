package io.vigil.conf;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Environment for {@link ConfigLoader}.
 *
 * @param workingDir the process working directory (relative paths, default {@code dir})
 * @param stdin standard input, read when the command line has {@code -}
 * @param checkFilesystem check {@code dir} exists and {@code logfile} can be opened, like Redis
 *     (turn off to validate a file offline)
 * @param commandNames lower-case command names for rename-command checks ("No such command in
 *     rename-command"); null skips the checks
 * @param userValidator checks {@code user} lines (the node's ACL parser); null accepts all
 */
public record LoadOptions(Path workingDir, Supplier<InputStream> stdin, boolean checkFilesystem,
                          Set<String> commandNames, UserDeclarationValidator userValidator) {

    /** Checks the filesystem, reads System.in for "-", no command or ACL checks. */
    public static LoadOptions defaults(Path workingDir) {
        return new LoadOptions(workingDir, () -> System.in, true, null, null);
    }

    public LoadOptions withStdin(Supplier<InputStream> in) {
        return new LoadOptions(workingDir, in, checkFilesystem, commandNames, userValidator);
    }

    public LoadOptions withCheckFilesystem(boolean check) {
        return new LoadOptions(workingDir, stdin, check, commandNames, userValidator);
    }

    public LoadOptions withCommandNames(Set<String> names) {
        return new LoadOptions(workingDir, stdin, checkFilesystem, names, userValidator);
    }

    public LoadOptions withUserValidator(UserDeclarationValidator v) {
        return new LoadOptions(workingDir, stdin, checkFilesystem, commandNames, v);
    }
}
