/**
 * What operators watch: the failover tracker (one record per failover attempt, derived from the
 * brain's event stream plus reads of the brain at the moments that matter) and the JSON Lines
 * event log. Both listen on the daemon's event-loop thread and are read from other threads (HTTP
 * API, metrics), so their read side is synchronized and returns immutable snapshots.
 */
package io.vigil.sentinel.observe;
