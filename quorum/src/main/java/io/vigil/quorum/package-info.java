/** Pure agreement arithmetic: epochs, votes, tallies and quorum rules. No I/O, no clocks. */
package io.vigil.quorum;
