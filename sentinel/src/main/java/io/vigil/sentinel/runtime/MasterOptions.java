package io.vigil.sentinel.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The per-master settings the runtime owns (the brain does not need them to decide): scripts,
 * credentials towards the master and its replicas, and the rename-command map.
 */
public final class MasterOptions {
    String notificationScript;
    String clientReconfigScript;
    String authPass;
    String authUser;
    /** Lower-cased original command name to the name to send, in insertion order (rewrite order). */
    final Map<String, String> renames = new LinkedHashMap<>();

    public String notificationScript() {
        return notificationScript;
    }

    public String clientReconfigScript() {
        return clientReconfigScript;
    }

    public String authPass() {
        return authPass;
    }

    public String authUser() {
        return authUser;
    }

    public Map<String, String> renames() {
        return renames;
    }

    public void notificationScript(String v) {
        notificationScript = v;
    }

    public void clientReconfigScript(String v) {
        clientReconfigScript = v;
    }

    public void authPass(String v) {
        authPass = v;
    }

    public void authUser(String v) {
        authUser = v;
    }

    /** The name to send for {@code command} (Redis sentinelInstanceMapCommand). */
    public String map(String command) {
        String renamed = renames.get(command.toLowerCase(Locale.ROOT));
        return renamed == null ? command : renamed;
    }

    MasterOptions copy() {
        MasterOptions c = new MasterOptions();
        c.notificationScript = notificationScript;
        c.clientReconfigScript = clientReconfigScript;
        c.authPass = authPass;
        c.authUser = authUser;
        c.renames.putAll(renames);
        return c;
    }
}
