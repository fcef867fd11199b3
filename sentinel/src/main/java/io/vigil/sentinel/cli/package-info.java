/**
 * {@code scripts/vigil}: the demo (an in-process topology with a live status table), {@code status}
 * and {@code events} against any Sentinel-compatible sentinel. Output goes to stdout only; the
 * table is redrawn in place on a terminal and printed plainly otherwise, so it can be piped and
 * tested.
 */
package io.vigil.sentinel.cli;
