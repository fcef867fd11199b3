package io.vigil.conf;

import java.util.List;
import java.util.function.Supplier;

/**
 * Inputs to CONFIG REWRITE that live outside the config store.
 *
 * @param userLines the {@code user ...} lines describing the current ACL users (Redis writes
 *     ACLDescribeUser output, users sorted by name); null uses {@link NodeConfig#defaultUserLines()}
 * @param extraOptions options written after the node's own (the sentinel's {@code sentinel ...} lines)
 */
public record RewriteOptions(Supplier<List<String>> userLines, List<OptionRewrite> extraOptions) {
    public static final RewriteOptions DEFAULT = new RewriteOptions(null, List.of());

    public RewriteOptions {
        extraOptions = List.copyOf(extraOptions);
    }
}
