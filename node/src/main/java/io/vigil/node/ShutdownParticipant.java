package io.vigil.node;

/**
 * A feature with work to do before the node exits on SHUTDOWN or a signal, run on the event loop
 * in feature order before any feature's {@code stop()}. Persistence saves the final snapshot here
 * (when {@code request.save()}, or when save points are configured and not {@code noSave}) and
 * flushes the AOF; {@code stop()} then only closes files.
 */
public interface ShutdownParticipant {
    /**
     * @return false to refuse the shutdown (after logging why, e.g. the final save failed); ignored
     *     when the request is forced
     */
    boolean prepareShutdown(ShutdownRequest request);
}
