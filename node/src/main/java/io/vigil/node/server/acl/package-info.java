/**
 * Redis 7.0 ACL users: rules (SETUSER syntax), authentication, command/key/channel permission
 * checks, the rule strings ACL LIST prints, the ACL log and the ACL file. Kept free of node types
 * so the sentinel can reuse it.
 */
package io.vigil.node.server.acl;
