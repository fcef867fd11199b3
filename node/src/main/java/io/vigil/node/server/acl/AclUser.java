package io.vigil.node.server.acl;

import io.vigil.node.server.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * One ACL user with Redis 7.0's rule language (ACLSetUser / ACLSetSelector). A new user is off, has
 * no passwords, keys, channels or commands. Selectors ({@code (...)}) are not supported.
 */
public final class AclUser {
    private final String name;
    private boolean enabled;
    private boolean nopass;
    private boolean sanitizePayload;
    private boolean skipSanitizePayload;
    private final LinkedHashSet<String> passwords = new LinkedHashSet<>();
    private boolean allKeys;
    private final List<KeyPattern> keys = new ArrayList<>();
    private boolean allChannels;
    private final List<String> channels = new ArrayList<>();
    private AclCommandRules commands = new AclCommandRules();

    public AclUser(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean nopass() {
        return nopass;
    }

    public boolean allKeys() {
        return allKeys;
    }

    public boolean allChannels() {
        return allChannels;
    }

    public boolean allCommands() {
        return commands.allCommands();
    }

    public List<KeyPattern> keyPatterns() {
        return List.copyOf(keys);
    }

    public List<String> channelPatterns() {
        return List.copyOf(channels);
    }

    /** SHA-256 hex digests, in the order they were added. */
    public List<String> passwordHashes() {
        return List.copyOf(passwords);
    }

    AclUser copy(String newName) {
        AclUser copy = new AclUser(newName);
        copy.copyFrom(this);
        return copy;
    }

    void copyFrom(AclUser other) {
        enabled = other.enabled;
        nopass = other.nopass;
        sanitizePayload = other.sanitizePayload;
        skipSanitizePayload = other.skipSanitizePayload;
        passwords.clear();
        passwords.addAll(other.passwords);
        allKeys = other.allKeys;
        keys.clear();
        keys.addAll(other.keys);
        allChannels = other.allChannels;
        channels.clear();
        channels.addAll(other.channels);
        commands = other.commands.copy();
    }

    /** Applies one rule ({@code on}, {@code >pass}, {@code ~pat}, {@code +@read} ...). */
    public void apply(String op, AclCommandUniverse universe) throws AclRuleException {
        String lower = op.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "on" -> enabled = true;
            case "off" -> enabled = false;
            case "skip-sanitize-payload" -> {
                skipSanitizePayload = true;
                sanitizePayload = false;
            }
            case "sanitize-payload" -> {
                skipSanitizePayload = false;
                sanitizePayload = true;
            }
            case "nopass" -> {
                nopass = true;
                passwords.clear();
            }
            case "resetpass" -> {
                nopass = false;
                passwords.clear();
            }
            case "allkeys", "~*" -> {
                allKeys = true;
                keys.clear();
            }
            case "resetkeys" -> {
                allKeys = false;
                keys.clear();
            }
            case "allchannels", "&*" -> {
                allChannels = true;
                channels.clear();
            }
            case "resetchannels" -> {
                allChannels = false;
                channels.clear();
            }
            case "allcommands", "+@all" -> commands.allowAll(universe);
            case "nocommands", "-@all" -> commands.denyAll();
            case "reset" -> {
                apply("resetpass", universe);
                apply("resetkeys", universe);
                apply("resetchannels", universe);
                apply("off", universe);
                apply("sanitize-payload", universe);
                apply("-@all", universe);
            }
            case "clearselectors" -> {
                // Vigil users have only the root selector.
            }
            default -> applyWithArgument(op, universe);
        }
    }

