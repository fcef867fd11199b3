/**
 * The keyspace: numbered databases of byte-string keys with optional expiry, in open-addressing
 * tables, and the value types with Redis's encodings (strings as raw {@code byte[]} or
 * {@link io.vigil.node.store.GrowableString}, lists, hashes, sets, sorted sets). Writers change
 * values through {@link io.vigil.node.store.Database#getForWrite}, which keeps
 * {@link io.vigil.node.store.KeyspaceSnapshot}s consistent by copy-on-write. Event-loop thread only,
 * except for iterating a snapshot.
 */
package io.vigil.node.store;
