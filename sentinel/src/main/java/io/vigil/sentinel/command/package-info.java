/**
 * The sentinel's command table on the node's server kernel: PING, INFO, ROLE, HELLO, AUTH, ACL,
 * CLIENT, COMMAND, SHUTDOWN, pub/sub, a PUBLISH limited to hello messages, and SENTINEL with every
 * subcommand (plus Valkey's PRIMARY aliases), with Redis 7.0's reply shapes and error texts.
 */
package io.vigil.sentinel.command;
