/** vigil-sentinel: a supervisor wire-compatible with Redis Sentinel 7.0. */
package io.vigil.sentinel;
