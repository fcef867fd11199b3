package io.vigil.sentinel.core;

import java.util.List;
import java.util.Optional;

/**
 * What the brain produced since the last {@code ready()}. The driver must, in this order:
 * <ol>
 *   <li>make {@link #persist()} durable if present (fsync sentinel.conf);</li>
 *   <li>then send {@link #commands()} and any reply computed by a command method such as
 *       {@code isMasterDownByAddr} (a vote must never leave before it is on disk);</li>
 *   <li>log and publish {@link #events()} and run {@link #reconfigScripts()};</li>
 *   <li>exit with status 99 if {@link #crash()} (SENTINEL SIMULATE-FAILURE).</li>
 * </ol>
 */
public record Ready(List<Outbound> commands, List<SentinelEvent> events, Optional<PersistedState> persist,
                    List<ClientReconfig> reconfigScripts, boolean crash) {
    public boolean isEmpty() {
        return commands.isEmpty() && events.isEmpty() && persist.isEmpty() && reconfigScripts.isEmpty() && !crash;
    }
}
