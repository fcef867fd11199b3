package io.vigil.node.command;

import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.Glob;
import io.vigil.node.server.acl.AclUser;
import io.vigil.node.server.acl.KeyPattern;
import io.vigil.node.store.Database;
import io.vigil.node.store.HashValue;
import io.vigil.node.store.ListValue;
import io.vigil.node.store.SetValue;
import io.vigil.node.store.Strings;
import io.vigil.node.store.ZSetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO as Redis 7.0's sort.c: numeric (strtod, ties broken by the elements' bytes) or
 * ALPHA order, BY pattern (with {@code ->field} of a hash, or "nosort" for the native order of
 * lists and sorted sets), LIMIT, GET patterns ({@code #} for the element), DESC, and STORE, which
 * writes a list (its TTL dropped) or deletes the destination and propagates verbatim.
 */
public final class SortCommands extends DataFeature {
    private static final byte[] STAR = {'*'};
    public SortCommands(VigilNode node) {
        super(node);
    }

    @Override
    public void register(CommandTable table) {
        table.register(CommandSpec.builder("sort", -2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1)
                .categories("write", "set", "sortedset", "list", "slow", "dangerous").handler(call -> sort(call, false)));
        table.register(CommandSpec.builder("sort_ro", -2).flags(CommandFlag.READONLY).keys(1, 1, 1)
                .categories("read", "set", "sortedset", "list", "slow", "dangerous").handler(call -> sort(call, true)));
    }

    /** One element being sorted, with what it sorts by. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] by;

        Item(byte[] element) {
            this.element = element;
        }
    }

    private void sort(CommandCall call, boolean readOnly) {
        boolean desc = false;
        boolean alpha = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] storeKey = null;
        byte[] sortBy = null;
        boolean dontSort = false;
        List<byte[]> gets = new ArrayList<>();
        int argc = call.argc();
        for (int j = 2; j < argc; j++) {
            int left = argc - j - 1;
            if (call.is(j, "asc")) {
                desc = false;
            } else if (call.is(j, "desc")) {
                desc = true;
            } else if (call.is(j, "alpha")) {
                alpha = true;
            } else if (call.is(j, "limit") && left >= 2) {
                limitStart = Args.toLong(call.arg(j + 1));
                limitCount = Args.toLong(call.arg(j + 2));
                j += 2;
            } else if (!readOnly && call.is(j, "store") && left >= 1) {
                storeKey = call.arg(++j);
            } else if (call.is(j, "by") && left >= 1) {
                sortBy = call.arg(++j);
                // a pattern without '*' (conventionally "nosort") means: keep the native order
                if (indexOf(sortBy, (byte) '*', 0) < 0) {
                    dontSort = true;
                } else if (!fullKeyAccess(call)) {
                    throw new CommandError("ERR BY option of SORT denied due to insufficient ACL permissions.");
                }
            } else if (call.is(j, "get") && left >= 1) {
                if (!fullKeyAccess(call)) {
                    throw new CommandError("ERR GET option of SORT denied due to insufficient ACL permissions.");
                }
                gets.add(call.arg(++j));
            } else {
                throw CommandError.syntax();
            }
        }
        Database db = db(call);
        Object value = read(call, db, call.arg(1));
        if (value != null && !(value instanceof SetValue) && !(value instanceof ListValue)
                && !(value instanceof ZSetValue)) {
            throw CommandError.wrongType();
        }
        if (dontSort && value instanceof SetValue && storeKey != null) {
            // a set has no order of its own: what is stored (and replicated) must not depend on it
            dontSort = false;
            alpha = true;
            sortBy = null;
        }
        int length = value == null ? 0 : value instanceof ListValue l ? l.size()
                : value instanceof SetValue s ? s.size() : ((ZSetValue) value).size();
        long start = limitStart < 0 ? 0 : limitStart;
        long end = limitCount < 0 ? length - 1 : start + limitCount - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }
        List<Item> items = new ArrayList<>();
        if (dontSort && (value instanceof ListValue || value instanceof ZSetValue)) {
            // native order, DESC reverses it, LIMIT taken directly
            if (end >= start) {
                List<byte[]> all = elements(value);
                for (long i = start; i <= end; i++) {
                    int index = (int) (desc ? all.size() - 1 - i : i);
                    items.add(new Item(all.get(index)));
                }
                end -= start;
                start = 0;
            }
        } else if (value != null) {
            for (byte[] element : elements(value)) {
                items.add(new Item(element));
            }
        }
        boolean conversionError = false;
        if (!dontSort) {
            Strtod strtod = new Strtod();
            for (Item item : items) {
                byte[] by;
                if (sortBy != null) {
                    by = lookupByPattern(call, db, sortBy, item.element);
                    if (by == null) {
                        continue;
                    }
                } else {
                    by = item.element;
                }
                if (alpha) {
                    if (sortBy != null) {
                        item.by = by;
                    }
                } else {
                    // strtod on a C string: it stops at a NUL, and must consume everything before it
                    int to = indexOf(by, (byte) 0, 0);
                    if (to < 0) {
                        to = by.length;
                    }
                    strtod.parse(by, 0, to);
                    item.score = strtod.value;
                    if (strtod.end != to || strtod.range || Double.isNaN(strtod.value)) {
                        conversionError = true;
                    }
                }
            }
            Comparator<Item> order = comparator(alpha, sortBy != null, storeKey != null, desc);
            if (sortBy != null && (start != 0 || end != items.size() - 1)) {
                // Redis sorts only the LIMIT range here, with its own quicksort: ties land where it puts them
                Item[] array = items.toArray(new Item[0]);
                PartialQuicksort.sort(array, array.length, order, (int) start, (int) end);
                items = Arrays.asList(array);
            } else {
                // glibc's qsort is a stable merge sort, as List.sort
                items.sort(order);
            }
        }
        int getCount = gets.size();
        long count = end - start + 1;
        long outputLength = getCount > 0 ? getCount * count : count;
        if (conversionError) {
            throw new CommandError("ERR One or more scores can't be converted into double");
        }
        if (storeKey == null) {
            call.reply().array((int) outputLength);
            for (long j = start; j <= end; j++) {
                Item item = items.get((int) j);
                if (getCount == 0) {
                    call.reply().bulk(item.element);
                }
                for (byte[] pattern : gets) {
                    byte[] got = lookupByPattern(call, db, pattern, item.element);
                    if (got == null) {
                        call.reply().nullBulk();
                    } else {
                        call.reply().bulk(got);
                    }
                }
            }
            return;
        }
        ListValue stored = new ListValue();
        for (long j = start; j <= end; j++) {
            Item item = items.get((int) j);
            if (getCount == 0) {
                stored.pushTail(item.element);
            }
            for (byte[] pattern : gets) {
                byte[] got = lookupByPattern(call, db, pattern, item.element);
                stored.pushTail(got == null ? new byte[0] : got);
            }
        }
        if (outputLength > 0) {
            expireIfNeeded(call, db, storeKey);
            db.put(storeKey, stored);
            changed(db, storeKey, KeyspaceEvents.LIST, "sortstore");
            call.dirty(outputLength);
        } else if (db.remove(storeKey)) {
            changed(db, storeKey, KeyspaceEvents.GENERIC, "del");
            call.dirty(1);
        }
        call.reply().integer(outputLength);
    }

    /**
     * ACLUserCheckKeyPerm(user, "*", read): BY and GET patterns reach arbitrary keys, so only a
     * user who may read every key can use them.
     */
    private boolean fullKeyAccess(CommandCall call) {
        AclUser user = node.acl().get(call.session().user());
        if (user == null || user.allKeys()) {
            return true;
        }
        for (KeyPattern pattern : user.keyPatterns()) {
            if (pattern.read() && Glob.matches(pattern.pattern().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), STAR)) {
                return true;
            }
        }
        return false;
    }

    /** The elements in native order: list head to tail, set iteration order, zset ascending. */
    private static List<byte[]> elements(Object value) {
        List<byte[]> out = new ArrayList<>();
        if (value instanceof ListValue list) {
            list.forEach(out::add);
        } else if (value instanceof SetValue set) {
            set.forEach(out::add);
        } else {
            ((ZSetValue) value).forEach((member, score) -> out.add(member));
        }
        return out;
    }

    /** sortCompare: numeric with ties by bytes, or ALPHA (by the BY values when given, missing ones first). */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> order;
        if (!alpha) {
            order = (a, b) -> {
                if (a.score > b.score) {
                    return 1;
                } else if (a.score < b.score) {
                    return -1;
                }
                return Arrays.compareUnsigned(a.element, b.element);
            };
        } else if (byPattern) {
            order = (a, b) -> {
                if (a.by == null || b.by == null) {
                    return a.by == b.by ? 0 : a.by == null ? -1 : 1;
                }
                return store ? Arrays.compareUnsigned(a.by, b.by) : collate(a.by, b.by);
            };
        } else {
            order = (a, b) -> store ? Arrays.compareUnsigned(a.element, b.element) : collate(a.element, b.element);
        }
        return desc ? order.reversed() : order;
    }

    /** strcoll in the C locale: strcmp, which stops at the first NUL. */
    private static int collate(byte[] a, byte[] b) {
        int i = 0;
        while (true) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y) {
                return x - y;
            }
            if (x == 0) {
                return 0;
            }
            i++;
        }
    }

    /**
     * lookupKeyByPattern: {@code #} is the element itself; otherwise the first '*' is replaced by
     * the element and the key's string value read, or with {@code key->field} the field of a hash.
     */
    private byte[] lookupByPattern(CommandCall call, Database db, byte[] pattern, byte[] element) {
        int nul = indexOf(pattern, (byte) 0, 0);
        int patternLength = nul < 0 ? pattern.length : nul;
        if (patternLength == 1 && pattern[0] == '#') {
            return element;
        }
        int star = indexOf(pattern, (byte) '*', 0);
        if (star < 0 || star >= patternLength) {
            return null;
        }
        int arrow = indexOfArrow(pattern, star + 1, patternLength);
        byte[] field = null;
        int fieldLength = 0;
        if (arrow >= 0 && arrow + 2 < patternLength) {
            fieldLength = pattern.length - arrow - 2;
            field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
        }
        int postfix = pattern.length - (star + 1) - (fieldLength > 0 ? fieldLength + 2 : 0);
        byte[] key = new byte[star + element.length + postfix];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, postfix);
        Object value = read(call, db, key);
        if (value == null) {
            return null;
        }
        if (field != null) {
            return value instanceof HashValue hash ? hash.get(field) : null;
        }
        return Strings.isString(value) ? Strings.bytes(value) : null;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfArrow(byte[] bytes, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (bytes[i] == '-' && bytes[i + 1] == '>') {
                return i;
            }
        }
        return -1;
    }
}
