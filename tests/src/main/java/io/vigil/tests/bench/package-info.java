/**
 * Benchmark drivers run by {@code scripts/bench/*}: plain JDK mains with no dependencies beyond the
 * node jar where noted, so that the scripts can compile them on the fly with javac. They measure;
 * they never decide pass or fail.
 */
package io.vigil.tests.bench;
