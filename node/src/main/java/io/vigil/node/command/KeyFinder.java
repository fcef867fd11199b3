package io.vigil.node.command;

import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.acl.KeyLocator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the key arguments of a command with Redis 7.0's key specs (getKeysUsingKeySpecs): a begin
 * search (an index, or a keyword such as STREAMS) and a find-keys rule (a range, or a key count
 * argument), each key with its access flags (RO/RW/OW/RM, access, update, insert, delete). Commands
 * Redis does not know fall back to the legacy first/last/step positions of their spec.
 */
public final class KeyFinder implements KeyLocator {
    /** One key argument and its key-spec flags, in Redis's flag order. */
    public record FoundKey(int index, List<String> flags) {
    }

    @Override
    public List<KeyRef> keys(CommandSpec spec, byte[][] argv) {
        List<FoundKey> found = find(spec, argv);
        List<KeyRef> refs = new ArrayList<>();
        if (found == null) {
            return refs;
        }
        for (FoundKey key : found) {
            boolean read = key.flags().contains("access");
            boolean write = key.flags().contains("insert") || key.flags().contains("delete")
                    || key.flags().contains("update");
            refs.add(new KeyRef(key.index(), read, write));
        }
        return refs;
    }

    /** The keys, or null when the arguments do not fit the specs (Redis's "invalid spec"). */
    @SuppressWarnings("unchecked")
    public List<FoundKey> find(CommandSpec spec, byte[][] argv) {
        if (spec.fullName().equals("sort")) {
            return sortKeys(argv);
        }
        List<Object> specs = CommandCatalog.get().keySpecs(spec.fullName());
        if (specs == null) {
            return fromPositions(spec, argv);
        }
        List<FoundKey> found = new ArrayList<>();
        int argc = argv.length;
        for (Object item : specs) {
            Map<Object, Object> keySpec = (Map<Object, Object>) item;
            List<String> flags = flags(keySpec);
            if (flags.contains("not_key")) {
                continue;
            }
            Map<Object, Object> begin = (Map<Object, Object>) keySpec.get("begin_search");
            Map<Object, Object> beginSpec = (Map<Object, Object>) begin.get("spec");
            int first = 0;
            switch ((String) begin.get("type")) {
                case "index" -> first = number(beginSpec, "index");
                case "keyword" -> {
                    String keyword = (String) beginSpec.get("keyword");
                    int startFrom = number(beginSpec, "startfrom");
                    int start = startFrom > 0 ? startFrom : argc + startFrom;
                    int end = startFrom > 0 ? argc - 1 : 0;
                    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                        if (i >= argc || i < 1) {
                            break;
                        }
                        if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase(keyword)) {
                            first = i + 1;
                            break;
                        }
                    }
                    if (first == 0) {
                        continue;
                    }
                }
                default -> {
                    return null;
                }
            }
            Map<Object, Object> findKeys = (Map<Object, Object>) keySpec.get("find_keys");
            Map<Object, Object> findSpec = (Map<Object, Object>) findKeys.get("spec");
            int last;
            int step;
            switch ((String) findKeys.get("type")) {
                case "range" -> {
                    step = number(findSpec, "keystep");
                    int lastKey = number(findSpec, "lastkey");
                    int limit = number(findSpec, "limit");
                    if (lastKey >= 0) {
                        last = first + lastKey;
                    } else if (limit == 0) {
                        last = argc + lastKey;
                    } else {
                        last = first + ((argc - first) / limit + lastKey);
                    }
                }
                case "keynum" -> {
                    step = number(findSpec, "keystep");
                    int keyNumIndex = first + number(findSpec, "keynumidx");
                    if (keyNumIndex >= argc) {
                        return null;
                    }
                    long count;
                    try {
                        count = Long.parseLong(new String(argv[keyNumIndex], StandardCharsets.ISO_8859_1));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (count < 0) {
                        return null;
                    }
                    first += number(findSpec, "firstkey");
                    last = first + (int) count - 1;
                }
                default -> {
                    return null;
                }
            }
            if (last >= argc || last < first || first >= argc) {
                return null;
            }
            List<String> keyFlags = variableFlags(spec, argv, flags);
            for (int i = first; i <= last; i += Math.max(1, step)) {
                found.add(new FoundKey(i, keyFlags));
            }
        }
        return found;
    }

    /**
     * Redis's sortGetKeys: SORT's STORE key is not found by its key specs ("incomplete"); options
     * are skipped with their arguments and the last STORE wins.
     */
    private static List<FoundKey> sortKeys(byte[][] argv) {
        List<FoundKey> found = new ArrayList<>();
        found.add(new FoundKey(1, List.of("RO", "access")));
        int store = -1;
        for (int i = 2; i < argv.length; i++) {
            String option = new String(argv[i], StandardCharsets.ISO_8859_1);
            if (option.equalsIgnoreCase("limit")) {
                i += 2;
            } else if (option.equalsIgnoreCase("get") || option.equalsIgnoreCase("by")) {
                i += 1;
            } else if (option.equalsIgnoreCase("store") && i + 1 < argv.length) {
                store = i + 1;
            }
        }
        if (store >= 0) {
            found.add(new FoundKey(store, List.of("OW", "update")));
        }
        return found;
    }

    /** SET's flags depend on GET, as its getkeys callback decides. */
    private static List<String> variableFlags(CommandSpec spec, byte[][] argv, List<String> flags) {
        if (!flags.contains("variable_flags") || !spec.fullName().equals("set")) {
            return flags;
        }
        for (int i = 3; i < argv.length; i++) {
            if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase("get")) {
                return List.of("RW", "access", "update");
            }
        }
        return List.of("OW", "update");
    }

    @SuppressWarnings("unchecked")
    private static List<String> flags(Map<Object, Object> keySpec) {
        List<String> flags = new ArrayList<>();
        for (Object flag : ((RespTree.SetOf) keySpec.get("flags")).items()) {
            flags.add(((RespTree.Status) flag).text());
        }
        return flags;
    }

    private static int number(Map<Object, Object> map, String name) {
        Object value = map.get(name);
        if (value instanceof Long number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            return Integer.parseInt(text);
        }
        return 0;
    }

    private static List<FoundKey> fromPositions(CommandSpec spec, byte[][] argv) {
        List<FoundKey> found = new ArrayList<>();
        if (spec.firstKey() <= 0) {
            return found;
        }
        List<String> flags = spec.isWrite() ? List.of("RW", "access", "update") : List.of("RO", "access");
        int last = spec.lastKey() < 0 ? argv.length + spec.lastKey() : spec.lastKey();
        int step = Math.max(1, spec.keyStep());
        if (last >= argv.length || last < spec.firstKey()) {
            return null;
        }
        for (int i = spec.firstKey(); i <= last; i += step) {
            found.add(new FoundKey(i, flags));
        }
        return found;
    }

    /** Whether the command has key arguments at all (doesCommandHaveKeys). */
    @SuppressWarnings("unchecked")
    public boolean hasKeys(CommandSpec spec) {
        List<Object> specs = CommandCatalog.get().keySpecs(spec.fullName());
        if (specs == null) {
            return spec.firstKey() > 0;
        }
        for (Object item : specs) {
            if (!flags((Map<Object, Object>) item).contains("not_key")) {
                return true;
            }
        }
        return false;
    }
}
