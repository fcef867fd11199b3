package io.vigil.node;

/**
 * One section of INFO, provided by whichever feature owns the numbers (replication, persistence,
 * ...). Register it with {@code node.info().register(section)}; a section named like one of Redis's
 * built-in sections replaces Vigil's placeholder for it. Runs on the event loop.
 */
public interface InfoSection {
    /** The lower-case section name INFO takes as an argument ({@code persistence}). */
    String name();

    /** Appends the section's fields, in Redis's order, with {@link InfoWriter#field}. */
    void write(InfoWriter out);
}