    private void applyWithArgument(String op, AclCommandUniverse universe) throws AclRuleException {
        if (op.isEmpty()) {
            throw new AclRuleException(AclRuleException.SYNTAX);
        }
        char first = op.charAt(0);
        switch (first) {
            case '>' -> {
                passwords.add(hash(op.substring(1)));
                nopass = false;
            }
            case '#' -> {
                String hash = op.substring(1);
                checkHash(hash);
                passwords.add(hash);
                nopass = false;
            }
            case '<' -> {
                if (!passwords.remove(hash(op.substring(1)))) {
                    throw new AclRuleException(AclRuleException.NO_SUCH_PASSWORD);
                }
            }
            case '!' -> {
                String hash = op.substring(1);
                checkHash(hash);
                if (!passwords.remove(hash)) {
                    throw new AclRuleException(AclRuleException.NO_SUCH_PASSWORD);
                }
            }
            case '~', '%' -> addKeyPattern(op);
            case '&' -> {
                if (allChannels) {
                    throw new AclRuleException(AclRuleException.CHANNELS_AFTER_ALL);
                }
                String pattern = op.substring(1);
                if (hasSpaces(pattern)) {
                    throw new AclRuleException(AclRuleException.SYNTAX);
                }
                if (!channels.contains(pattern)) {
                    channels.add(pattern);
                }
            }
            case '+', '-' -> applyCommandRule(op, first == '+', universe);
            case '(' -> throw new AclRuleException(AclRuleException.SYNTAX);
            default -> throw new AclRuleException(AclRuleException.SYNTAX);
        }
    }

    private void addKeyPattern(String op) throws AclRuleException {
        boolean read = true;
        boolean write = true;
        int offset = 1;
        if (op.charAt(0) == '%') {
            read = false;
            write = false;
            for (; offset < op.length(); offset++) {
                char c = Character.toUpperCase(op.charAt(offset));
                if (c == 'R') {
                    read = true;
                } else if (c == 'W') {
                    write = true;
                } else if (c == '~') {
                    offset++;
                    break;
                } else {
                    throw new AclRuleException(AclRuleException.SYNTAX);
                }
            }
            if ((!read && !write) || op.charAt(offset - 1) != '~') {
                throw new AclRuleException(AclRuleException.SYNTAX);
            }
        }
        if (allKeys) {
            throw new AclRuleException(AclRuleException.KEYS_AFTER_ALL);
        }
        String pattern = op.substring(offset);
        if (hasSpaces(pattern)) {
            throw new AclRuleException(AclRuleException.SYNTAX);
        }
        KeyPattern key = new KeyPattern(pattern, read, write);
        if (!keys.contains(key)) {
            keys.add(key);
        }
    }

    private void applyCommandRule(String op, boolean allow, AclCommandUniverse universe) throws AclRuleException {
        String body = op.substring(1);
        if (body.startsWith("@")) {
            String category = body.substring(1).toLowerCase(Locale.ROOT);
            if (!AclCategories.exists(category)) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            commands.changeCategory(universe, category, allow);
            return;
        }
        int bar = body.indexOf('|');
        if (bar < 0) {
            CommandSpec spec = universe.command(body);
            if (spec == null) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            commands.change(spec, allow);
            return;
        }
        CommandSpec parent = universe.command(body.substring(0, bar));
        String sub = body.substring(bar + 1);
        if (parent == null || sub.isEmpty() || sub.indexOf('|') >= 0) {
            throw new AclRuleException(AclRuleException.UNKNOWN);
        }
        if (parent.hasSubcommands()) {
            CommandSpec subSpec = parent.subcommands().get(sub.toLowerCase(Locale.ROOT));
            if (subSpec == null) {
                throw new AclRuleException(AclRuleException.UNKNOWN);
            }
            commands.change(subSpec, allow);
            return;
        }
        if (!allow) {
            // Redis 7.0 cannot take back a first-arg: "-select|0" is refused.
            throw new AclRuleException(AclRuleException.UNKNOWN);
        }
        commands.allowFirstArg(parent, sub.toLowerCase(Locale.ROOT));
    }

