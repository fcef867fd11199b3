package io.vigil.node;

import io.vigil.conf.ApplyException;
import io.vigil.conf.ApplyHook;
import io.vigil.conf.NodeConfig;
import io.vigil.conf.RenameCommand;
import io.vigil.conf.UserDeclarationValidator;
import io.vigil.node.server.LogLevel;
import io.vigil.node.server.RespServer;
import io.vigil.node.server.ServerLog;
import io.vigil.node.server.ServerSettings;
import io.vigil.node.server.acl.AclFile;
import io.vigil.node.server.acl.AclSetUserException;
import io.vigil.node.server.acl.AclUser;
import io.vigil.node.server.acl.AclUsers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns the conf module's {@link NodeConfig} into a running node: listener settings, renamed
 * commands, ACL users (requirepass, {@code user} lines, aclfile), and the CONFIG SET apply hooks of
 * the directives the kernel and the server features act on. Other features register their own
 * hooks on {@code node.config()}.
 */
public final class NodeConfiguration {
    private NodeConfiguration() {
    }

    /** bind, port, tcp-backlog and tcp-keepalive as the kernel takes them. */
    public static ServerSettings serverSettings(NodeConfig config) {
        return new ServerSettings(config.getList("bind"), config.getInt("port"), config.getInt("tcp-backlog"),
                config.getInt("tcp-keepalive"));
    }

    /** Applies the configuration to a freshly built node (features registered, not started). */
    static void wire(VigilNode node) throws NodeConfigurationException {
        NodeConfig config = node.config();
        for (RenameCommand rename : config.renameCommands()) {
            if (!node.commands().rename(rename.from(), rename.to())) {
                ServerLog.get().warning("rename-command: Vigil has no command '" + rename.from() + "', ignored");
            }
        }
        AclUsers acl = node.acl();
        acl.log().maxLength((int) Math.min(Integer.MAX_VALUE, config.getLong("acllog-max-len")));
        acl.newUsersGetAllChannels("allchannels".equals(config.get("acl-pubsub-default")));
        applyRequirePass(acl, config.getString("requirepass"));
        List<List<String>> users = config.userDirectives();
        for (List<String> user : users) {
            try {
                acl.setUser(user.get(0), user.subList(1, user.size()));
            } catch (AclSetUserException e) {
                throw new NodeConfigurationException("Error in user declaration '"
                        + (e.rule() == null ? user.get(0) : e.rule()) + "': " + e.reason(), true);
            }
        }
        String aclFile = config.getString("aclfile");
        if (aclFile != null && !aclFile.isEmpty()) {
            if (!users.isEmpty()) {
                throw new NodeConfigurationException("Configuring Redis with users defined in redis.conf and at the "
                        + "same setting an ACL file path is invalid. This setup is very likely to lead to configuration "
                        + "errors and security holes, please define either an ACL file or declare users directly in "
                        + "your redis.conf, but not both.", false);
            }
            try {
                Map<String, AclUser> loaded = AclFile.load(Path.of(aclFile), acl);
                acl.replaceAll(loaded);
            } catch (AclFile.LoadException e) {
                throw new NodeConfigurationException("Aborting Redis startup because of ACL errors: " + e.getMessage(),
                        false);
            }
        }
        registerApplyHooks(node);
    }

    /** requirepass sets the default user's only password; an empty one makes it nopass (Redis's updateRequirePass). */
    static void applyRequirePass(AclUsers acl, String password) {
        try {
            acl.defaultUser().apply("resetpass", acl.universe());
            if (password != null && !password.isEmpty()) {
                acl.defaultUser().apply(">" + password, acl.universe());
            } else {
                acl.defaultUser().apply("nopass", acl.universe());
            }
        } catch (io.vigil.node.server.acl.AclRuleException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void registerApplyHooks(VigilNode node) {
        NodeConfig config = node.config();
        RespServer server = node.server();
        server.latencyTracking(config.getBool("latency-tracking"));
        config.onApply("latency-tracking", change -> server.latencyTracking("yes".equals(change.newValue())));
        config.onApply("loglevel", change -> ServerLog.get().level(LogLevel.parse(change.newValue())));
        config.onApply("maxclients", change -> server.maxClients(Integer.parseInt(change.newValue())));
        config.onApply("requirepass", change -> applyRequirePass(node.acl(), config.getString("requirepass")));
        config.onApply("hz", change -> node.hz(Integer.parseInt(change.newValue())));
        config.onApply("proto-max-bulk-len", change -> node.maxBulkBytes(Long.parseLong(change.newValue())));
        server.maxQueryBufferBytes(config.getLong("client-query-buffer-limit"));
        applyOutputLimits(server, config);
        config.onChange("client-output-buffer-limit", change -> server.eventLoop().execute(
                () -> applyOutputLimits(server, config)));
        config.onApply("client-query-buffer-limit", change -> server.maxQueryBufferBytes(Long.parseLong(change.newValue())));
        config.onApply("acllog-max-len", change -> node.acl().log().maxLength(
                (int) Math.min(Integer.MAX_VALUE, Long.parseLong(change.newValue()))));
        config.onApply("acl-pubsub-default", change -> node.acl().newUsersGetAllChannels(
                "allchannels".equals(change.newValue())));
        ApplyHook listeners = change -> rebind(node);
        config.onApply("port", listeners);
        config.onApply("bind", listeners);
    }

    /** client-output-buffer-limit normal and pubsub (the replica class is repl's). */
    private static void applyOutputLimits(RespServer server, NodeConfig config) {
        io.vigil.conf.OutputBufferLimits limits = config.outputBufferLimits();
        server.outputLimits().normal(outputLimit(limits.normal()));
        server.outputLimits().pubsub(outputLimit(limits.pubsub()));
    }

    private static io.vigil.node.server.ClientOutputLimits.Limit outputLimit(io.vigil.conf.OutputBufferLimits.Limit limit) {
        return new io.vigil.node.server.ClientOutputLimits.Limit(limit.hardBytes(), limit.softBytes(), limit.softSeconds());
    }

    /** CONFIG SET port/bind: listen on the new addresses, or fail with Redis's reason and keep the old. */
    private static void rebind(VigilNode node) throws ApplyException {
        ServerSettings next = serverSettings(node.config());
        ServerSettings previous = node.settings();
        if (next.equals(previous)) {
            return;
        }
        try {
            node.boundAddresses(node.server().rebind(next));
            node.settings(next);
        } catch (RespServer.BindFailure e) {
            ServerLog.get().warning(e.getMessage());
            throw new ApplyException(next.port() != previous.port()
                    ? "Unable to listen on this port. Check server logs."
                    : "Failed to bind to specified addresses.");
        }
    }

    /**
     * Checks {@code user} lines while the config loads (Redis reports "Error in user declaration"
     * with the line). It needs the command table, so it applies the rules against a scratch node.
     */
    public static UserDeclarationValidator userValidator(java.util.function.Supplier<AclUsers> scratch) {
        return argv -> {
            if (argv.size() < 2) {
                return new UserDeclarationValidator.Rejection("user", "Syntax error");
            }
            try {
                scratch.get().parseUser(argv.get(1), argv.subList(2, argv.size()));
                return null;
            } catch (AclSetUserException e) {
                return new UserDeclarationValidator.Rejection(e.rule() == null ? argv.get(1) : e.rule(), e.reason());
            }
        };
    }
}
