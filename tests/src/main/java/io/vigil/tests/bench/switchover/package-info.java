/**
 * The writer behind {@code scripts/bench/switchover} and the coordinated-switchover tests: writes
 * under a failover, counts acknowledged writes lost and the longest write pause.
 */
package io.vigil.tests.bench.switchover;
