package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.store.Database;
import io.vigil.node.store.Strings;
import io.vigil.node.store.ZSetValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * GEOADD, GEOPOS, GEODIST and GEOHASH as Redis 7.0's geo.c: a position is a sorted-set member whose
 * score is the 52-bit interleaved geohash of its longitude and latitude (latitude range
 * +-85.05112878), so GEOADD is a ZADD and replicates as one. Positions decode to the centre of
 * their cell; distances use Redis's haversine with its earth radius.
 */
public final class GeoCommands extends DataFeature {
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final int STEP = 26;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double D_R = Math.PI / 180.0;
    private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";
    private static final byte[] ZADD = "zadd".getBytes(StandardCharsets.US_ASCII);

    public GeoCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("geoadd", -5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "geo", "slow").handler(this::geoadd));
        table.register(CommandSpec.builder("geopos", -2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "geo", "slow").handler(this::geopos));
        table.register(CommandSpec.builder("geodist", -4).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "geo", "slow").handler(this::geodist));
        table.register(CommandSpec.builder("geohash", -2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "geo", "slow").handler(this::geohash));
    }

    // ---------------------------------------------------------------- geohash arithmetic

    /** interleave64: the bits of x at even positions, those of y at odd ones. */
    static long interleave64(long xlo, long ylo) {
        long[] b = {0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL, 0x00FF00FF00FF00FFL,
                0x0000FFFF0000FFFFL};
        int[] s = {1, 2, 4, 8, 16};
        long x = xlo & 0xffffffffL;
        long y = ylo & 0xffffffffL;
        for (int i = 4; i >= 0; i--) {
            x = (x | (x << s[i])) & b[i];
            y = (y | (y << s[i])) & b[i];
        }
        return x | (y << 1);
    }

    /** deinterleave64: even bits in the low 32 bits, odd bits in the high 32. */
    static long deinterleave64(long interleaved) {
        long[] b = {0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL, 0x00FF00FF00FF00FFL,
                0x0000FFFF0000FFFFL, 0x00000000FFFFFFFFL};
        int[] s = {0, 1, 2, 4, 8, 16};
        long x = interleaved;
        long y = interleaved >>> 1;
        for (int i = 0; i < 6; i++) {
            x = (x | (x >>> s[i])) & b[i];
            y = (y | (y >>> s[i])) & b[i];
        }
        return x | (y << 32);
    }

    /** C's conversion of a non-negative double to uint32_t (truncation). */
    private static long toUint32(double value) {
        return ((long) value) & 0xffffffffL;
    }

    /** geohashEncode for the given ranges at 26 steps; the caller has checked the ranges. */
    static long encode(double longMin, double longMax, double latMin, double latMax, double longitude, double latitude) {
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        latOffset *= (double) (1L << STEP);
        longOffset *= (double) (1L << STEP);
        return interleave64(toUint32(latOffset), toUint32(longOffset));
    }

    /** geohashDecodeToLongLatWGS84 of a score: the centre of the cell, clamped to the valid ranges. */
    static double[] decode(double score) {
        long bits = (long) score;
        long separated = deinterleave64(bits);
        long ilato = separated & 0xffffffffL;
        long ilono = separated >>> 32;
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        double step = (double) (1L << STEP);
        double latMin = LAT_MIN + (ilato * 1.0 / step) * latScale;
        double latMax = LAT_MIN + ((ilato + 1) * 1.0 / step) * latScale;
        double longMin = LONG_MIN + (ilono * 1.0 / step) * longScale;
        double longMax = LONG_MIN + ((ilono + 1) * 1.0 / step) * longScale;
        double x = (longMin + longMax) / 2;
        x = Math.max(LONG_MIN, Math.min(LONG_MAX, x));
        double y = (latMin + latMax) / 2;
        y = Math.max(LAT_MIN, Math.min(LAT_MAX, y));
        return new double[]{x, y};
    }

    /** geohashGetDistance: haversine in meters. */
    static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lon1r = lon1d * D_R;
        double lon2r = lon2d * D_R;
        double v = StrictMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return EARTH_RADIUS_IN_METERS * Math.abs(lat2d * D_R - lat1d * D_R);
        }
        double lat1r = lat1d * D_R;
        double lat2r = lat2d * D_R;
        double u = StrictMath.sin((lat2r - lat1r) / 2);
        double a = u * u + StrictMath.cos(lat1r) * StrictMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * StrictMath.asin(Math.sqrt(a));
    }

    /** C's {@code %f}: six decimals of the exact binary value. */
    private static String sixDecimals(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    // ---------------------------------------------------------------- commands

    /** GEOADD key [NX|XX] [CH] longitude latitude member ...: rewritten into the ZADD Redis runs (and replicates). */
    private void geoadd(CommandCall call) {
        int argc = call.argc();
        boolean xx = false;
        boolean nx = false;
        int longIndex = 2;
        while (longIndex < argc) {
            if (call.is(longIndex, "nx")) {
                nx = true;
            } else if (call.is(longIndex, "xx")) {
                xx = true;
            } else if (!call.is(longIndex, "ch")) {
                break;
            }
            longIndex++;
        }
        if ((argc - longIndex) % 3 != 0 || (xx && nx)) {
            throw CommandError.syntax();
        }
        int elements = (argc - longIndex) / 3;
        byte[][] zadd = new byte[longIndex + elements * 2][];
        zadd[0] = ZADD;
        System.arraycopy(call.argv(), 1, zadd, 1, longIndex - 1);
        for (int i = 0; i < elements; i++) {
            int at = longIndex + i * 3;
            double longitude = Args.toDouble(call.arg(at));
            double latitude = Args.toDouble(call.arg(at + 1));
            if (longitude < LONG_MIN || longitude > LONG_MAX || latitude < LAT_MIN || latitude > LAT_MAX) {
                throw new CommandError("ERR invalid longitude,latitude pair " + sixDecimals(longitude) + ","
                        + sixDecimals(latitude));
            }
            long bits = encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude);
            zadd[longIndex + i * 2] = Strings.fromLong(bits);
            zadd[longIndex + i * 2 + 1] = call.arg(at + 2);
        }
        CommandSpec zaddSpec = call.server().commands().lookup("zadd");
        CommandCall inner = new CommandCall(call.session(), zaddSpec, zadd, call.nowMillis(), call.reply());
        zaddSpec.handler().execute(inner);
        call.dirty(inner.dirty());
        for (byte[][] write : inner.propagation()) {
            call.propagate(write);
        }
    }

    /** The sorted set at the key, or null; WRONGTYPE for another type. */
    private ZSetValue zset(CommandCall call, Database db) {
        return read(call, db, call.arg(1), ZSetValue.class);
    }

    private static double score(ZSetValue zset, byte[] member) {
        return zset == null ? Double.NaN : zset.score(member);
    }

    private void geopos(CommandCall call) {
        ZSetValue zset = zset(call, db(call));
        var out = call.reply();
        out.array(call.argc() - 2);
        for (int j = 2; j < call.argc(); j++) {
            double score = score(zset, call.arg(j));
            if (Double.isNaN(score)) {
                out.nullArray();
                continue;
            }
            double[] xy = decode(score);
            out.array(2);
            humanLongDouble(call, xy[0]);
            humanLongDouble(call, xy[1]);
        }
    }

    /** addReplyHumanLongDouble: %.17Lf without trailing zeros, a bulk string in RESP2, a double in RESP3. */
    private static void humanLongDouble(CommandCall call, double value) {
        String text = LongDouble.format(new BigDecimal(value));
        if (call.reply().resp3()) {
            call.reply().raw(("," + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            call.reply().bulk(text);
        }
    }

    /** GEODIST key member1 member2 [M|KM|FT|MI]: "%.4f" in the unit, null when a member is missing. */
    private void geodist(CommandCall call) {
        double toMeter = 1;
        if (call.argc() == 5) {
            toMeter = unit(call, 4);
        } else if (call.argc() > 5) {
            throw CommandError.syntax();
        }
        ZSetValue zset = zset(call, db(call));
        if (zset == null) {
            call.reply().nullBulk();
            return;
        }
        double score1 = zset.score(call.arg(2));
        double score2 = zset.score(call.arg(3));
        if (Double.isNaN(score1) || Double.isNaN(score2)) {
            call.reply().nullBulk();
            return;
        }
        double[] a = decode(score1);
        double[] b = decode(score2);
        double d = distance(a[0], a[1], b[0], b[1]) / toMeter;
        call.reply().bulk(new BigDecimal(d).setScale(4, RoundingMode.HALF_EVEN).toPlainString());
    }

    /** extractUnitOrReply: meters per unit. */
    private static double unit(CommandCall call, int index) {
        if (call.is(index, "m")) {
            return 1;
        } else if (call.is(index, "km")) {
            return 1000;
        } else if (call.is(index, "ft")) {
            return 0.3048;
        } else if (call.is(index, "mi")) {
            return 1609.34;
        }
        throw new CommandError("ERR unsupported unit provided. please use M, KM, FT, MI");
    }

    /** GEOHASH: the standard 11-character geohash, re-encoded with latitudes +-90 (the last character always '0'). */
    private void geohash(CommandCall call) {
        ZSetValue zset = zset(call, db(call));
        var out = call.reply();
        out.array(call.argc() - 2);
        for (int j = 2; j < call.argc(); j++) {
            double score = score(zset, call.arg(j));
            if (Double.isNaN(score)) {
                out.nullBulk();
                continue;
            }
            double[] xy = decode(score);
            long bits = encode(-180, 180, -90, 90, xy[0], xy[1]);
            char[] text = new char[11];
            for (int i = 0; i < 11; i++) {
                int index = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
                text[i] = ALPHABET.charAt(index);
            }
            out.bulk(new String(text));
        }
    }
}
