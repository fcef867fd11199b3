/**
 * The sentinel brain: every decision of Redis Sentinel (SDOWN/ODOWN, epochs and votes, failover,
 * TILT, what to persist) as a pure state machine driven by {@code tick(now)}, {@code step(now, input)}
 * and drained with {@code ready()} (the shape of etcd raft's RawNode).
 *
 * <p>This package must import only the JDK, {@code io.vigil.quorum} and {@code io.vigil.failover}:
 * no Netty, no lettuce, no sockets, no clock reads, no threads and no unseeded randomness (a
 * {@link java.util.random.RandomGenerator} is injected).
 */
package io.vigil.sentinel.core;
