package io.vigil.conf;

/** One RDB save point: save after {@code seconds} if at least {@code changes} keys changed. */
public record SaveRule(long seconds, int changes) {
}
