package io.vigil.conf;

import java.util.List;

/**
 * Decides, for CONFIG REWRITE, which option an old config line belongs to. Returning null turns the
 * line into a {@code # ??? } comment (Redis's treatment of lines it does not understand).
 */
@FunctionalInterface
public interface LineClassifier {

    /** The option key for a non-comment line split into {@code argv} (argv[0] already lower-cased). */
    String optionKey(List<String> argv);

    /**
     * Redis's rule for a node: known directives are keyed by their primary name (aliases such as
     * slaveof and hash-max-ziplist-entries map to replicaof and hash-max-listpack-entries); anything
     * else becomes "# ???".
     */
    static LineClassifier node(DirectiveRegistry registry) {
        return argv -> registry.isKnownFileDirective(argv.get(0)) ? registry.primaryName(argv.get(0)) : null;
    }

    /**
     * Redis's rule in sentinel mode: nothing becomes "# ???"; {@code sentinel <word> ...} lines are keyed
     * "sentinel <word>" (the word lower-cased), other lines like a node's (unknown words keep their own
     * key and are left untouched).
     */
    static LineClassifier sentinel(DirectiveRegistry registry) {
        return argv -> {
            if (argv.get(0).equals("sentinel") && argv.size() > 1) {
                return "sentinel " + ArgSplitter.lower(argv.get(1));
            }
            return registry.primaryName(argv.get(0));
        };
    }
}
