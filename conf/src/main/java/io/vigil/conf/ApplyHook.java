package io.vigil.conf;

/**
 * The node's reaction to a CONFIG SET of a directive (Redis's per-config apply function): called after
 * all values of the command are set, with the config already holding the new values. Throwing
 * {@link ApplyException} rolls the whole command back; the hook is then called again with the old
 * values restored (errors during that second call are ignored). A hook registered for several
 * directives runs once per command.
 */
@FunctionalInterface
public interface ApplyHook {
    void apply(ConfigChange change) throws ApplyException;
}
