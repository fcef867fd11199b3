package io.vigil.sentinel.core;

/** Outcome of a SENTINEL command handled by the brain: ok, or the exact error text (without '-'). */
public record CommandResult(String error) {
    public static final CommandResult OK = new CommandResult(null);

    public static CommandResult error(String text) {
        return new CommandResult(text);
    }

    public boolean ok() {
        return error == null;
    }
}
