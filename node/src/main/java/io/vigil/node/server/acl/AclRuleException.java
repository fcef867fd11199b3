package io.vigil.node.server.acl;

/** An ACL rule that cannot be applied; the message is Redis's reason text (ACLSetUserStringError). */
public final class AclRuleException extends Exception {
    public static final String UNKNOWN = "Unknown command or category name in ACL";
    public static final String SYNTAX = "Syntax error";
    public static final String KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid "
            + "and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    public static final String CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) is not "
            + "valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    public static final String NO_SUCH_PASSWORD = "The password you are trying to remove from the user does not exist";
    public static final String BAD_HASH = "The password hash must be exactly 64 characters and contain only lowercase "
            + "hexadecimal characters";

    public AclRuleException(String reason) {
        super(reason, null, false, false);
    }
}
