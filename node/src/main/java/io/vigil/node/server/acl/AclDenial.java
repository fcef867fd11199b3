package io.vigil.node.server.acl;

/**
 * Why ACL refused a command.
 *
 * @param reason  what was refused
 * @param object  the command's full name, the key, or the channel (Redis's ACL LOG "object")
 */
public record AclDenial(Reason reason, String object) {
    /** ACL LOG's reason field. */
    public enum Reason {
        COMMAND("command"), KEY("key"), CHANNEL("channel"), AUTH("auth");

        private final String logName;

        Reason(String logName) {
            this.logName = logName;
        }

        public String logName() {
            return logName;
        }
    }

    /** The error reply a client gets (the NOPERM texts of Redis 7.0). */
    public String error() {
        return switch (reason) {
            case COMMAND -> "NOPERM this user has no permissions to run the '" + object + "' command";
            case KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
            case CHANNEL -> "NOPERM this user has no permissions to access one of the channels used as arguments";
            case AUTH -> "WRONGPASS invalid username-password pair or user is disabled.";
        };
    }

    /** ACL DRYRUN's message, which names the key or channel. */
    public String dryRunMessage() {
        return switch (reason) {
            case COMMAND -> "This user has no permissions to run the '" + object + "' command";
            case KEY -> "This user has no permissions to access the '" + object + "' key";
            case CHANNEL -> "This user has no permissions to access the '" + object + "' channel";
            case AUTH -> "WRONGPASS invalid username-password pair or user is disabled.";
        };
    }
}
