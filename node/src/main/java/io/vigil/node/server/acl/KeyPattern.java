package io.vigil.node.server.acl;

/**
 * A key pattern of a user: {@code ~pat} (read and write), {@code %R~pat}, {@code %W~pat}.
 *
 * @param pattern the glob, as bytes in ISO-8859-1
 * @param read    grants read access (%R)
 * @param write   grants write access (%W)
 */
public record KeyPattern(String pattern, boolean read, boolean write) {
    /** The rule text as ACL LIST prints it. */
    public String describe() {
        if (read && write) {
            return "~" + pattern;
        }
        return (read ? "%R~" : "%W~") + pattern;
    }
}
