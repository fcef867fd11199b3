/**
 * The sentinel's HTTP/JSON API under {@code /v1} (on the HTTP listener that also serves
 * {@code /metrics}): reads of masters, replicas, sentinels, events and a failover dry run, the
 * HAProxy-style health check of the primary, and the failover/pause/resume actions. Every brain
 * read or call runs on the daemon's event loop, as SENTINEL commands do.
 */
package io.vigil.sentinel.api;
