package io.vigil.node.store;

import java.util.Arrays;

/**
 * A sorted set. Small sets are a "listpack": parallel arrays sorted by (score, member). Past
 * {@code zset-max-listpack-entries} members or a member longer than {@code zset-max-listpack-value}
 * bytes it becomes a "skiplist" (Redis's zskiplist with spans plus a member table), one-way except
 * where Redis itself converts back (stores of ZUNIONSTORE and friends).
 *
 * <p>Every query is expressed with 0-based ranks in ascending order, which both encodings answer
 * in O(log n) (listpack: binary search / index) — range commands are rank arithmetic.
 */
public final class ZSetValue extends MutableValue {
    private byte[][] members;
    private double[] scores;
    private int count;
    private ZSkipList list;
    private KeyTable dict;

    /** An empty listpack-encoded sorted set. */
    public ZSetValue() {
        members = new byte[8][];
        scores = new double[8];
    }

    /** Redis's zsetTypeCreate: the encoding chosen from the expected size and longest member. */
    public static ZSetValue create(long sizeHint, long maxLengthHint, EncodingLimits limits) {
        ZSetValue z = new ZSetValue();
        if (sizeHint > limits.zsetMaxListpackEntries || maxLengthHint > limits.zsetMaxListpackValue) {
            // the hint only pre-sizes the member table; stay modest when it is a mere upper bound
            z.convertToSkiplist((int) Math.min(sizeHint, 1024));
        }
        return z;
    }

    /** An empty skiplist-encoded sorted set (Redis's createZsetObject). */
    public static ZSetValue emptySkiplist() {
        ZSetValue z = new ZSetValue();
        z.convertToSkiplist(0);
        return z;
    }

    public boolean isListpack() {
        return list == null;
    }

    public int size() {
        return list == null ? count : list.length;
    }

    private int indexOf(byte[] member) {
        for (int i = 0; i < count; i++) {
            if (Arrays.equals(members[i], member)) {
                return i;
            }
        }
        return -1;
    }

    /** The member's score, or NaN when absent (NaN is never a valid score). */
    public double score(byte[] member) {
        if (list == null) {
            int i = indexOf(member);
            return i < 0 ? Double.NaN : scores[i];
        }
        int slot = dict.find(member);
        return slot < 0 ? Double.NaN : ((ZSkipList.Node) dict.valueAt(slot)).score;
    }

