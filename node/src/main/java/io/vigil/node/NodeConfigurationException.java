package io.vigil.node;

/**
 * The configuration cannot be applied to a node (an unknown command in rename-command, a bad
 * {@code user} line, an unreadable aclfile). The message is what Redis would print; the process
 * exits 1.
 */
public final class NodeConfigurationException extends Exception {
    private final boolean configFileError;

    public NodeConfigurationException(String message, boolean configFileError) {
        super(message, null, false, false);
        this.configFileError = configFileError;
    }

    /** True when Redis reports it as a FATAL CONFIG FILE ERROR (stderr) rather than in the log. */
    public boolean configFileError() {
        return configFileError;
    }
}
