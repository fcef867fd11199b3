package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.resp.RespDoubles;
import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Database;
import io.vigil.node.store.EncodingLimits;
import io.vigil.node.store.LexRange;
import io.vigil.node.store.ScoreRange;
import io.vigil.node.store.SetValue;
import io.vigil.node.store.Strings;
import io.vigil.node.store.ZSetValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorted set commands with Redis 7.0's parsing (strtod scores, exclusive ranges, lex ranges),
 * replies (RESP3 doubles and nested pairs, RESP2 %.17g), encodings and events. ZMPOP propagates
 * as ZPOPMIN/ZPOPMAX with a count; the pop primitive is shared with the blocking commands.
 */
public final class SortedSetCommands extends DataFeature {
    static final byte[] ZPOPMIN = "ZPOPMIN".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ZPOPMAX = "ZPOPMAX".getBytes(StandardCharsets.US_ASCII);
    private static final String NAN_ERROR = "ERR resulting score is not a number (NaN)";

    private static final int RANK = 0;
    private static final int SCORE = 1;
    private static final int LEX = 2;
    private static final int UNION = 0;
    private static final int INTER = 1;
    private static final int DIFF = 2;

    public SortedSetCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("zadd", -4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "sortedset", "fast").handler(call -> zadd(call, false)));
        table.register(CommandSpec.builder("zcard", 2).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "sortedset", "fast").handler(this::zcard));
        table.register(CommandSpec.builder("zcount", 4).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "sortedset", "fast").handler(this::zcount));
        table.register(CommandSpec.builder("zdiff", -3).flags(CommandFlag.READONLY)
                .categories("read", "sortedset", "slow").handler(call -> combine(call, null, 1, DIFF, false)));
        table.register(CommandSpec.builder("zdiffstore", -4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "sortedset", "slow").handler(call -> combine(call, call.arg(1), 2, DIFF, false)));
        table.register(CommandSpec.builder("zincrby", 4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "sortedset", "fast").handler(call -> zadd(call, true)));
        table.register(CommandSpec.builder("zinter", -3).flags(CommandFlag.READONLY)
                .categories("read", "sortedset", "slow").handler(call -> combine(call, null, 1, INTER, false)));
        table.register(CommandSpec.builder("zintercard", -3).flags(CommandFlag.READONLY)
                .categories("read", "sortedset", "slow").handler(call -> combine(call, null, 1, INTER, true)));
        table.register(CommandSpec.builder("zinterstore", -4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "sortedset", "slow").handler(call -> combine(call, call.arg(1), 2, INTER, false)));
        table.register(CommandSpec.builder("zlexcount", 4).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "sortedset", "fast").handler(this::zlexcount));
        table.register(CommandSpec.builder("zmpop", -4).flags(CommandFlag.WRITE)
                .categories("write", "sortedset", "slow").handler(this::zmpop));
        table.register(CommandSpec.builder("zmscore", -3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "sortedset", "fast").handler(this::zmscore));
        table.register(CommandSpec.builder("zpopmax", -2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "sortedset", "fast").handler(call -> zpop(call, false)));
        table.register(CommandSpec.builder("zpopmin", -2).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "sortedset", "fast").handler(call -> zpop(call, true)));
        table.register(CommandSpec.builder("zrandmember", -2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "sortedset", "slow").handler(this::zrandmember));
        table.register(CommandSpec.builder("zrange", -4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "sortedset", "slow").handler(call -> range(call, 1, false, -1, null)));
        table.register(CommandSpec.builder("zrangebylex", -4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "sortedset", "slow").handler(call -> range(call, 1, false, LEX, false)));
        table.register(CommandSpec.builder("zrangebyscore", -4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "sortedset", "slow").handler(call -> range(call, 1, false, SCORE, false)));
        table.register(CommandSpec.builder("zrangestore", -5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 2, 1)
                .categories("write", "sortedset", "slow").handler(call -> range(call, 2, true, -1, null)));
        table.register(CommandSpec.builder("zrank", 3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "sortedset", "fast").handler(call -> zrank(call, false)));
        table.register(CommandSpec.builder("zrem", -3).flags(CommandFlag.WRITE, CommandFlag.FAST).keys(1, 1, 1)
                .categories("write", "sortedset", "fast").handler(this::zrem));
        table.register(CommandSpec.builder("zremrangebylex", 4).flags(CommandFlag.WRITE).keys(1, 1, 1)
                .categories("write", "sortedset", "slow").handler(call -> removeRange(call, LEX)));
        table.register(CommandSpec.builder("zremrangebyrank", 4).flags(CommandFlag.WRITE).keys(1, 1, 1)
                .categories("write", "sortedset", "slow").handler(call -> removeRange(call, RANK)));
        table.register(CommandSpec.builder("zremrangebyscore", 4).flags(CommandFlag.WRITE).keys(1, 1, 1)
                .categories("write", "sortedset", "slow").handler(call -> removeRange(call, SCORE)));
        table.register(CommandSpec.builder("zrevrange", -4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "sortedset", "slow").handler(call -> range(call, 1, false, RANK, true)));
        table.register(CommandSpec.builder("zrevrangebylex", -4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "sortedset", "slow").handler(call -> range(call, 1, false, LEX, true)));
        table.register(CommandSpec.builder("zrevrangebyscore", -4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "sortedset", "slow").handler(call -> range(call, 1, false, SCORE, true)));
        table.register(CommandSpec.builder("zrevrank", 3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "sortedset", "fast").handler(call -> zrank(call, true)));
        table.register(CommandSpec.builder("zscan", -3).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "sortedset", "slow").handler(this::zscan));
        table.register(CommandSpec.builder("zscore", 3).flags(CommandFlag.READONLY, CommandFlag.FAST).keys(1, 1, 1)
                .categories("read", "sortedset", "fast").handler(this::zscore));
        table.register(CommandSpec.builder("zunion", -3).flags(CommandFlag.READONLY)
                .categories("read", "sortedset", "slow").handler(call -> combine(call, null, 1, UNION, false)));
        table.register(CommandSpec.builder("zunionstore", -4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "sortedset", "slow").handler(call -> combine(call, call.arg(1), 2, UNION, false)));
    }

    // ------------------------------------------------------------------ ZADD, ZINCRBY

    private void zadd(CommandCall call, boolean zincrby) {
        boolean nx = false;
        boolean xx = false;
        boolean ch = false;
        boolean incr = zincrby;
        boolean gt = false;
        boolean lt = false;
        int scoreIdx = 2;
        while (scoreIdx < call.argc()) {
            byte[] opt = call.arg(scoreIdx);
            if (Args.is(opt, "nx")) {
                nx = true;
            } else if (Args.is(opt, "xx")) {
                xx = true;
            } else if (Args.is(opt, "ch")) {
                ch = true;
            } else if (Args.is(opt, "incr")) {
                incr = true;
            } else if (Args.is(opt, "gt")) {
                gt = true;
            } else if (Args.is(opt, "lt")) {
                lt = true;
            } else {
                break;
            }
            scoreIdx++;
        }
        int elements = call.argc() - scoreIdx;
        if (elements % 2 != 0 || elements == 0) {
            throw CommandError.syntax();
        }
        elements /= 2;
        if (nx && xx) {
            throw new CommandError("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new CommandError("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = Args.toDouble(call.arg(scoreIdx + j * 2));
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        ZSetValue zset = write(call, db, key, ZSetValue.class);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        try {
            if (zset == null) {
                if (xx) {
                    replyZadd(call, incr, ch, processed, score, added, updated);
                    return;
                }
                zset = ZSetValue.create(0, call.arg(scoreIdx + 1).length, limits());
                if (limits().zsetMaxListpackEntries == 0) {
                    zset = ZSetValue.emptySkiplist();
                }
                db.put(key, zset);
            }
            for (int j = 0; j < elements; j++) {
                byte[] member = call.arg(scoreIdx + 1 + j * 2);
                score = scores[j];
                double current = zset.score(member);
                if (!Double.isNaN(current)) {
                    if (nx) {
                        continue;
                    }
                    if (incr) {
                        score += current;
                        if (Double.isNaN(score)) {
                            throw new CommandError(NAN_ERROR);
                        }
                    }
                    if ((lt && score >= current) || (gt && score <= current)) {
                        continue;
                    }
                    processed++;
                    if (score != current) {
                        zset.update(member, current, score);
                        updated++;
                    }
                } else if (!xx) {
                    zset.insert(member, score, limits());
                    added++;
                    processed++;
                }
            }
            call.dirty(added + updated);
            replyZadd(call, incr, ch, processed, score, added, updated);
        } finally {
            if (added > 0 || updated > 0) {
                changed(db, key, KeyspaceEvents.ZSET, incr ? "zincr" : "zadd");
            }
        }
    }

    private static void replyZadd(CommandCall call, boolean incr, boolean ch, int processed, double score,
                                  int added, int updated) {
        if (incr) {
            if (processed > 0) {
                call.reply().doubleValue(score);
            } else {
                call.reply().nullBulk();
            }
        } else {
            call.reply().integer(ch ? added + updated : added);
        }
    }

    private void zrem(CommandCall call) {
        Database db = db(call);
        byte[] key = call.arg(1);
        ZSetValue zset = write(call, db, key, ZSetValue.class);
        if (zset == null) {
            call.reply().integer(0);
            return;
        }
        int deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < call.argc(); j++) {
            if (zset.remove(call.arg(j))) {
                deleted++;
            }
            if (zset.size() == 0) {
                db.remove(key);
                keyRemoved = true;
                break;
            }
        }
        if (deleted > 0) {
            events().notify(KeyspaceEvents.ZSET, "zrem", key, db.index());
            if (keyRemoved) {
                events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
            }
            db.signalModified(key);
            call.dirty(deleted);
        }
        call.reply().integer(deleted);
    }

    // ------------------------------------------------------------------ simple reads

    private void zcard(CommandCall call) {
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        call.reply().integer(zset == null ? 0 : zset.size());
    }

    private void zscore(CommandCall call) {
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        double score = zset == null ? Double.NaN : zset.score(call.arg(2));
        if (Double.isNaN(score)) {
            call.reply().nullBulk();
        } else {
            call.reply().doubleValue(score);
        }
    }

    private void zmscore(CommandCall call) {
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        call.reply().array(call.argc() - 2);
        for (int j = 2; j < call.argc(); j++) {
            double score = zset == null ? Double.NaN : zset.score(call.arg(j));
            if (Double.isNaN(score)) {
                call.reply().nullBulk();
            } else {
                call.reply().doubleValue(score);
            }
        }
    }

    private void zrank(CommandCall call, boolean reverse) {
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        long rank = zset == null ? -1 : zset.rank(call.arg(2));
        if (rank < 0) {
            call.reply().nullBulk();
        } else {
            call.reply().integer(reverse ? zset.size() - 1 - rank : rank);
        }
    }

    private void zcount(CommandCall call) {
        ScoreRange range = Args.scoreRange(call.arg(2), call.arg(3));
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        if (zset == null) {
            call.reply().integer(0);
            return;
        }
        int first = zset.firstInRange(range);
        if (first < 0) {
            call.reply().integer(0);
            return;
        }
        int last = zset.lastInRange(range);
        call.reply().integer(last - first + 1);
    }

    private static LexRange lexRange(byte[] min, byte[] max) {
        LexRange range = LexRange.parse(min, max);
        if (range == null) {
            throw new CommandError("ERR min or max not valid string range item");
        }
        return range;
    }

    /** The last rank of a lex range found by walking forward from {@code first}, as Redis iterates. */
    private static int lexEnd(ZSetValue zset, LexRange range, int first) {
        int last = first;
        ZSetValue.Cursor cursor = zset.cursor(first + 1, false);
        while (cursor.valid() && range.lteMax(cursor.member())) {
            last++;
            cursor.next();
        }
        return last;
    }

    private void zlexcount(CommandCall call) {
        LexRange range = lexRange(call.arg(2), call.arg(3));
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        if (zset == null) {
            call.reply().integer(0);
            return;
        }
        int first = zset.firstInLexRange(range);
        if (first < 0) {
            call.reply().integer(0);
            return;
        }
        if (zset.isListpack()) {
            call.reply().integer(lexEnd(zset, range, first) - first + 1);
        } else {
            int last = zset.lastInLexRange(range);
            call.reply().integer(last < 0 ? 0 : last - first + 1);
        }
    }

    // ------------------------------------------------------------------ ZRANGE family

    /** Emits ZRANGE results to a client, or collects them for ZRANGESTORE. */
    private static final class RangeSink {
        final RespWriter out;
        final boolean withScores;
        final ZSetValue store;
        final EncodingLimits limits;
        int count;

        RangeSink(RespWriter out, boolean withScores, ZSetValue store, EncodingLimits limits) {
            this.out = out;
            this.withScores = withScores;
            this.store = store;
            this.limits = limits;
        }

        void begin(int length) {
            if (store == null) {
                out.array(withScores && !out.resp3() ? length * 2 : length);
            }
        }

        void emit(byte[] member, double score) {
            count++;
            if (store != null) {
                store.insert(member, score, limits);
                return;
            }
            if (withScores && out.resp3()) {
                out.array(2);
            }
            out.bulk(member);
            if (withScores) {
                out.doubleValue(score);
            }
        }
    }

    /**
     * zrangeGenericCommand. {@code type} and {@code reverse} are fixed by ZRANGEBYSCORE and friends,
     * or -1/null for ZRANGE and ZRANGESTORE, which take BYSCORE, BYLEX and REV as options.
     */
    private void range(CommandCall call, int keyIndex, boolean store, int type, Boolean reverse) {
        byte[][] argv = call.argv();
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        boolean limitGiven = false;
        boolean rev = reverse != null && reverse;
        int rangeType = type;
        for (int j = keyIndex + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            if (!store && Args.is(argv[j], "withscores")) {
                withScores = true;
            } else if (Args.is(argv[j], "limit") && left >= 2) {
                offset = Args.toLong(argv[j + 1]);
                limit = Args.toLong(argv[j + 2]);
                limitGiven = true;
                j += 2;
            } else if (reverse == null && Args.is(argv[j], "rev")) {
                rev = true;
                reverse = Boolean.TRUE;
            } else if (rangeType == -1 && Args.is(argv[j], "bylex")) {
                rangeType = LEX;
            } else if (rangeType == -1 && Args.is(argv[j], "byscore")) {
                rangeType = SCORE;
            } else {
                throw CommandError.syntax();
            }
        }
        if (rangeType == -1) {
            rangeType = RANK;
        }
        if (limitGiven && rangeType == RANK) {
            throw new CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && rangeType == LEX) {
            throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        int minIdx = keyIndex + 1;
        int maxIdx = keyIndex + 2;
        if (rev && rangeType != RANK) {
            minIdx = keyIndex + 2;
            maxIdx = keyIndex + 1;
        }
        long start = 0;
        long end = 0;
        ScoreRange scoreRange = null;
        LexRange lexRange = null;
        if (rangeType == RANK) {
            start = Args.toLong(argv[minIdx]);
            end = Args.toLong(argv[maxIdx]);
        } else if (rangeType == SCORE) {
            scoreRange = Args.scoreRange(argv[minIdx], argv[maxIdx]);
        } else {
            lexRange = lexRange(argv[minIdx], argv[maxIdx]);
        }
        Database db = db(call);
        ZSetValue source = read(call, db, argv[keyIndex], ZSetValue.class);
        ZSetValue target = store ? ZSetValue.create(0, 0, limits()) : null;
        RangeSink sink = new RangeSink(call.reply(), withScores, target, limits());
        if (source != null) {
            if (rangeType == RANK) {
                rankRange(sink, source, start, end, rev);
            } else if (rangeType == SCORE) {
                scoreRange(sink, source, scoreRange, offset, limit, rev);
            } else {
                lexRange(sink, source, lexRange, offset, limit, rev);
            }
        } else if (!store) {
            call.reply().array(0);
        }
        if (store) {
            finishStore(call, db, argv[1], target, sink.count);
        }
    }

    private void finishStore(CommandCall call, Database db, byte[] dstKey, ZSetValue target, int count) {
        expireIfNeeded(call, db, dstKey);
        if (count > 0) {
            db.put(dstKey, target);
            db.signalModified(dstKey);
            call.reply().integer(count);
            events().notify(KeyspaceEvents.ZSET, "zrangestore", dstKey, db.index());
            call.dirty(1);
        } else {
            call.reply().integer(0);
            if (db.exists(dstKey, call.nowMillis()) && db.remove(dstKey)) {
                events().notify(KeyspaceEvents.GENERIC, "del", dstKey, db.index());
                db.signalModified(dstKey);
                call.dirty(1);
            }
        }
    }

    private void rankRange(RangeSink sink, ZSetValue zset, long start, long end, boolean reverse) {
        long size = zset.size();
        if (start < 0) {
            start = size + start;
        }
        if (end < 0) {
            end = size + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            sink.begin(0);
            return;
        }
        if (end >= size) {
            end = size - 1;
        }
        int length = (int) (end - start + 1);
        sink.begin(length);
        int first = reverse ? (int) (size - 1 - start) : (int) start;
        ZSetValue.Cursor cursor = zset.cursor(first, reverse);
        for (int i = 0; i < length; i++) {
            sink.emit(cursor.member(), cursor.score());
            cursor.next();
        }
    }

    private void scoreRange(RangeSink sink, ZSetValue zset, ScoreRange range, long offset, long limit, boolean reverse) {
        if (offset > 0 && offset >= zset.size()) {
            sink.begin(0);
            return;
        }
        int first = reverse ? zset.lastInRange(range) : zset.firstInRange(range);
        // The reply length is unknown until the walk ends (Redis defers it), so collect first.
        List<byte[]> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        if (first >= 0) {
            ZSetValue.Cursor cursor = zset.cursor(first, reverse);
            while (cursor.valid() && offset-- != 0) {
                cursor.next();
            }
            while (cursor.valid() && limit-- != 0) {
                double score = cursor.score();
                if (reverse ? !range.gteMin(score) : !range.lteMax(score)) {
                    break;
                }
                members.add(cursor.member());
                scores.add(score);
                cursor.next();
            }
        }
        sink.begin(members.size());
        for (int i = 0; i < members.size(); i++) {
            sink.emit(members.get(i), scores.get(i));
        }
    }

    private void lexRange(RangeSink sink, ZSetValue zset, LexRange range, long offset, long limit, boolean reverse) {
        if (offset > 0 && offset >= zset.size()) {
            sink.begin(0);
            return;
        }
        int first = reverse ? zset.lastInLexRange(range) : zset.firstInLexRange(range);
        List<byte[]> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        if (first >= 0) {
            ZSetValue.Cursor cursor = zset.cursor(first, reverse);
            while (cursor.valid() && offset-- != 0) {
                cursor.next();
            }
            while (cursor.valid() && limit-- != 0) {
                byte[] member = cursor.member();
                if (reverse ? !range.gteMin(member) : !range.lteMax(member)) {
                    break;
                }
                members.add(member);
                scores.add(cursor.score());
                cursor.next();
            }
        }
        sink.begin(members.size());
        for (int i = 0; i < members.size(); i++) {
            sink.emit(members.get(i), scores.get(i));
        }
    }

    // ------------------------------------------------------------------ ZREMRANGEBY*

    private void removeRange(CommandCall call, int type) {
        long start = 0;
        long end = 0;
        ScoreRange scoreRange = null;
        LexRange lexRange = null;
        if (type == RANK) {
            start = Args.toLong(call.arg(2));
            end = Args.toLong(call.arg(3));
        } else if (type == SCORE) {
            scoreRange = Args.scoreRange(call.arg(2), call.arg(3));
        } else {
            lexRange = lexRange(call.arg(2), call.arg(3));
        }
        Database db = db(call);
        byte[] key = call.arg(1);
        ZSetValue zset = write(call, db, key, ZSetValue.class);
        if (zset == null) {
            call.reply().integer(0);
            return;
        }
        int first;
        int last;
        if (type == RANK) {
            long size = zset.size();
            if (start < 0) {
                start = size + start;
            }
            if (end < 0) {
                end = size + end;
            }
            if (start < 0) {
                start = 0;
            }
            if (start > end || start >= size) {
                call.reply().integer(0);
                return;
            }
            if (end >= size) {
                end = size - 1;
            }
            first = (int) start;
            last = (int) end;
        } else if (type == SCORE) {
            first = zset.firstInRange(scoreRange);
            last = first < 0 ? -1 : zset.lastInRange(scoreRange);
        } else {
            first = zset.lexDeleteStart(lexRange);
            last = first < 0 ? -1 : lexEnd(zset, lexRange, first);
        }
        int deleted = first < 0 || last < first ? 0 : zset.removeRange(first, last);
        if (deleted > 0) {
            db.signalModified(key);
            String[] names = {"zremrangebyrank", "zremrangebyscore", "zremrangebylex"};
            events().notify(KeyspaceEvents.ZSET, names[type], key, db.index());
            if (zset.size() == 0) {
                db.remove(key);
                events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
            }
        }
        call.dirty(deleted);
        call.reply().integer(deleted);
    }

    // ------------------------------------------------------------------ pops

    /**
     * genericZpopCommand's core on one non-empty sorted set: pops up to {@code count} members
     * (-1: one, no count given) and replies in the shape asked for. Returns how many were popped.
     */
    int pop(RespWriter out, Database db, byte[] key, ZSetValue zset, boolean min, long count, boolean emitKey,
            boolean nested) {
        if (count == -1) {
            count = 1;
        }
        int n = (int) Math.min(count, zset.size());
        if (!nested && !emitKey) {
            out.array(n * 2);
        } else if (nested && !emitKey) {
            out.array(n);
        } else if (!nested) {
            out.array(n * 2 + 1);
            out.bulk(key);
        } else {
            out.array(2);
            out.bulk(key);
            out.array(n);
        }
        for (int i = 0; i < n; i++) {
            int rank = min ? 0 : zset.size() - 1;
            byte[] member = zset.memberAt(rank);
            double score = zset.scoreAt(rank);
            zset.removeRange(rank, rank);
            if (i == 0) {
                events().notify(KeyspaceEvents.ZSET, min ? "zpopmin" : "zpopmax", key, db.index());
            }
            if (nested) {
                out.array(2);
            }
            out.bulk(member);
            out.doubleValue(score);
        }
        if (zset.size() == 0) {
            db.remove(key);
            events().notify(KeyspaceEvents.GENERIC, "del", key, db.index());
        }
        db.signalModified(key);
        return n;
    }

    private void zpop(CommandCall call, boolean min) {
        if (call.argc() > 3) {
            throw CommandError.syntax();
        }
        long count = -1;
        if (call.argc() == 3) {
            count = Args.positive(call.arg(2), null);
        }
        boolean nested = call.reply().resp3() && count != -1;
        Database db = db(call);
        byte[] key = call.arg(1);
        ZSetValue zset = write(call, db, key, ZSetValue.class);
        if (zset == null || count == 0) {
            call.reply().array(0);
            return;
        }
        int n = pop(call.reply(), db, key, zset, min, count, false, nested);
        call.dirty(n);
    }

    private void zmpop(CommandCall call) {
        MpopArgs args = MpopArgs.parse(call.argv(), 1, false);
        Database db = db(call);
        for (int j = 0; j < args.numKeys; j++) {
            byte[] key = call.arg(args.firstKey + j);
            ZSetValue zset = write(call, db, key, ZSetValue.class);
            if (zset == null) {
                continue;
            }
            int n = pop(call.reply(), db, key, zset, args.left, args.count, true, true);
            call.dirty(n);
            call.propagate(args.left ? ZPOPMIN : ZPOPMAX, key, Strings.fromLong(n));
            return;
        }
        call.reply().nullArray();
    }

    // ------------------------------------------------------------------ ZRANDMEMBER, ZSCAN

    private void zrandmember(CommandCall call) {
        if (call.argc() >= 3) {
            long count = Args.toLong(call.arg(2));
            if (count == Long.MIN_VALUE) {
                throw new CommandError("ERR value is out of range, value must between -9223372036854775807 and "
                        + "9223372036854775807");
            }
            boolean withScores = false;
            if (call.argc() > 4 || (call.argc() == 4 && !Args.is(call.arg(3), "withscores"))) {
                throw CommandError.syntax();
            } else if (call.argc() == 4) {
                withScores = true;
                if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
                    throw new CommandError("ERR value is out of range");
                }
            }
            randomWithCount(call, count, withScores);
            return;
        }
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        call.reply().bulk(zset == null ? null : zset.randomMember(node.random()));
    }

    private void randomWithCount(CommandCall call, long requested, boolean withScores) {
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        RespWriter out = call.reply();
        if (zset == null || requested == 0) {
            out.array(0);
            return;
        }
        boolean unique = requested >= 0;
        long count = Math.abs(requested);
        boolean resp3 = out.resp3();
        if (!unique || count == 1) {
            out.array((int) (withScores && !resp3 ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                byte[] member = zset.randomMember(node.random());
                emitPair(out, member, zset.score(member), withScores);
            }
            return;
        }
        int size = zset.size();
        int replySize = (int) Math.min(count, size);
        out.array(withScores && !resp3 ? replySize * 2 : replySize);
        if (count >= size) {
            // Redis walks the whole set from the highest score down here
            for (ZSetValue.Cursor c = zset.cursor(size - 1, true); c.valid(); c.next()) {
                emitPair(out, c.member(), c.score(), withScores);
            }
            return;
        }
        List<byte[]> members = new ArrayList<>(size);
        zset.forEach((m, s) -> members.add(m));
        for (int i = 0; i < replySize; i++) {
            int j = i + node.random().nextInt(members.size() - i);
            byte[] chosen = members.get(j);
            members.set(j, members.get(i));
            members.set(i, chosen);
            emitPair(out, chosen, zset.score(chosen), withScores);
        }
    }

    private static void emitPair(RespWriter out, byte[] member, double score, boolean withScores) {
        if (withScores && out.resp3()) {
            out.array(2);
        }
        out.bulk(member);
        if (withScores) {
            out.doubleValue(score);
        }
    }

    private void zscan(CommandCall call) {
        ScanArgs args = ScanArgs.cursorOnly(call.argv(), 2);
        ZSetValue zset = read(call, db(call), call.arg(1), ZSetValue.class);
        if (zset == null) {
            call.reply().array(2).bulk(Strings.fromLong(0)).array(0);
            return;
        }
        args.options(call.argv(), 2, false);
        List<byte[]> items = new ArrayList<>();
        long cursor = args.cursor;
        if (zset.isListpack()) {
            // A listpack keeps scores as text: integral ones read back as integers (d2string).
            zset.forEach((m, s) -> {
                items.add(m);
                items.add(listpackScore(s));
            });
            cursor = 0;
        } else {
            long maxIterations = args.count * 10;
            do {
                cursor = zset.scan(cursor, (m, s) -> {
                    items.add(m);
                    items.add(RespDoubles.format17g(s).getBytes(StandardCharsets.US_ASCII));
                });
            } while (cursor != 0 && maxIterations-- > 0 && items.size() / 2 < args.count);
        }
        List<byte[]> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i += 2) {
            if (args.matches(items.get(i))) {
                result.add(items.get(i));
                result.add(items.get(i + 1));
            }
        }
        call.reply().array(2);
        call.reply().bulk(ScanArgs.cursorText(cursor));
        call.reply().bulks(result);
    }

    /** Redis 7.0's d2string, as a listpack stores a score. */
    static byte[] listpackScore(double score) {
        if (score != 0 && !Double.isInfinite(score) && !Double.isNaN(score)
                && score >= -(Long.MAX_VALUE / 2) && score <= Long.MAX_VALUE / 2) {
            long asLong = (long) score;
            if (asLong == score) {
                return Strings.fromLong(asLong);
            }
        }
        return RespDoubles.format17g(score).getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ ZUNION, ZINTER, ZDIFF

    /** One input of the set operations: a sorted set, or a plain set whose members score 1. */
    private record Source(ZSetValue zset, SetValue set, double weight) {
        int size() {
            return zset != null ? zset.size() : set != null ? set.size() : 0;
        }

        double scoreOf(byte[] member) {
            if (zset != null) {
                return zset.score(member);
            }
            return set != null && set.contains(member) ? 1.0 : Double.NaN;
        }

        void forEach(ZSetValue.EntryVisitor visitor) {
            if (zset != null) {
                zset.forEach(visitor);
            } else if (set != null) {
                set.forEach(m -> visitor.visit(m, 1.0));
            }
        }

        Source withWeight(double w) {
            return new Source(zset, set, w);
        }
    }

    private static double aggregate(int aggregate, double target, double value) {
        if (aggregate == 0) {
            double sum = target + value;
            return Double.isNaN(sum) ? 0.0 : sum;
        }
        if (aggregate == 1) {
            return Math.min(target, value);
        }
        return Math.max(target, value);
    }

    /** zunionInterDiffGenericCommand. */
    private void combine(CommandCall call, byte[] dstKey, int numKeysIndex, int op, boolean cardinalityOnly) {
        byte[][] argv = call.argv();
        long setnum = Args.toLong(argv[numKeysIndex]);
        if (setnum < 1) {
            throw new CommandError("ERR at least 1 input key is needed for '" + call.spec().fullName() + "' command");
        }
        if (setnum > argv.length - (numKeysIndex + 1)) {
            throw CommandError.syntax();
        }
        Database db = db(call);
        Source[] src = new Source[(int) setnum];
        int j = numKeysIndex + 1;
        for (int i = 0; i < setnum; i++, j++) {
            Object value = read(call, db, argv[j]);
            if (value == null) {
                src[i] = new Source(null, null, 1.0);
            } else if (value instanceof ZSetValue z) {
                src[i] = new Source(z, null, 1.0);
            } else if (value instanceof SetValue s) {
                src[i] = new Source(null, s, 1.0);
            } else {
                throw CommandError.wrongType();
            }
        }
        int aggregate = 0;
        boolean withScores = false;
        long limit = 0;
        int remaining = argv.length - j;
        while (remaining > 0) {
            if (op != DIFF && !cardinalityOnly && remaining >= setnum + 1 && Args.is(argv[j], "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < setnum; i++, j++, remaining--) {
                    src[i] = src[i].withWeight(Args.toDouble(argv[j], "ERR weight value is not a float"));
                }
            } else if (op != DIFF && !cardinalityOnly && remaining >= 2 && Args.is(argv[j], "aggregate")) {
                j++;
                remaining--;
                if (Args.is(argv[j], "sum")) {
                    aggregate = 0;
                } else if (Args.is(argv[j], "min")) {
                    aggregate = 1;
                } else if (Args.is(argv[j], "max")) {
                    aggregate = 2;
                } else {
                    throw CommandError.syntax();
                }
                j++;
                remaining--;
            } else if (remaining >= 1 && dstKey == null && !cardinalityOnly && Args.is(argv[j], "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && Args.is(argv[j], "limit")) {
                j++;
                remaining--;
                limit = Args.positive(argv[j], "ERR LIMIT can't be negative");
                j++;
                remaining--;
            } else {
                throw CommandError.syntax();
            }
        }
        if (op != DIFF) {
            Arrays.sort(src, (a, b) -> Integer.compare(a.size(), b.size()));
        }
        ZSetValue result = ZSetValue.emptySkiplist();
        long cardinality = 0;
        if (op == INTER) {
            if (src[0].size() > 0) {
                final int agg = aggregate;
                Source first = src[0];
                List<byte[]> members = new ArrayList<>();
                List<Double> scores = new ArrayList<>();
                first.forEach((m, s) -> {
                    members.add(m);
                    scores.add(s);
                });
                for (int k = 0; k < members.size(); k++) {
                    byte[] member = members.get(k);
                    double score = first.weight() * scores.get(k);
                    if (Double.isNaN(score)) {
                        score = 0;
                    }
                    boolean all = true;
                    for (int i = 1; i < src.length; i++) {
                        double value;
                        if (sameSource(src[i], first)) {
                            value = scores.get(k) * src[i].weight();
                        } else {
                            value = src[i].scoreOf(member);
                            if (Double.isNaN(value)) {
                                all = false;
                                break;
                            }
                            value *= src[i].weight();
                        }
                        score = aggregate(agg, score, value);
                    }
                    if (!all) {
                        continue;
                    }
                    if (cardinalityOnly) {
                        cardinality++;
                        if (limit != 0 && cardinality >= limit) {
                            break;
                        }
                    } else {
                        result.insert(member, score, limits());
                    }
                }
            }
        } else if (op == UNION) {
            Map<java.nio.ByteBuffer, double[]> accumulator = new HashMap<>();
            List<byte[]> order = new ArrayList<>();
            final int agg = aggregate;
            for (Source s : src) {
                if (s.size() == 0) {
                    continue;
                }
                s.forEach((m, sc) -> {
                    double score = s.weight() * sc;
                    if (Double.isNaN(score)) {
                        score = 0;
                    }
                    double[] existing = accumulator.get(java.nio.ByteBuffer.wrap(m));
                    if (existing == null) {
                        accumulator.put(java.nio.ByteBuffer.wrap(m), new double[]{score});
                        order.add(m);
                    } else {
                        existing[0] = aggregate(agg, existing[0], score);
                    }
                });
            }
            for (byte[] m : order) {
                result.insert(m, accumulator.get(java.nio.ByteBuffer.wrap(m))[0], limits());
            }
        } else {
            Source first = src[0];
            if (first.size() > 0) {
                first.forEach((m, s) -> {
                    for (int i = 1; i < src.length; i++) {
                        if (sameSource(src[i], first) || !Double.isNaN(src[i].scoreOf(m))) {
                            return;
                        }
                    }
                    result.insert(m, s, limits());
                });
            }
        }
        RespWriter out = call.reply();
        if (dstKey != null) {
            expireIfNeeded(call, db, dstKey);
            if (result.size() > 0) {
                result.convertToListpackIfFits(limits());
                db.put(dstKey, result);
                db.signalModified(dstKey);
                out.integer(result.size());
                String event = op == UNION ? "zunionstore" : op == INTER ? "zinterstore" : "zdiffstore";
                events().notify(KeyspaceEvents.ZSET, event, dstKey, db.index());
                call.dirty(1);
            } else {
                out.integer(0);
                if (db.exists(dstKey, call.nowMillis()) && db.remove(dstKey)) {
                    db.signalModified(dstKey);
                    events().notify(KeyspaceEvents.GENERIC, "del", dstKey, db.index());
                    call.dirty(1);
                }
            }
        } else if (cardinalityOnly) {
            out.integer(cardinality);
        } else {
            int length = result.size();
            out.array(withScores && !out.resp3() ? length * 2 : length);
            final boolean ws = withScores;
            result.forEach((m, s) -> emitPair(out, m, s, ws));
        }
    }

    private static boolean sameSource(Source a, Source b) {
        return (a.zset() != null && a.zset() == b.zset()) || (a.set() != null && a.set() == b.set());
    }
}
