/**
 * Deterministic simulation of sentinels and data nodes: a virtual clock and scheduler with seeded
 * tie-breaks, a simulated network (delay, loss, duplication, partitions), a node model, and the
 * real {@link io.vigil.sentinel.core.SentinelBrain} behind a driver that follows the Ready contract
 * (persist, then send). Swarm runs draw every option from one seed, inject faults, heal, and check
 * the invariants; {@code SimMain --seed N} replays a run exactly.
 */
package io.vigil.tests.sim;
