package io.vigil.node.command;

import io.vigil.conf.ConfigEntry;
import io.vigil.conf.ConfigSaveException;
import io.vigil.conf.ConfigSetException;
import io.vigil.conf.RewriteOptions;
import io.vigil.conf.SetContext;
import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.ServerLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * CONFIG GET/SET/RESETSTAT/REWRITE on the conf module's {@code NodeConfig}. CONFIG SET is atomic
 * and runs the apply hooks features registered with {@code node.config().onApply(...)}.
 */
public final class ConfigCommand implements NodeFeature {
    private final VigilNode node;
    private BooleanSupplier loading = this::persistenceLoading;

    public ConfigCommand(VigilNode node) {
        this.node = node;
    }

    private boolean persistenceLoading() {
        PersistenceCommands persistence = node.feature(PersistenceCommands.class);
        return persistence != null && persistence.rdb().loading();
    }

    /** Whether the dataset is loading (CONFIG SET refuses some directives then); persistence installs it. */
    public void loading(BooleanSupplier supplier) {
        loading = supplier;
    }

    @Override
    public void register(CommandTable table) {
        CommandSpec.Builder config = CommandSpec.builder("config", -2).categories("slow");
        config.subcommand(admin("get", -3, this::get));
        config.subcommand(admin("set", -4, this::set));
        config.subcommand(admin("resetstat", 2, this::resetstat));
        config.subcommand(admin("rewrite", 2, this::rewrite));
        config.subcommand(CommandSpec.builder("help", 2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                .categories("slow").handler(call -> Help.reply(call, "CONFIG",
                        "GET <pattern>",
                        "    Return parameters matching the glob-like <pattern> and their values.",
                        "SET <directive> <value>",
                        "    Set the configuration <directive> to <value>.",
                        "RESETSTAT",
                        "    Reset statistics reported by the INFO command.",
                        "REWRITE",
                        "    Rewrite the configuration file.")));
        table.register(config);
    }

    private static CommandSpec.Builder admin(String name, int arity, io.vigil.node.server.CommandHandler handler) {
        return CommandSpec.builder(name, arity).flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE).categories("admin", "slow", "dangerous").handler(handler);
    }

    private void get(CommandCall call) {
        List<String> patterns = new ArrayList<>();
        for (int i = 2; i < call.argc(); i++) {
            patterns.add(call.text(i));
        }
        List<ConfigEntry> entries = node.config().configGet(patterns);
        call.reply().map(entries.size());
        for (ConfigEntry entry : entries) {
            call.reply().bulk(entry.name()).bulk(entry.value());
        }
    }

    private void set(CommandCall call) {
        List<String> args = new ArrayList<>();
        for (int i = 2; i < call.argc(); i++) {
            args.add(call.text(i));
        }
        try {
            node.config().configSet(args, new SetContext(call.session().isLoopback(), loading.getAsBoolean()));
        } catch (ConfigSetException e) {
            throw new CommandError(e.errorReply());
        }
        call.reply().ok();
    }

    private void resetstat(CommandCall call) {
        node.server().stats().reset();
        node.stats().reset();
        call.reply().ok();
    }

    private void rewrite(CommandCall call) {
        Path file = node.config().configFile().orElse(null);
        if (file == null) {
            throw new CommandError("ERR The server is running without a config file");
        }
        try {
            node.config().rewriteFile(file, new RewriteOptions(() -> node.acl().describeAll(), List.of()));
        } catch (ConfigSaveException e) {
            ServerLog.get().warning("CONFIG REWRITE failed: " + e.reason());
            throw new CommandError(e.rewriteErrorReply());
        }
        ServerLog.get().notice("CONFIG REWRITE executed with success.");
        call.reply().ok();
    }
}
