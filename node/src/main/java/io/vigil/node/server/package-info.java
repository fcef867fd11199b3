/**
 * The Netty server kernel shared by the node and the sentinel: one event-loop thread that reads,
 * executes and replies in order (Redis's single-threaded model), client sessions, the command
 * table and dispatch checks, suspension of blocked clients, the client limits (query buffer,
 * output buffers), MONITOR, and the Redis-format log.
 */
package io.vigil.node.server;
