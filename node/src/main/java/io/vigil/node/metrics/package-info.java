/**
 * Prometheus metrics of a vigil-node, served on {@code /metrics} by the HTTP listener when
 * {@code http-port} is set, plus the helpers the sentinel's metrics share (registry, build info,
 * event-loop reads). Everything is read at scrape time from the stats the node already keeps
 * (INFO's sections), so the command path pays nothing for metrics.
 */
package io.vigil.node.metrics;
