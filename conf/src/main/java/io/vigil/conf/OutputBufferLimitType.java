package io.vigil.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code client-output-buffer-limit <class> <hard> <soft> <soft-seconds> [...]}: classes normal,
 * replica (alias slave), pubsub; only the named classes change, and all-or-nothing on error.
 */
public final class OutputBufferLimitType implements ValueType<OutputBufferLimits> {
    public static final OutputBufferLimitType INSTANCE = new OutputBufferLimitType();
    private static final String[] GET_NAMES = {"normal", "slave", "pubsub"};
    private static final String[] REWRITE_NAMES = {"normal", "replica", "pubsub"};

    private OutputBufferLimitType() {
    }

    @Override
    public OutputBufferLimits parse(List<String> args, OutputBufferLimits current, ParseContext ctx)
            throws InvalidValueException {
        if (args.size() % 4 != 0) {
            throw new InvalidValueException("Wrong number of arguments in buffer limit configuration.");
        }
        OutputBufferLimits next = current;
        for (int j = 0; j < args.size(); j += 4) {
            int clazz = classOf(args.get(j));
            if (clazz < 0) {
                throw new InvalidValueException("Invalid client class specified in buffer limit configuration.");
            }
            OptionalLong hard = RedisNumbers.memtoull(args.get(j + 1));
            OptionalLong soft = RedisNumbers.memtoull(args.get(j + 2));
            RedisNumbers.StrtollResult secs = RedisNumbers.strtoll(args.get(j + 3), 10);
            // Redis keeps soft_seconds in a C int.
            int seconds = (int) secs.value();
            if (hard.isEmpty() || soft.isEmpty() || seconds < 0 || !secs.fullyConsumed()) {
                throw new InvalidValueException(
                        "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            next = next.with(clazz, new OutputBufferLimits.Limit(hard.getAsLong(), soft.getAsLong(), seconds));
        }
        return next;
    }

    private static int classOf(String name) {
        if (name.equalsIgnoreCase("normal")) {
            return 0;
        }
        if (name.equalsIgnoreCase("slave") || name.equalsIgnoreCase("replica")) {
            return 1;
        }
        if (name.equalsIgnoreCase("pubsub")) {
            return 2;
        }
        return -1;
    }

    @Override
    public String render(OutputBufferLimits value) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 3; j++) {
            OutputBufferLimits.Limit l = value.get(j);
            if (j > 0) {
                sb.append(' ');
            }
            sb.append(GET_NAMES[j]).append(' ').append(Long.toUnsignedString(l.hardBytes())).append(' ')
                    .append(Long.toUnsignedString(l.softBytes())).append(' ').append(l.softSeconds());
        }
        return sb.toString();
    }

    @Override
    public List<RewriteLine> rewriteLines(String name, OutputBufferLimits value, OutputBufferLimits def) {
        List<RewriteLine> out = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            OutputBufferLimits.Limit l = value.get(j);
            boolean force = !l.equals(def.get(j));
            out.add(new RewriteLine(name + " " + REWRITE_NAMES[j] + " " + RedisNumbers.formatMemory(l.hardBytes())
                    + " " + RedisNumbers.formatMemory(l.softBytes()) + " " + l.softSeconds(), force));
        }
        return out;
    }
}
