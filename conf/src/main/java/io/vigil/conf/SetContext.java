package io.vigil.conf;

/**
 * Who runs CONFIG SET and when: {@code clientIsLocal} decides protected configs under
 * enable-protected-configs "local"; {@code loading} refuses directives that cannot change while the
 * dataset loads.
 */
public record SetContext(boolean clientIsLocal, boolean loading) {
    /** A remote client, dataset loaded. */
    public static final SetContext REMOTE = new SetContext(false, false);
    /** A local (loopback or unix socket) client, dataset loaded. */
    public static final SetContext LOCAL = new SetContext(true, false);
}
