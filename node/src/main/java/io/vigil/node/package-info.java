/** vigil-node: an embeddable Redis-compatible server. */
package io.vigil.node;
