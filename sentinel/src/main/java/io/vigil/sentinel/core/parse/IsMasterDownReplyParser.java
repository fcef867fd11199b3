package io.vigil.sentinel.core.parse;

import io.vigil.sentinel.core.IsMasterDownReply;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * is-master-down-by-addr reply to {@link IsMasterDownReply}. Accepted only if it is exactly
 * [integer, bulk string, integer] (sentinel.c {@code sentinelReceiveIsMasterDownReply}); integers
 * may come as Long/Integer, strings as String or byte[] (as RESP client libraries deliver them).
 */
public final class IsMasterDownReplyParser {
    private IsMasterDownReplyParser() {
    }

    public static Optional<IsMasterDownReply> parse(Object reply) {
        if (!(reply instanceof List<?> l) || l.size() != 3) {
            return Optional.empty();
        }
        Long down = integer(l.get(0));
        String leader = string(l.get(1));
        Long epoch = integer(l.get(2));
        if (down == null || leader == null || epoch == null) {
            return Optional.empty();
        }
        return Optional.of(new IsMasterDownReply(down == 1, leader.equals("*") ? null : leader, epoch));
    }

    private static Long integer(Object o) {
        if (o instanceof Long v) {
            return v;
        }
        if (o instanceof Integer v) {
            return v.longValue();
        }
        return null;
    }

    private static String string(Object o) {
        if (o instanceof String v) {
            return v;
        }
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return null;
    }
}
