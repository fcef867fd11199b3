package io.vigil.sentinel.core;

/** One element of SENTINEL INFO-CACHE: ms since that INFO was received (0 if never) and its text. */
public record InfoCacheEntry(Address address, long ageMillis, String infoText) {
}
