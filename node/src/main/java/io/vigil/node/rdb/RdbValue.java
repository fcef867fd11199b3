package io.vigil.node.rdb;

import java.util.List;

/**
 * A value as decoded from an RDB, independent of how the store represents it. The loader produces
 * these from every encoding (listpack, ziplist, intset, zipmap, quicklist, plain); the store
 * adapter turns them into the keyspace's value classes, which then pick their own encoding from
 * the content and the encoding limits, as Redis does when loading.
 */
public sealed interface RdbValue {
    /** The RDB type byte it was read from (for messages). */
    int type();

    record Str(int type, byte[] value) implements RdbValue {
    }

    /** List elements head to tail. */
    record ListOf(int type, List<byte[]> elements) implements RdbValue {
    }

    /** Set members; {@code intset} when the file had them as an intset (all integers). */
    record SetOf(int type, List<byte[]> members, boolean intset) implements RdbValue {
    }

    /** Field, value, field, value... in file order ({@code compact}: it was a listpack/ziplist/zipmap). */
    record HashOf(int type, List<byte[]> fieldsAndValues, boolean compact) implements RdbValue {
    }

    /** Members with their scores, in file order ({@code compact}: it was a listpack/ziplist). */
    record ZSetOf(int type, List<byte[]> members, double[] scores, boolean compact) implements RdbValue {
    }
}
