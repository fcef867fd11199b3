package io.vigil.node.server.acl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * ACL LOG: recent denials, newest first. Like Redis, a denial equal in reason, context, object and
 * user to an entry younger than 60 s bumps that entry's count instead of adding a new one.
 */
public final class AclLog {
    private static final long GROUP_MILLIS = 60_000;

    /** One ACL LOG entry. */
    public static final class Entry {
        private long count = 1;
        private final String reason;
        private final String context;
        private final String object;
        private final String username;
        private long createdAtMillis;
        private String clientInfo;

        Entry(String reason, String context, String object, String username, long nowMillis, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.createdAtMillis = nowMillis;
            this.clientInfo = clientInfo;
        }

        public long count() {
            return count;
        }

        public String reason() {
            return reason;
        }

        public String context() {
            return context;
        }

        public String object() {
            return object;
        }

        public String username() {
            return username;
        }

        public long createdAtMillis() {
            return createdAtMillis;
        }

        public String clientInfo() {
            return clientInfo;
        }

        boolean sameAs(Entry other) {
            return reason.equals(other.reason) && context.equals(other.context) && object.equals(other.object)
                    && username.equals(other.username);
        }
    }

    private final LinkedList<Entry> entries = new LinkedList<>();
    private int maxLength = 128;

    public void maxLength(int value) {
        maxLength = Math.max(0, value);
        trim();
    }

    /** Records a denial or failed authentication. */
    public void add(String reason, String context, String object, String username, long nowMillis, String clientInfo) {
        Entry entry = new Entry(reason, context, object, username, nowMillis, clientInfo);
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry existing = it.next();
            if (existing.sameAs(entry) && nowMillis - existing.createdAtMillis < GROUP_MILLIS) {
                it.remove();
                existing.count++;
                existing.createdAtMillis = nowMillis;
                existing.clientInfo = clientInfo;
                entries.addFirst(existing);
                return;
            }
        }
        entries.addFirst(entry);
        trim();
    }

    private void trim() {
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    /** Up to {@code count} entries, newest first. */
    public List<Entry> entries(int count) {
        List<Entry> result = new ArrayList<>();
        for (Entry entry : entries) {
            if (result.size() >= count) {
                break;
            }
            result.add(entry);
        }
        return result;
    }

    public void reset() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}
