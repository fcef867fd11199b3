/**
 * RESP2/RESP3 codec: a stateful request decoder with Redis's limits and error texts, and a reply
 * writer that encodes straight into the outbound buffer. Shared by the node and the sentinel.
 */
package io.vigil.node.resp;
