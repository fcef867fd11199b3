package io.vigil.conf;

/** Redis's per-config flags that change how CONFIG SET/GET treat a directive. */
public enum DirectiveFlag {
    /** CONFIG SET refuses it: "can't set immutable config". */
    IMMUTABLE,
    /** CONFIG SET refuses it unless enable-protected-configs allows: "can't set protected config". */
    PROTECTED,
    /** Its value must be redacted from logs, slowlog and MONITOR. */
    SENSITIVE,
    /** CONFIG GET patterns skip it; only the exact name finds it. */
    HIDDEN,
    /** Takes several arguments; CONFIG SET splits its value on spaces. */
    MULTI_ARG,
    /** CONFIG SET refuses it while the dataset is loading (-LOADING). */
    DENY_LOADING
}
