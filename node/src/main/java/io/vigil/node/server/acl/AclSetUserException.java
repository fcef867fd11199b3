package io.vigil.node.server.acl;

/** ACL SETUSER failed; carries the rule that failed (null when it is the user name) and Redis's reason. */
public final class AclSetUserException extends Exception {
    private final String rule;
    private final String reason;

    public AclSetUserException(String rule, String reason) {
        super(rule == null ? reason : "Error in ACL SETUSER modifier '" + rule + "': " + reason, null, false, false);
        this.rule = rule;
        this.reason = reason;
    }

    /** The rule that failed, or null. */
    public String rule() {
        return rule;
    }

    public String reason() {
        return reason;
    }

    /** The error reply text without the ERR code. */
    public String replyText() {
        return getMessage();
    }
}
