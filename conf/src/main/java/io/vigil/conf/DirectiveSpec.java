package io.vigil.conf;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One node directive: its Redis name and aliases, value type, Redis 7.0 default, flags, whether
 * Vigil acts on it, and an optional runtime normalizer (Redis's apply-time clamps, e.g. hz).
 */
public record DirectiveSpec(
        String name,
        List<String> aliases,
        ValueType<?> type,
        Object defaultValue,
        Set<DirectiveFlag> flags,
        boolean actedOn,
        UnaryOperator<Object> runtimeNormalizer) {

    public boolean has(DirectiveFlag flag) {
        return flags.contains(flag);
    }

    /** CONFIG SET may change it (not immutable). Protected ones may need enable-protected-configs. */
    public boolean mutable() {
        return !flags.contains(DirectiveFlag.IMMUTABLE);
    }

    /** The value type with its generic parameter erased for callers that hold values as Object. */
    @SuppressWarnings("unchecked")
    public ValueType<Object> untypedType() {
        return (ValueType<Object>) type;
    }

    /** Renders a value with this directive's CONFIG GET format. */
    public String render(Object value) {
        return untypedType().render(value);
    }
}
