/**
 * Embedding: {@link io.vigil.sentinel.embed.VigilTopology} starts vigil-nodes and vigil-sentinels
 * inside the current JVM for tests, and {@link io.vigil.sentinel.embed.VigilTopologyExtension}
 * does it for a JUnit 5 test class. JUnit is an optional dependency, needed only by the extension.
 */
package io.vigil.sentinel.embed;