    /** Position in a listpack where (score, member) belongs. */
    private int insertionPoint(double score, byte[] member) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double s = scores[mid];
            if (s < score || (s == score && ZSkipList.compare(members[mid], member) < 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Adds a member known to be absent, converting first when the listpack would grow too big. */
    public void insert(byte[] member, double score, EncodingLimits limits) {
        if (list == null && (count + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue)) {
            convertToSkiplist(count + 1);
        }
        if (list == null) {
            insertListpack(member, score);
            return;
        }
        ZSkipList.Node node = list.insert(score, member);
        dict.insert(member, KeyTable.hash(member), node);
    }

    private void insertListpack(byte[] member, double score) {
        if (score == 0) {
            score = 0.0; // a listpack keeps scores as text and Redis prints -0 as "0" there
        }
        int at = insertionPoint(score, member);
        if (count == members.length) {
            members = Arrays.copyOf(members, count * 2);
            scores = Arrays.copyOf(scores, count * 2);
        }
        System.arraycopy(members, at, members, at + 1, count - at);
        System.arraycopy(scores, at, scores, at + 1, count - at);
        members[at] = member;
        scores[at] = score;
        count++;
    }

    /** Changes the score of a present member. */
    public void update(byte[] member, double oldScore, double newScore) {
        if (list == null) {
            removeListpackAt(indexOf(member));
            insertListpack(member, newScore);
            return;
        }
        int slot = dict.find(member);
        ZSkipList.Node node = (ZSkipList.Node) dict.valueAt(slot);
        ZSkipList.Node moved = list.updateScore(oldScore, node.member, newScore);
        dict.setValue(slot, moved);
    }

    public boolean remove(byte[] member) {
        if (list == null) {
            int i = indexOf(member);
            if (i < 0) {
                return false;
            }
            removeListpackAt(i);
            return true;
        }
        int slot = dict.find(member);
        if (slot < 0) {
            return false;
        }
        ZSkipList.Node node = (ZSkipList.Node) dict.valueAt(slot);
        dict.removeAt(slot);
        list.delete(node.score, node.member);
        return true;
    }

    private void removeListpackAt(int i) {
        System.arraycopy(members, i + 1, members, i, count - i - 1);
        System.arraycopy(scores, i + 1, scores, i, count - i - 1);
        count--;
        members[count] = null;
    }

    /** Removes the members at ascending ranks [start, end] (inclusive, valid); returns how many. */
    public int removeRange(int start, int end) {
        int removed = end - start + 1;
        if (list == null) {
            System.arraycopy(members, end + 1, members, start, count - end - 1);
            System.arraycopy(scores, end + 1, scores, start, count - end - 1);
            Arrays.fill(members, count - removed, count, null);
            count -= removed;
            return removed;
        }
        ZSkipList.Node node = list.byRank(start + 1L);
        for (int i = 0; i < removed; i++) {
            ZSkipList.Node next = node.next();
            dict.remove(node.member);
            list.delete(node.score, node.member);
            node = next;
        }
        return removed;
    }

    /** 0-based ascending rank, or -1 when absent. */
    public long rank(byte[] member) {
        if (list == null) {
            return indexOf(member);
        }
        int slot = dict.find(member);
        if (slot < 0) {
            return -1;
        }
        ZSkipList.Node node = (ZSkipList.Node) dict.valueAt(slot);
        return list.rank(node.score, node.member) - 1;
    }

    /** How many members score below {@code score} (at most it when {@code inclusive}). */
    public int countScoreBelow(double score, boolean inclusive) {
        if (list != null) {
            return (int) list.countScoreBelow(score, inclusive);
        }
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (inclusive ? scores[mid] <= score : scores[mid] < score) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The ascending rank of the first member in the score range, or -1. */
    public int firstInRange(ScoreRange range) {
        if (range.isEmpty()) {
            return -1;
        }
        int first = countScoreBelow(range.min(), range.minExclusive());
        return first < size() && range.lteMax(scoreAt(first)) ? first : -1;
    }

    /** The ascending rank of the last member in the score range, or -1. */
    public int lastInRange(ScoreRange range) {
        if (range.isEmpty()) {
            return -1;
        }
        int last = countScoreBelow(range.max(), !range.maxExclusive()) - 1;
        return last >= 0 && range.gteMin(scoreAt(last)) ? last : -1;
    }

    /**
     * Redis's zslIsInLexRange / zzlIsInLexRange: the range can hold something only if the last member
     * is at least min and the first is at most max (exact when members of equal score are queried).
     */
    private boolean mayHoldLex(LexRange range) {
        return !range.isEmpty() && size() > 0 && range.gteMin(memberAt(size() - 1)) && range.lteMax(memberAt(0));
    }

    /** Rank of the first member in the lex range (Redis's search order), or -1. */
    public int firstInLexRange(LexRange range) {
        if (!mayHoldLex(range)) {
            return -1;
        }
        int first;
        if (list == null) {
            // Redis scans a listpack from the head for the first member >= min.
            first = 0;
            while (first < count && !range.gteMin(members[first])) {
                first++;
            }
        } else {
            first = (int) list.countWhile(m -> !range.gteMin(m));
        }
        return first < size() && range.lteMax(memberAt(first)) ? first : -1;
    }

    /**
     * Where ZREMRANGEBYLEX starts deleting: like {@link #firstInLexRange} for a listpack, but a
     * skiplist deletion searches without Redis's range precheck. -1 when nothing qualifies.
     */
    public int lexDeleteStart(LexRange range) {
        if (list == null) {
            return firstInLexRange(range);
        }
        if (range.isEmpty()) {
            return -1;
        }
        int first = (int) list.countWhile(m -> !range.gteMin(m));
        return first < list.length && range.lteMax(memberAt(first)) ? first : -1;
    }

    /** Rank of the last member in the lex range (Redis's search order), or -1. */
    public int lastInLexRange(LexRange range) {
        if (!mayHoldLex(range)) {
            return -1;
        }
        int last;
        if (list == null) {
            // ... and from the tail for the last member <= max.
            last = count - 1;
            while (last >= 0 && !range.lteMax(members[last])) {
                last--;
            }
        } else {
            last = (int) list.countWhile(range::lteMax) - 1;
        }
        return last >= 0 && range.gteMin(memberAt(last)) ? last : -1;
    }

    public byte[] memberAt(int rank) {
        return list == null ? members[rank] : list.byRank(rank + 1L).member;
    }

    public double scoreAt(int rank) {
        return list == null ? scores[rank] : list.byRank(rank + 1L).score;
    }

    /** Walks members by rank from {@code startRank}, ascending or descending. */
    public Cursor cursor(int startRank, boolean descending) {
        return new Cursor(startRank, descending);
    }

    /** A position in rank order; valid while the set is not modified. */
    public final class Cursor {
        private int rank;
        private final boolean descending;
        private ZSkipList.Node node;

        private Cursor(int rank, boolean descending) {
            this.rank = rank;
            this.descending = descending;
            if (list != null && rank >= 0 && rank < list.length) {
                node = list.byRank(rank + 1L);
            }
        }

        public boolean valid() {
            return rank >= 0 && rank < size();
        }

        public byte[] member() {
            return list == null ? members[rank] : node.member;
        }

        public double score() {
            return list == null ? scores[rank] : node.score;
        }

        public void next() {
            if (descending) {
                rank--;
                if (node != null) {
                    node = node.backward;
                }
            } else {
                rank++;
                if (node != null) {
                    node = node.next();
                }
            }
        }
    }

    /** Ascending order: visits every member with its score (RDB save). */
    public void forEach(EntryVisitor visitor) {
        if (list == null) {
            for (int i = 0; i < count; i++) {
                visitor.visit(members[i], scores[i]);
            }
            return;
        }
        for (ZSkipList.Node n = list.header.forward[0]; n != null; n = n.next()) {
            visitor.visit(n.member, n.score);
        }
    }

    /** Sees one member of {@link #forEach}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(byte[] member, double score);
    }

    /** One ZSCAN step over a skiplist (a listpack is returned whole with cursor 0). */
    public long scan(long cursor, EntryVisitor visitor) {
        if (list == null) {
            forEach(visitor);
            return 0;
        }
        return dict.scan(cursor, slot -> {
            ZSkipList.Node n = (ZSkipList.Node) dict.valueAt(slot);
            visitor.visit(n.member, n.score);
        });
    }

    /** A random member's rank in [0, size), uniformly for a listpack, by table slot for a skiplist. */
    public byte[] randomMember(java.util.random.RandomGenerator random) {
        if (list == null) {
            return members[random.nextInt(count)];
        }
        return dict.keyAt(dict.randomSlot(random));
    }

    private void convertToSkiplist(int expected) {
        ZSkipList l = new ZSkipList();
        KeyTable d = new KeyTable(false, expected);
        for (int i = 0; i < count; i++) {
            ZSkipList.Node node = l.insert(scores[i], members[i]);
            d.insert(members[i], KeyTable.hash(members[i]), node);
        }
        list = l;
        dict = d;
        members = null;
        scores = null;
        count = 0;
    }

    /**
     * Redis's zsetConvertToListpackIfNeeded: a stored result (ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE,
     * ZRANGESTORE) small enough for a listpack becomes one.
     */
    public void convertToListpackIfFits(EncodingLimits limits) {
        if (list == null || list.length > limits.zsetMaxListpackEntries) {
            return;
        }
        int longest = 0;
        for (ZSkipList.Node n = list.header.forward[0]; n != null; n = n.next()) {
            longest = Math.max(longest, n.member.length);
        }
        if (longest > limits.zsetMaxListpackValue) {
            return;
        }
        int n = list.length;
        byte[][] m = new byte[Math.max(8, n)][];
        double[] s = new double[Math.max(8, n)];
        int i = 0;
        for (ZSkipList.Node node = list.header.forward[0]; node != null; node = node.next()) {
            m[i] = node.member;
            s[i] = node.score == 0 ? 0.0 : node.score;
            i++;
        }
        members = m;
        scores = s;
        count = n;
        list = null;
        dict = null;
    }

    @Override
    public ZSetValue copy() {
        ZSetValue copy = new ZSetValue();
        if (list == null) {
            copy.members = Arrays.copyOf(members, Math.max(8, count));
            copy.scores = Arrays.copyOf(scores, Math.max(8, count));
            copy.count = count;
        } else {
            copy.members = null;
            copy.scores = null;
            copy.list = new ZSkipList();
            copy.dict = new KeyTable(false, list.length);
            // Appending in order at the tail keeps the copy O(n log n) at worst.
            for (ZSkipList.Node n = list.header.forward[0]; n != null; n = n.next()) {
                ZSkipList.Node node = copy.list.insert(n.score, n.member);
                copy.dict.insert(n.member, KeyTable.hash(n.member), node);
            }
        }
        return copy;
    }

    @Override
    public String type() {
        return "zset";
    }

    @Override
    public String encoding() {
        return list == null ? "listpack" : "skiplist";
    }
}
