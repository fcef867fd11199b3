package io.vigil.conf;

import java.util.List;

/**
 * Checks a {@code user <name> <rules...>} config line with the node's ACL rules. Return null when the
 * line is fine, or the failing argument and message: the loader reports
 * {@code Error in user declaration '<arg>': <message>} like Redis.
 */
@FunctionalInterface
public interface UserDeclarationValidator {

    /** A rejected argument and ACL error text (e.g. "Syntax error"). */
    record Rejection(String argument, String message) {
    }

    /** @param argv the whole line's arguments, argv[0] being "user" */
    Rejection validate(List<String> argv);
}
