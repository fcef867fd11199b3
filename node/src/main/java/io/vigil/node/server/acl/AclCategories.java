package io.vigil.node.server.acl;

import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Redis 7.0's ACL command categories, in ACL CAT order, and the categories a command's flags imply. */
public final class AclCategories {
    /** ACL CAT order, which is also the order the rule describer tries categories in. */
    public static final List<String> ALL = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    private AclCategories() {
    }

    public static boolean exists(String name) {
        return ALL.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The command's categories with Redis's implicit ones (setImplicitACLCategories): write, read
     * (not for scripting), admin+dangerous, pubsub, fast, blocking, and slow for anything not fast.
     */
    public static Set<String> of(CommandSpec spec) {
        Set<String> result = new LinkedHashSet<>();
        for (String category : spec.categories()) {
            String name = category.toLowerCase(Locale.ROOT);
            result.add(name.startsWith("@") ? name.substring(1) : name);
        }
        if (spec.has(CommandFlag.WRITE)) {
            result.add("write");
        }
        if (spec.has(CommandFlag.READONLY) && !result.contains("scripting")) {
            result.add("read");
        }
        if (spec.has(CommandFlag.ADMIN)) {
            result.add("admin");
            result.add("dangerous");
        }
        if (spec.has(CommandFlag.PUBSUB)) {
            result.add("pubsub");
        }
        if (spec.has(CommandFlag.FAST)) {
            result.add("fast");
        }
        if (spec.has(CommandFlag.BLOCKING)) {
            result.add("blocking");
        }
        if (!result.contains("fast")) {
            result.add("slow");
        }
        return result;
    }
}
