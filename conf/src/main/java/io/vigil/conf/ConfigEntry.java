package io.vigil.conf;

/** One CONFIG GET result pair: the name as matched and its rendered value. */
public record ConfigEntry(String name, String value) {
}
