package io.vigil.node.server.acl;

import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The user table of a server: the {@code default} user (on, nopass, ~*, &*, +@all until told
 * otherwise), SETUSER with Redis's all-or-nothing semantics, authentication and the permission
 * check run before every command. Users are kept sorted by name, as Redis's rax lists them.
 */
public final class AclUsers {
    public static final String DEFAULT = "default";

    private final AclCommandUniverse universe;
    private final TreeMap<String, AclUser> users = new TreeMap<>();
    private final AclLog log = new AclLog();
    private KeyLocator keyLocator = KeyLocator.POSITIONS;
    private boolean newUsersGetAllChannels;
    private final List<Consumer<String>> invalidationListeners = new ArrayList<>();

    public AclUsers(CommandTable commands) {
        this.universe = new AclCommandUniverse(commands);
        users.put(DEFAULT, newDefaultUser());
    }

    private AclUser newDefaultUser() {
        AclUser user = new AclUser(DEFAULT);
        try {
            for (String op : List.of("+@all", "~*", "&*", "on", "nopass")) {
                user.apply(op, universe);
            }
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        return user;
    }

    /**
     * Tells the ACL that commands were registered after users were created (features register
     * theirs after the default user exists): users whose rules start from +@all get them, as
     * Redis's reserved "future commands" bit grants.
     */
    public void commandsRegistered() {
        for (CommandSpec spec : universe.all()) {
            if (knownCommands.add(spec.fullName())) {
                for (AclUser user : users.values()) {
                    user.commandAdded(spec);
                }
            }
        }
    }

    private final java.util.Set<String> knownCommands = new java.util.HashSet<>();

    public AclCommandUniverse universe() {
        return universe;
    }

    public AclLog log() {
        return log;
    }

    /** Where key arguments are and what access they need (defaults to legacy key positions). */
    public void keyLocator(KeyLocator locator) {
        keyLocator = locator;
    }

    public KeyLocator keyLocator() {
        return keyLocator;
    }

    /** acl-pubsub-default: whether new users start with allchannels (Redis 7.0 default: no). */
    public void newUsersGetAllChannels(boolean value) {
        newUsersGetAllChannels = value;
    }

    /**
     * Called with a user name whose clients must be disconnected (user deleted, or replaced by ACL
     * LOAD); the server owning the connections registers here.
     */
    public void onInvalidated(Consumer<String> listener) {
        invalidationListeners.add(listener);
    }

    public AclUser defaultUser() {
        return users.get(DEFAULT);
    }

    public AclUser get(String name) {
        return users.get(name);
    }

    public Collection<AclUser> all() {
        return Collections.unmodifiableCollection(users.values());
    }

    /** True when clients must AUTH first: the default user has a password or is off. */
    public boolean defaultUserRequiresAuth() {
        AclUser user = defaultUser();
        return !user.nopass() || !user.enabled();
    }

    /** Whether a fresh connection starts authenticated as default (nopass and on). */
    public boolean newConnectionsAuthenticated() {
        return !defaultUserRequiresAuth();
    }

    private AclUser fresh(String name) throws AclRuleException {
        AclUser user = new AclUser(name);
        if (newUsersGetAllChannels) {
            user.apply("allchannels", universe);
        }
        return user;
    }

    /**
     * ACL SETUSER: applies every rule to a copy and commits only when all succeed.
     *
     * @throws AclSetUserException naming the failing rule
     */
    public AclUser setUser(String name, List<String> rules) throws AclSetUserException {
        if (hasSpacesOrNull(name)) {
            throw new AclSetUserException(null, "Usernames can't contain spaces or null characters");
        }
        AclUser existing = users.get(name);
        AclUser work;
        try {
            work = existing != null ? existing.copy(name) : fresh(name);
        } catch (AclRuleException e) {
            throw new AclSetUserException(null, e.getMessage());
        }
        for (String rule : rules) {
            try {
                work.apply(rule, universe);
            } catch (AclRuleException e) {
                throw new AclSetUserException(rule, e.getMessage());
            }
        }
        if (existing != null) {
            existing.copyFrom(work);
            return existing;
        }
        users.put(name, work);
        return work;
    }

    /** Builds a user table from rule lines without touching this one (ACL LOAD, aclfile at start). */
    public AclUser parseUser(String name, List<String> rules) throws AclSetUserException {
        AclUser work;
        try {
            work = fresh(name);
        } catch (AclRuleException e) {
            throw new AclSetUserException(null, e.getMessage());
        }
        for (String rule : rules) {
            try {
                work.apply(rule, universe);
            } catch (AclRuleException e) {
                throw new AclSetUserException(rule, e.getMessage());
            }
        }
        return work;
    }

    /**
     * Replaces every user (ACL LOAD): the default user object keeps its identity and takes the new
     * rules (or the built-in defaults when the file has none); clients of other users are dropped.
     */
    public void replaceAll(Map<String, AclUser> loaded) {
        List<String> dropped = new ArrayList<>();
        for (String name : users.keySet()) {
            if (!name.equals(DEFAULT)) {
                dropped.add(name);
            }
        }
        AclUser defaultUser = users.get(DEFAULT);
        AclUser newDefault = loaded.get(DEFAULT);
        defaultUser.copyFrom(newDefault != null ? newDefault : newDefaultUser());
        users.clear();
        users.put(DEFAULT, defaultUser);
        for (Map.Entry<String, AclUser> entry : loaded.entrySet()) {
            if (!entry.getKey().equals(DEFAULT)) {
                users.put(entry.getKey(), entry.getValue());
            }
        }
        for (String name : dropped) {
            invalidated(name);
        }
    }

    /** ACL DELUSER of one user; false when it does not exist. The default user cannot be removed. */
    public boolean delete(String name) {
        if (name.equals(DEFAULT)) {
            throw new IllegalArgumentException("The 'default' user cannot be removed");
        }
        if (users.remove(name) == null) {
            return false;
        }
        invalidated(name);
        return true;
    }

    private void invalidated(String name) {
        for (Consumer<String> listener : invalidationListeners) {
            listener.accept(name);
        }
    }

    /** The user when the credentials are valid and the user is on, else null. */
    public AclUser authenticate(String name, byte[] password) {
        AclUser user = users.get(name);
        if (user == null || !user.checkPassword(password)) {
            return null;
        }
        return user;
    }

    /**
     * The ACL verdict for a command (ACLCheckAllUserCommandPerm): the command itself, then its keys,
     * then its channels. Null when allowed.
     */
    public AclDenial check(AclUser user, CommandSpec spec, byte[][] argv) {
        if (user == null) {
            return new AclDenial(AclDenial.Reason.COMMAND, spec.fullName());
        }
        if (!spec.has(CommandFlag.NO_AUTH) && !user.permitsCommand(spec, argv)) {
            return new AclDenial(AclDenial.Reason.COMMAND, spec.fullName());
        }
        if (!user.allKeys()) {
            for (KeyLocator.KeyRef key : keyLocator.keys(spec, argv)) {
                if (!user.permitsKey(argv[key.index()], key.needRead(), key.needWrite())) {
                    return new AclDenial(AclDenial.Reason.KEY, text(argv[key.index()]));
                }
            }
        }
        if (!user.allChannels()) {
            AclDenial denial = checkChannels(user, spec, argv);
            if (denial != null) {
                return denial;
            }
        }
        return null;
    }

    private static AclDenial checkChannels(AclUser user, CommandSpec spec, byte[][] argv) {
        if (spec.container() != null) {
            return null;
        }
        switch (spec.name()) {
            case "publish", "spublish" -> {
                if (argv.length > 1 && !user.permitsChannel(argv[1], false)) {
                    return new AclDenial(AclDenial.Reason.CHANNEL, text(argv[1]));
                }
            }
            case "subscribe", "ssubscribe", "psubscribe" -> {
                boolean pattern = spec.name().equals("psubscribe");
                for (int i = 1; i < argv.length; i++) {
                    if (!user.permitsChannel(argv[i], pattern)) {
                        return new AclDenial(AclDenial.Reason.CHANNEL, text(argv[i]));
                    }
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    /** Whether a user may still hold a subscription (after its channel rules changed). */
    public boolean permitsSubscription(AclUser user, byte[] channel, boolean pattern) {
        return user != null && user.permitsChannel(channel, pattern);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static boolean hasSpacesOrNull(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || c == 0) {
                return true;
            }
        }
        return false;
    }

    /** "user NAME rules" lines, by name, as ACL LIST, ACL SAVE and CONFIG REWRITE write them. */
    public List<String> describeAll() {
        List<String> lines = new ArrayList<>();
        for (AclUser user : users.values()) {
            lines.add("user " + user.name() + " " + user.describe(universe));
        }
        return lines;
    }
}
