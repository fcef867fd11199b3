/**
 * The keyspace: numbered databases of byte-string keys with optional expiry, and the value types
 * (strings as raw {@code byte[]}, lists, hashes, sets, sorted sets). Event-loop thread only.
 */
package io.vigil.node.store;
