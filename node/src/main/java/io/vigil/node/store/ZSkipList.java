package io.vigil.node.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's zskiplist: nodes ordered by (score, member) with per-level spans, so that rank lookups,
 * access by rank and range boundaries are O(log n). Members compare as unsigned bytes (memcmp,
 * then length), like sdscmp.
 */
final class ZSkipList {
    static final int MAX_LEVEL = 32;

    static final class Node {
        final byte[] member;
        double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, byte[] member) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }

        Node next() {
            return forward[0];
        }
    }

    final Node header = new Node(MAX_LEVEL, 0, null);
    Node tail;
    int length;
    int level = 1;

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    private static boolean before(Node n, double score, byte[] member) {
        return n.score < score || (n.score == score && compare(n.member, member) < 0);
    }

    private static int randomLevel() {
        int level = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (level < MAX_LEVEL && (random.nextInt() & 0xFFFF) < (0xFFFF / 4)) {
            level++;
        }
        return level;
    }

    Node insert(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i], score, member)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int newLevel = randomLevel();
        if (newLevel > level) {
            for (int i = level; i < newLevel; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = newLevel;
        }
        x = new Node(newLevel, score, member);
        for (int i = 0; i < newLevel; i++) {
            x.forward[i] = update[i].forward[i];
            update[i].forward[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = newLevel; i < level; i++) {
            update[i].span[i]++;
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.forward[0] != null) {
            x.forward[0].backward = x;
        } else {
            tail = x;
        }
        length++;
        return x;
    }

    private void deleteNode(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
    }

    private Node[] updatePath(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], score, member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        return update;
    }

    boolean delete(double score, byte[] member) {
        Node[] update = updatePath(score, member);
        Node x = update[0].forward[0];
        if (x != null && x.score == score && compare(x.member, member) == 0) {
            deleteNode(x, update);
            return true;
        }
        return false;
    }

    /** Changes a member's score; returns the node now holding it (possibly re-inserted). */
    Node updateScore(double oldScore, byte[] member, double newScore) {
        Node[] update = updatePath(oldScore, member);
        Node x = update[0].forward[0];
        // The node stays in place when its neighbours still bracket the new score.
        if ((x.backward == null || x.backward.score < newScore)
                && (x.forward[0] == null || x.forward[0].score > newScore)) {
            x.score = newScore;
            return x;
        }
        deleteNode(x, update);
        return insert(newScore, x.member);
    }

    /** 1-based rank of the member, 0 when absent. */
    long rank(double score, byte[] member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && (x.forward[i].score < score
                    || (x.forward[i].score == score && compare(x.forward[i].member, member) <= 0))) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x.member != null && x.score == score && compare(x.member, member) == 0) {
                return rank;
            }
        }
        return 0;
    }

    /** The node at 1-based {@code rank}, or null. */
    Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x == header ? null : x;
            }
        }
        return null;
    }

    /** How many nodes have a score below {@code score} (or at most it when {@code inclusive}). */
    long countScoreBelow(double score, boolean inclusive) {
        long count = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && (inclusive ? x.forward[i].score <= score : x.forward[i].score < score)) {
                count += x.span[i];
                x = x.forward[i];
            }
        }
        return count;
    }

    /**
     * How many leading nodes satisfy {@code test}, found by Redis's skiplist search (exact when the
     * test holds for a prefix of the order, as lex tests do on members of equal score).
     */
    long countWhile(java.util.function.Predicate<byte[]> test) {
        long count = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && test.test(x.forward[i].member)) {
                count += x.span[i];
                x = x.forward[i];
            }
        }
        return count;
    }
}
