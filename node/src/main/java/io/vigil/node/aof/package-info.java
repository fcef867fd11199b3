/**
 * The append-only file as Redis 7.0 keeps it: a multi-part AOF in {@code appenddirname} (a base
 * file, RDB or RESP, and incremental RESP files, listed by {@code appendonly.aof.manifest}), fed by
 * the propagation stream, fsynced per {@code appendfsync} (with {@code always}, before any reply
 * leaves), replayed at start with a truncated tail tolerated per {@code aof-load-truncated}, and
 * compacted by BGREWRITEAOF from a copy-on-write snapshot.
 */
package io.vigil.node.aof;
