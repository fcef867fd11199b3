/**
 * The sentinel daemon around the pure brain: one event-loop thread (the server kernel's) drives
 * {@link io.vigil.sentinel.core.SentinelBrain} with a monotonic clock, lettuce links to masters,
 * replicas and peer sentinels, sentinel.conf load and in-place rewrite (persisted before any
 * command or vote reply leaves), event logging and publication, and script execution.
 */
package io.vigil.sentinel.runtime;
