package io.vigil.conf;

/** A directive's value changed: primary name, old and new CONFIG GET renderings. */
public record ConfigChange(String name, String oldValue, String newValue) {
}