    private static boolean hasSpaces(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == 0) {
                return true;
            }
        }
        return false;
    }

    private static void checkHash(String hash) throws AclRuleException {
        if (hash.length() != 64) {
            throw new AclRuleException(AclRuleException.BAD_HASH);
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new AclRuleException(AclRuleException.BAD_HASH);
            }
        }
    }

    /** SHA-256 of the password bytes as lowercase hex (ACLHashPassword). */
    public static String hash(String password) {
        return hash(password.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String hash(byte[] password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the password opens this user (nopass accepts anything). Disabled users never match. */
    public boolean checkPassword(byte[] password) {
        if (!enabled) {
            return false;
        }
        if (nopass) {
            return true;
        }
        if (passwords.isEmpty()) {
            return false;
        }
        String digest = hash(password);
        boolean found = false;
        for (String candidate : passwords) {
            // Compare every entry in constant time so timing does not reveal which one matched.
            found |= MessageDigest.isEqual(candidate.getBytes(StandardCharsets.US_ASCII),
                    digest.getBytes(StandardCharsets.US_ASCII));
        }
        return found;
    }

    void commandAdded(CommandSpec spec) {
        commands.commandAdded(spec);
    }

    boolean permitsCommand(CommandSpec spec, byte[][] argv) {
        return commands.permits(spec, argv);
    }

    /** ACLSelectorCheckKey: a pattern with at least the needed permissions matches the key. */
    boolean permitsKey(byte[] key, boolean needRead, boolean needWrite) {
        if (allKeys) {
            return true;
        }
        for (KeyPattern pattern : keys) {
            if ((needRead && !pattern.read()) || (needWrite && !pattern.write())) {
                continue;
            }
            if (io.vigil.node.server.Glob.matches(pattern.pattern().getBytes(StandardCharsets.ISO_8859_1), key)) {
                return true;
            }
        }
        return false;
    }

    /** ACLCheckChannelAgainstList: patterns subscribed with PSUBSCRIBE must appear literally. */
    boolean permitsChannel(byte[] channel, boolean isPattern) {
        if (allChannels) {
            return true;
        }
        String text = new String(channel, StandardCharsets.ISO_8859_1);
        for (String pattern : channels) {
            if (isPattern) {
                if (pattern.equals(text)) {
                    return true;
                }
            } else if (io.vigil.node.server.Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), channel)) {
                return true;
            }
        }
        return false;
    }

    /** The flags GETUSER lists and ACL LIST starts with. */
    public List<String> flags() {
        List<String> flags = new ArrayList<>();
        flags.add(enabled ? "on" : "off");
        if (nopass) {
            flags.add("nopass");
        }
        if (skipSanitizePayload) {
            flags.add("skip-sanitize-payload");
        }
        if (sanitizePayload) {
            flags.add("sanitize-payload");
        }
        return flags;
    }

    /** GETUSER's "keys": the patterns separated by spaces. */
    public String describeKeys() {
        if (allKeys) {
            return "~*";
        }
        StringBuilder out = new StringBuilder();
        for (KeyPattern key : keys) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(key.describe());
        }
        return out.toString();
    }

    /** GETUSER's "channels". */
    public String describeChannels() {
        if (allChannels) {
            return "&*";
        }
        StringBuilder out = new StringBuilder();
        for (String channel : channels) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append('&').append(channel);
        }
        return out.toString();
    }

    /** GETUSER's "commands". */
    public String describeCommands(AclCommandUniverse universe) {
        return commands.describe(universe);
    }

    /** The rules after the user name in ACL LIST and the ACL file (ACLDescribeUser). */
    public String describe(AclCommandUniverse universe) {
        StringBuilder out = new StringBuilder();
        for (String flag : flags()) {
            out.append(flag).append(' ');
        }
        for (String hash : passwords) {
            out.append('#').append(hash).append(' ');
        }
        if (allKeys) {
            out.append("~* ");
        } else {
            for (KeyPattern key : keys) {
                out.append(key.describe()).append(' ');
            }
        }
        if (allChannels) {
            out.append("&* ");
        } else {
            out.append("resetchannels ");
            for (String channel : channels) {
                out.append('&').append(channel).append(' ');
            }
        }
        out.append(commands.describe(universe));
        return out.toString();
    }
}
