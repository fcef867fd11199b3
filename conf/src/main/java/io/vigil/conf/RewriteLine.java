package io.vigil.conf;

/**
 * One line CONFIG REWRITE wants in the file. {@code force} says whether it must be appended when the
 * file has no old line for its option (Redis writes non-default values only).
 */
public record RewriteLine(String text, boolean force) {
}
