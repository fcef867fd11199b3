package io.vigil.node.store;

/**
 * A value that commands change in place: lists, hashes, sets, sorted sets and appended strings.
 * Plain strings are immutable {@code byte[]} and never extend this.
 *
 * <p>Copy-on-write contract: a value carries the snapshot epoch of the keyspace in which it was
 * first stored. While a {@link KeyspaceSnapshot} is open, {@link Database#getForWrite} replaces a
 * value stamped before the snapshot with a {@link #copy()} before handing it out, so the snapshot
 * keeps seeing the old object, which is never mutated again. Commands must therefore obtain the
 * values they mutate through {@code getForWrite}, never through {@code get}.
 */
public abstract class MutableValue {
    static final int UNSTAMPED = -1;
    int epoch = UNSTAMPED;

    /** A deep copy in the same encoding (copy-on-write, COPY). */
    public abstract MutableValue copy();

    /** Redis's TYPE name: list, hash, set, zset, string. */
    public abstract String type();

    /** Redis's OBJECT ENCODING name for the current representation. */
    public abstract String encoding();
}
