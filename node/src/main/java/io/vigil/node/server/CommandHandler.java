package io.vigil.node.server;

/** The body of one command. It writes its reply through {@link CommandCall#reply()}. */
@FunctionalInterface
public interface CommandHandler {
    void execute(CommandCall call);
}
