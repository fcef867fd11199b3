package io.vigil.sentinel.observe;

/**
 * A replica the ranking did not accept as a promotion candidate.
 *
 * @param replica {@code ip:port}
 * @param reason  stable code, the ranking's exclusion in lower case ({@code stale_info})
 * @param text    the human explanation ({@code INFO reply too old})
 */
public record ExcludedReplica(String replica, String reason, String text) {
}
