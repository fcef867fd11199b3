/**
 * The sentinel's Prometheus metrics on {@code /metrics}: redis_exporter's sentinel names (so existing
 * dashboards and alerts keep working) read from the brain at scrape time on the event loop, and
 * Vigil's own failover metrics derived from the events the daemon emits.
 */
package io.vigil.sentinel.metrics;
