package io.vigil.conf;

import java.util.List;

/** {@code replicaof <host> <port>} (alias slaveof); {@code no one} clears it (null). */
public final class ReplicaOfType implements ValueType<ReplicaOf> {
    public static final ReplicaOfType INSTANCE = new ReplicaOfType();

    private ReplicaOfType() {
    }

    @Override
    public ReplicaOf parse(List<String> args, ReplicaOf current, ParseContext ctx) throws InvalidValueException {
        if (args.size() != 2) {
            throw new InvalidValueException("wrong number of arguments");
        }
        if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
            return null;
        }
        RedisNumbers.StrtollResult p = RedisNumbers.strtoll(args.get(1), 10);
        if (!p.fullyConsumed() || p.value() < 0 || p.value() > 65535) {
            throw new InvalidValueException("Invalid master port");
        }
        return new ReplicaOf(args.get(0), (int) p.value());
    }

    @Override
    public String render(ReplicaOf value) {
        return value == null ? "" : value.host() + " " + value.port();
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, ReplicaOf value, ReplicaOf defaultValue) {
        if (value == null) {
            return List.of();
        }
        return List.of(new RewriteLine(name + " " + value.host() + " " + value.port(), true));
    }
}
