package io.vigil.node.rdb;

/**
 * The background jobs Redis runs in a forked child, of which at most one runs at a time: an RDB
 * save (BGSAVE or a replication snapshot) or an AOF rewrite. Vigil runs them on a thread over a
 * copy-on-write snapshot, but keeps Redis's one-at-a-time rule and its error replies.
 */
public enum ChildKind {
    NONE, RDB, AOF
}
