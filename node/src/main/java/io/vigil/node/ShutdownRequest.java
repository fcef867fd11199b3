package io.vigil.node;

/**
 * A SHUTDOWN (or SIGTERM/SIGINT) in progress, as {@link ShutdownParticipant}s see it.
 *
 * @param save       SHUTDOWN SAVE: save even without save points
 * @param noSave     SHUTDOWN NOSAVE: do not save even with save points
 * @param now        SHUTDOWN NOW: do not wait for lagging replicas
 * @param force      SHUTDOWN FORCE: ignore errors (a failed save) and exit anyway
 * @param signal     the signal name ("SIGTERM") when a signal asked for it, else null
 */
public record ShutdownRequest(boolean save, boolean noSave, boolean now, boolean force, String signal) {
    /** What a signal asks for: save if save points are configured, never forced. */
    public static ShutdownRequest fromSignal(String signal) {
        return new ShutdownRequest(false, false, false, false, signal);
    }
}
