/** Pure failover state machine and replica ranking. No I/O, no clocks. */
package io.vigil.failover;
