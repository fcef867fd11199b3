/**
 * Redis's RDB format, version 10 as Redis 7.0 writes it: the CRC-64 and LZF primitives, the
 * length/string encodings, the compact blobs (listpack, ziplist, intset, zipmap, quicklist), the
 * snapshot writer and the loader, and the node's SAVE/BGSAVE machinery ({@link
 * io.vigil.node.rdb.RdbPersistence}). Files written here are loaded by a real redis-server 7.0 and
 * accepted by its redis-check-rdb; files it writes load here.
 */
package io.vigil.node.rdb;
