package io.vigil.sentinel.core;

/** {@code sentinel known-sentinel <master> <ip> <port> <runid>}. */
public record KnownSentinel(Address address, String runId) {
}
