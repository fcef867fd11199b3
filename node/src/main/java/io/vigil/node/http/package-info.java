/**
 * The small HTTP/1.1 listener that vigil-node and vigil-sentinel open when {@code http-port} is set:
 * {@code /metrics} for Prometheus and, on the sentinel, the JSON API. It is the JDK's built-in
 * server on one or two daemon threads, bound to loopback unless a token protects the actions.
 */
package io.vigil.node.http;
