/**
 * Master/replica replication as Redis 7.0 does it: replication ids and offsets, the backlog, the
 * master side (REPLCONF, SYNC/PSYNC, full and partial resync, per-replica feeds) and the replica
 * side (the link to the master, RDB transfer, applying the command stream), plus REPLICAOF, ROLE,
 * WAIT and FAILOVER. Everything runs on the node's event loop except RDB generation and file I/O.
 */
package io.vigil.node.repl;
