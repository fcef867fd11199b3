package io.vigil.node.store;

/** A ZRANGEBYSCORE interval with optionally exclusive ends ({@code (1.5}). */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    public boolean gteMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    public boolean lteMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    public boolean contains(double score) {
        return gteMin(score) && lteMax(score);
    }

    /** Redis's zslIsInRange precheck: an inverted or empty open interval. */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
